package delivery

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/watchword/watchword/internal/notify"
)

// DevMailDir is where DevMailSender writes under dataDir; the console reads
// it to show the local mailbox.
func DevMailDir(dataDir string) string { return filepath.Join(dataDir, "mail") }

// DevSMSDir is where DevSMSSender writes under dataDir.
func DevSMSDir(dataDir string) string { return filepath.Join(dataDir, "sms") }

// DevMailSender is the zero-configuration mail sender: each message becomes
// a complete RFC 5322 file, DATA/mail/<time>-<id>.eml, that any mail client
// opens.
type DevMailSender struct {
	dir   string
	mail  MailConfig
	clock func() time.Time
}

// NewDevMailSender creates DevMailDir(dataDir) and returns a sender into it.
func NewDevMailSender(dataDir string, mail MailConfig) (*DevMailSender, error) {
	if _, err := mail.validate(); err != nil {
		return nil, err
	}
	dir := DevMailDir(dataDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("notify: dev mailbox: %w", err)
	}
	return &DevMailSender{dir: dir, mail: mail, clock: clockOrNow(mail.Clock)}, nil
}

// Channel reports Email.
func (s *DevMailSender) Channel() notify.Channel { return notify.Email }

// Send writes the message as a .eml file.
func (s *DevMailSender) Send(_ context.Context, m notify.Message, r notify.Rendered) error {
	msg, err := ComposeMail(s.mail, m, r)
	if err != nil {
		return err
	}
	return writeAtomic(s.dir, fileName(s.clock(), m.ID, ".eml"), msg.Data)
}

// DevSMSSender is the zero-configuration SMS sender: each message becomes
// DATA/sms/<time>-<id>.txt holding the recipient and the text.
type DevSMSSender struct {
	dir   string
	clock func() time.Time
}

// NewDevSMSSender creates DevSMSDir(dataDir) and returns a sender into it;
// clock names the files, nil means time.Now.
func NewDevSMSSender(dataDir string, clock func() time.Time) (*DevSMSSender, error) {
	dir := DevSMSDir(dataDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("notify: dev SMS folder: %w", err)
	}
	return &DevSMSSender{dir: dir, clock: clockOrNow(clock)}, nil
}

// Channel reports SMS.
func (s *DevSMSSender) Channel() notify.Channel { return notify.SMS }

// Send writes "To: <number>", a blank line and the text.
func (s *DevSMSSender) Send(_ context.Context, m notify.Message, r notify.Rendered) error {
	if m.To == "" || hasControl(m.To) {
		return notify.Permanent(errors.New("notify: SMS recipient is empty or has control characters"))
	}
	if r.SMS == "" {
		return notify.Permanent(errors.New("notify: template has no SMS text"))
	}
	body := "To: " + m.To + "\n\n" + r.SMS + "\n"
	return writeAtomic(s.dir, fileName(s.clock(), m.ID, ".txt"), []byte(body))
}

// fileName sorts by time, so a directory listing reads like an inbox.
func fileName(t time.Time, id, ext string) string {
	return t.UTC().Format("20060102T150405.000000000Z") + "-" + idToken(id) + ext
}

// writeAtomic writes data to dir/name through a temporary file and a rename,
// so a reader (the console's mailbox) never sees half a message. The
// directory is recreated if someone emptied the data directory meanwhile.
func writeAtomic(dir, name string, data []byte) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, name))
	}
	if err != nil {
		_ = os.Remove(tmp)
	}
	return err
}
