package delivery

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"

	"github.com/watchword/watchword/internal/notify"
)

// MailConfig is what every mail sender needs to write a message.
type MailConfig struct {
	// From is the From header and envelope sender: "addr@example.com" or
	// "Watchword <addr@example.com>". Required.
	From string
	// Clock dates messages that have no CreatedAt; nil means time.Now.
	Clock func() time.Time
}

// Mail is a composed message and its SMTP envelope.
type Mail struct {
	From string // envelope sender, a bare address
	To   string // envelope recipient, a bare address
	Data []byte // the RFC 5322 message, CRLF line ends
}

// validate checks the From address once, when a sender is built.
func (c MailConfig) validate() (*mail.Address, error) {
	if c.From == "" {
		return nil, errors.New("notify: mail From is required")
	}
	if hasControl(c.From) {
		return nil, errors.New("notify: mail From contains control characters")
	}
	a, err := mail.ParseAddress(c.From)
	if err != nil {
		return nil, fmt.Errorf("notify: mail From %q: %w", c.From, err)
	}
	return a, nil
}

// ComposeMail writes m as a MIME message: multipart/alternative text and
// HTML (text alone when there is no HTML), UTF-8, quoted-printable. Its
// Message-ID comes from the outbox ID and its Date from m.CreatedAt, so a
// re-delivery after a lost acknowledgement is the same message and mail
// clients show it once. A recipient that is not one plain address is refused
// with a Permanent error: no user data can add a header.
func ComposeMail(cfg MailConfig, m notify.Message, r notify.Rendered) (Mail, error) {
	from, err := cfg.validate()
	if err != nil {
		return Mail{}, err
	}
	to, err := recipient(m.To)
	if err != nil {
		return Mail{}, err
	}
	date := m.CreatedAt
	if date.IsZero() {
		date = clockOrNow(cfg.Clock)()
	}
	domain := from.Address[strings.LastIndexByte(from.Address, '@')+1:]

	var b bytes.Buffer
	header := func(name, value string) { b.WriteString(foldHeader(name, value)) }
	header("Date", date.Format(time.RFC1123Z))
	header("From", from.String())
	header("To", to)
	header("Subject", encodeSubject(r.Subject))
	header("Message-ID", "<"+idToken(m.ID)+".watchword@"+domain+">")
	header("MIME-Version", "1.0")
	// RFC 3834: tell autoresponders not to answer a machine.
	header("Auto-Submitted", "auto-generated")
	header("X-Auto-Response-Suppress", "All")

	if r.HTML == "" {
		header("Content-Type", "text/plain; charset=utf-8")
		header("Content-Transfer-Encoding", "quoted-printable")
		b.WriteString("\r\n")
		if err := writeQP(&b, r.Text); err != nil {
			return Mail{}, err
		}
		return Mail{From: from.Address, To: to, Data: b.Bytes()}, nil
	}

	mw := multipart.NewWriter(&b)
	// "=_" never occurs in quoted-printable output, so this boundary cannot
	// collide with a body; deriving it from the ID keeps re-renders identical.
	sum := sha256.Sum256([]byte(m.ID))
	if err := mw.SetBoundary("=_ww" + hex.EncodeToString(sum[:12])); err != nil {
		return Mail{}, err
	}
	header("Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": mw.Boundary()}))
	b.WriteString("\r\n")
	for _, part := range []struct{ typ, body string }{
		{"text/plain; charset=utf-8", r.Text},
		{"text/html; charset=utf-8", r.HTML},
	} {
		pw, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.typ},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return Mail{}, err
		}
		var body bytes.Buffer
		if err := writeQP(&body, part.body); err != nil {
			return Mail{}, err
		}
		if _, err := pw.Write(body.Bytes()); err != nil {
			return Mail{}, err
		}
	}
	if err := mw.Close(); err != nil {
		return Mail{}, err
	}
	return Mail{From: from.Address, To: to, Data: b.Bytes()}, nil
}

// recipient checks that s is one address and nothing else, and returns it
// bare. Control characters are refused before parsing: a CR or LF is how a
// value turns into an extra header.
func recipient(s string) (string, error) {
	if hasControl(s) {
		return "", notify.Permanent(errors.New("notify: recipient contains control characters"))
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return "", notify.Permanent(fmt.Errorf("notify: recipient is not an address: %w", err))
	}
	if hasControl(a.Address) || strings.ContainsAny(a.Address, "<>,") {
		return "", notify.Permanent(errors.New("notify: recipient is not a plain address"))
	}
	return a.Address, nil
}

// encodeSubject makes s one header-safe line, RFC 2047-encoding it when it is
// not plain ASCII.
func encodeSubject(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			return mime.QEncoding.Encode("utf-8", s)
		}
	}
	return s
}

// foldHeader writes one header line, folded at spaces so lines stay near the
// 78 characters RFC 5322 recommends. Values reaching here hold no CR or LF.
func foldHeader(name, value string) string {
	var b strings.Builder
	line := name + ":"
	for i, word := range strings.Split(value, " ") {
		sep := " "
		if i > 0 && len(line)+1+len(word) > 78 && strings.TrimSpace(line) != "" {
			b.WriteString(line)
			b.WriteString("\r\n")
			line = ""
		}
		line += sep + word
	}
	b.WriteString(line)
	b.WriteString("\r\n")
	return b.String()
}

// writeQP writes s quoted-printable with CRLF line ends.
func writeQP(b *bytes.Buffer, s string) error {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	w := quotedprintable.NewWriter(b)
	if _, err := w.Write([]byte(s)); err != nil {
		return err
	}
	return w.Close()
}

// idToken makes an outbox ID safe for a Message-ID or a file name: IDs of
// letters, digits, '-' and '_' (UUIDs, ULIDs, integers) pass unchanged,
// anything else is hashed.
func idToken(id string) string {
	if id != "" && len(id) <= 128 && strings.Trim(strings.ToLower(id), "abcdefghijklmnopqrstuvwxyz0123456789-_") == "" {
		return id
	}
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:16])
}

// hasControl reports whether s holds an ASCII control character or DEL.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}

func clockOrNow(c func() time.Time) func() time.Time {
	if c == nil {
		return time.Now
	}
	return c
}
