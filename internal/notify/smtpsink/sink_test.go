package smtpsink_test

import (
	"crypto/tls"
	"fmt"
	"net"
	"net/smtp"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/notify/smtpsink"
)

const multipartMsg = "From: a@example.com\r\n" +
	"To: b@example.com\r\n" +
	"Subject: =?utf-8?q?R=C3=A9initialisation?=\r\n" +
	"MIME-Version: 1.0\r\n" +
	"Content-Type: multipart/alternative; boundary=\"=_b\"\r\n" +
	"\r\n" +
	"--=_b\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\n" +
	"Content-Transfer-Encoding: quoted-printable\r\n" +
	"\r\n" +
	"Caf=C3=A9 line one\r\n" +
	"line two\r\n" +
	"--=_b\r\n" +
	"Content-Type: text/html; charset=utf-8\r\n" +
	"Content-Transfer-Encoding: quoted-printable\r\n" +
	"\r\n" +
	"<p>Caf=C3=A9</p>\r\n" +
	"--=_b--\r\n"

func send(addr, to, msg string) error {
	return smtp.SendMail(addr, nil, "a@example.com", []string{to}, []byte(msg))
}

func TestSinkReceivesAndParses(t *testing.T) {
	s := smtpsink.Start(t)
	if !strings.HasPrefix(s.URL(), "smtp://127.0.0.1:") {
		t.Errorf("URL = %q", s.URL())
	}
	if err := send(s.Addr(), "b@example.com", multipartMsg); err != nil {
		t.Fatal(err)
	}
	got := s.WaitFor(t, func(r smtpsink.Received) bool { return r.To[0] == "b@example.com" }, 5*time.Second)
	if got.From != "a@example.com" || got.Subject != "Réinitialisation" || got.TLS || got.User != "" {
		t.Errorf("got %+v", got)
	}
	if got.Text != "Café line one\nline two" || got.HTML != "<p>Café</p>" {
		t.Errorf("text %q html %q", got.Text, got.HTML)
	}
	if string(got.Data) != multipartMsg {
		t.Errorf("Data differs from what was sent")
	}
	s.Reset()
	if len(s.Messages()) != 0 {
		t.Error("Reset kept messages")
	}
}

func TestSinkStopRestartSamePort(t *testing.T) {
	s := smtpsink.Start(t)
	addr := s.Addr()
	if err := send(addr, "one@example.com", "Subject: 1\r\n\r\nbody\r\n"); err != nil {
		t.Fatal(err)
	}
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := s.Stop(); err != nil {
		t.Errorf("second Stop: %v", err)
	}
	if _, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		t.Fatal("stopped sink still accepts connections")
	}
	if err := s.Restart(); err != nil {
		t.Fatal(err)
	}
	if s.Addr() != addr {
		t.Fatalf("address changed: %s -> %s", addr, s.Addr())
	}
	if err := send(addr, "two@example.com", "Subject: 2\r\n\r\nbody\r\n"); err != nil {
		t.Fatal(err)
	}
	s.WaitFor(t, func(r smtpsink.Received) bool { return r.Subject == "2" }, 5*time.Second)
	if n := len(s.Messages()); n != 2 {
		t.Errorf("%d messages, want the one before the outage kept", n)
	}
}

func TestSinkStartTLSAndAuth(t *testing.T) {
	s := smtpsink.Start(t, smtpsink.WithStartTLS(), smtpsink.WithAuth("u", "p"))
	if !strings.HasPrefix(s.URL(), "smtp://u:p@127.0.0.1:") {
		t.Errorf("URL = %q", s.URL())
	}
	c, err := smtp.Dial(s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if ok, _ := c.Extension("AUTH"); ok {
		t.Error("AUTH offered before STARTTLS")
	}
	if err := c.StartTLS(&tls.Config{ServerName: "127.0.0.1", RootCAs: s.CertPool()}); err != nil {
		t.Fatal(err)
	}
	if err := c.Mail("a@example.com"); err == nil {
		t.Fatal("MAIL accepted before AUTH")
	}
	if err := c.Auth(smtp.PlainAuth("", "u", "p", "127.0.0.1")); err != nil {
		t.Fatal(err)
	}
	if err := c.Mail("a@example.com"); err != nil {
		t.Fatal(err)
	}
	if err := c.Rcpt("b@example.com"); err != nil {
		t.Fatal(err)
	}
	w, err := c.Data()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprint(w, "Subject: tls\r\n\r\nhi\r\n")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got := s.WaitFor(t, nil, 5*time.Second)
	if !got.TLS || got.User != "u" || got.Text != "hi\n" {
		t.Errorf("got %+v", got)
	}
}

func TestSinkRejectsBadPassword(t *testing.T) {
	s := smtpsink.Start(t, smtpsink.WithAuth("u", "p"))
	err := smtp.SendMail(s.Addr(), smtp.PlainAuth("", "u", "wrong", "127.0.0.1"), "a@example.com", []string{"b@example.com"}, []byte("Subject: x\r\n\r\nx\r\n"))
	if err == nil {
		t.Fatal("bad password accepted")
	}
	if len(s.Messages()) != 0 {
		t.Error("message recorded")
	}
}

// recorder is a testing.TB that records Fatalf instead of stopping.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Fatalf(string, ...any) { r.failed = true }

func TestSinkWaitForTimesOut(t *testing.T) {
	s := smtpsink.Start(t)
	rec := &recorder{TB: t}
	start := time.Now()
	s.WaitFor(rec, nil, 50*time.Millisecond)
	if !rec.failed || time.Since(start) > 2*time.Second {
		t.Errorf("failed = %v after %v", rec.failed, time.Since(start))
	}
}

func TestNewAndClose(t *testing.T) {
	s, err := smtpsink.New(smtpsink.WithImplicitTLS())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(s.URL(), "smtps://") || s.CertPool() == nil {
		t.Errorf("URL %q, pool %v", s.URL(), s.CertPool())
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}
