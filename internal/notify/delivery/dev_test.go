package delivery_test

import (
	"bytes"
	"context"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/notify/delivery"
)

func TestDevMailSenderWritesEML(t *testing.T) {
	data := filepath.Join(t.TempDir(), "not", "yet")
	now := time.Date(2026, 3, 3, 10, 0, 0, 123, time.UTC)
	s, err := delivery.NewDevMailSender(data, delivery.MailConfig{From: mailCfg().From, Clock: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	// Someone empties the data directory while the server runs.
	if err := os.RemoveAll(data); err != nil {
		t.Fatal(err)
	}
	m := testMessage("msg-7", "alice@example.com")
	if err := s.Send(context.Background(), m, renderFor(t, m)); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(delivery.DevMailDir(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "20260303T100000.000000123Z-msg-7.eml" {
		t.Fatalf("files = %v", entries)
	}
	raw, err := os.ReadFile(filepath.Join(delivery.DevMailDir(data), entries[0].Name()))
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if msg.Header.Get("To") != "alice@example.com" || msg.Header.Get("Message-ID") != "<msg-7.watchword@watchword.test>" {
		t.Errorf("headers = %v", msg.Header)
	}
	if err := s.Send(context.Background(), testMessage("x", "a@b.c\r\nBcc: x@y.z"), notify.Rendered{Subject: "s", Text: "t"}); !notify.IsPermanent(err) {
		t.Errorf("injected recipient: err = %v", err)
	}
}

func TestDevSMSSenderWritesText(t *testing.T) {
	data := t.TempDir()
	now := time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC)
	s, err := delivery.NewDevSMSSender(data, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range []string{"a", "b/../../escape"} {
		now = now.Add(time.Duration(i) * time.Second)
		if err := s.Send(context.Background(), smsMessage(id, "+33612345678"), notify.Rendered{SMS: "Code 482913"}); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := os.ReadDir(delivery.DevSMSDir(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Fatalf("files = %v", entries)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".tmp-") || strings.Contains(e.Name(), "..") || !strings.HasSuffix(e.Name(), ".txt") {
			t.Errorf("unexpected file %q", e.Name())
		}
	}
	raw, _ := os.ReadFile(filepath.Join(delivery.DevSMSDir(data), "20260303T100000.000000000Z-a.txt"))
	if string(raw) != "To: +33612345678\n\nCode 482913\n" {
		t.Errorf("file = %q", raw)
	}
	if err := s.Send(context.Background(), smsMessage("c", "+33\nTo: evil"), notify.Rendered{SMS: "x"}); !notify.IsPermanent(err) {
		t.Errorf("recipient with newline: err = %v", err)
	}
}
