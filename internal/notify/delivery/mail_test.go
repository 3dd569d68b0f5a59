package delivery_test

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/notify/delivery"
)

var created = time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC)

func testMessage(id, to string) notify.Message {
	return notify.Message{ID: id, Attempts: 1, CreatedAt: created, Notification: notify.Notification{
		Channel: notify.Email, To: to, Template: notify.ResetLink, Locale: "fr", Data: fullData()}}
}

func mailCfg() delivery.MailConfig {
	return delivery.MailConfig{From: "Watchword <noreply@watchword.test>"}
}

func TestComposeMail(t *testing.T) {
	r := mustRenderer(t, notify.Config{})
	m := testMessage("01J9ZQ5V6Y", "alice@example.com")
	out, err := r.Render(m.Notification)
	if err != nil {
		t.Fatal(err)
	}
	got, err := delivery.ComposeMail(mailCfg(), m, out)
	if err != nil {
		t.Fatal(err)
	}
	if got.From != "noreply@watchword.test" || got.To != "alice@example.com" {
		t.Errorf("envelope = %q -> %q", got.From, got.To)
	}
	for _, line := range strings.Split(string(got.Data), "\r\n") {
		if len(line) > 998 {
			t.Errorf("line over 998 octets: %q", line)
		}
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("bare CR or LF in %q", line)
		}
	}
	msg, err := mail.ReadMessage(bytes.NewReader(got.Data))
	if err != nil {
		t.Fatal(err)
	}
	h := msg.Header
	dec := new(mime.WordDecoder)
	subject, _ := dec.DecodeHeader(h.Get("Subject"))
	if subject != out.Subject || !strings.Contains(h.Get("Subject"), "=?utf-8?") {
		t.Errorf("Subject = %q (raw %q), want encoded %q", subject, h.Get("Subject"), out.Subject)
	}
	if h.Get("To") != "alice@example.com" || h.Get("From") != `"Watchword" <noreply@watchword.test>` {
		t.Errorf("From/To = %q / %q", h.Get("From"), h.Get("To"))
	}
	if h.Get("Message-ID") != "<01J9ZQ5V6Y.watchword@watchword.test>" {
		t.Errorf("Message-ID = %q", h.Get("Message-ID"))
	}
	if d, err := h.Date(); err != nil || !d.Equal(created) {
		t.Errorf("Date = %v, %v; want %v", d, err, created)
	}
	if h.Get("Auto-Submitted") != "auto-generated" || h.Get("MIME-Version") != "1.0" {
		t.Errorf("missing Auto-Submitted or MIME-Version")
	}
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type = %q", h.Get("Content-Type"))
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	var types []string
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(p) // multipart undoes quoted-printable
		types = append(types, p.Header.Get("Content-Type"))
		text := strings.ReplaceAll(string(body), "\r\n", "\n")
		if !strings.Contains(text, "https://ww.example/reset/TOKEN123") || !strings.Contains(text, "réinitialiser") {
			t.Errorf("%s part lacks the link or the accents", p.Header.Get("Content-Type"))
		}
	}
	if strings.Join(types, ",") != "text/plain; charset=utf-8,text/html; charset=utf-8" {
		t.Errorf("parts = %v", types)
	}

	// A re-delivery, composed later, is the same message.
	later := delivery.MailConfig{From: mailCfg().From, Clock: func() time.Time { return created.Add(time.Hour) }}
	again, err := delivery.ComposeMail(later, m, out)
	if err != nil || !bytes.Equal(again.Data, got.Data) {
		t.Errorf("re-composed message differs (err %v)", err)
	}
}

func TestComposeMailTextOnlyAndASCIISubject(t *testing.T) {
	m := testMessage("42", "bob@example.com")
	got, err := delivery.ComposeMail(mailCfg(), m, notify.Rendered{Subject: "Plain subject", Text: "line one\nline two"})
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(got.Data))
	if err != nil {
		t.Fatal(err)
	}
	if msg.Header.Get("Subject") != "Plain subject" || !strings.HasPrefix(msg.Header.Get("Content-Type"), "text/plain") {
		t.Errorf("headers = %v", msg.Header)
	}
	if !bytes.Contains(got.Data, []byte("\r\n\r\nline one\r\nline two\r\n")) {
		t.Errorf("body = %q", got.Data)
	}
}

func TestComposeMailRefusesHeaderInjection(t *testing.T) {
	tests := []struct{ name, to string }{
		{"CRLF Bcc", "a@b.c\r\nBcc: x@y.z"},
		{"LF only", "a@b.c\nBcc: x@y.z"},
		{"CR only", "a@b.c\rBcc: x@y.z"},
		{"NUL", "a@b.c\x00"},
		{"two addresses", "a@b.c, x@y.z"},
		{"not an address", "nobody"},
		{"empty", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := delivery.ComposeMail(mailCfg(), testMessage("1", tt.to), notify.Rendered{Subject: "s", Text: "t"})
			if err == nil || !notify.IsPermanent(err) {
				t.Fatalf("err = %v, want a permanent refusal", err)
			}
		})
	}
}

func TestComposeMailSubjectCannotAddHeaders(t *testing.T) {
	for _, subject := range []string{
		"Hello\r\nBcc: x@y.z",
		"Hello\nBcc: x@y.z",
		"Héllo\r\nBcc: x@y.z",
		"Hello\r\n\r\nbody injection",
	} {
		got, err := delivery.ComposeMail(mailCfg(), testMessage("1", "a@b.c"), notify.Rendered{Subject: subject, Text: "t"})
		if err != nil {
			t.Fatal(err)
		}
		msg, err := mail.ReadMessage(bytes.NewReader(got.Data))
		if err != nil {
			t.Fatal(err)
		}
		if len(msg.Header["Bcc"]) != 0 || bytes.Contains(got.Data, []byte("\nBcc:")) {
			t.Errorf("subject %q added a Bcc header:\n%s", subject, got.Data)
		}
		body, _ := io.ReadAll(msg.Body)
		if strings.Contains(string(body), "injection") {
			t.Errorf("subject %q reached the body", subject)
		}
		if len(msg.Header) != 10 {
			t.Errorf("subject %q: %d headers, want 10: %v", subject, len(msg.Header), msg.Header)
		}
	}
}

func TestMailConfigFromIsChecked(t *testing.T) {
	for _, from := range []string{"", "not an address", "a@b.c\r\nBcc: x@y.z"} {
		if _, err := delivery.NewDevMailSender(t.TempDir(), delivery.MailConfig{From: from}); err == nil {
			t.Errorf("From %q accepted", from)
		}
		if _, err := delivery.NewSMTPSender(delivery.SMTPConfig{URL: "smtp://127.0.0.1:25"}, delivery.MailConfig{From: from}); err == nil {
			t.Errorf("From %q accepted", from)
		}
	}
}
