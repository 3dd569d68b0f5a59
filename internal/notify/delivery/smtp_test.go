package delivery_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/notify/delivery"
	"github.com/watchword/watchword/internal/notify/smtpsink"
)

func renderFor(t *testing.T, m notify.Message) notify.Rendered {
	t.Helper()
	out, err := mustRenderer(t, notify.Config{}).Render(m.Notification)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSMTPSenderThroughSink(t *testing.T) {
	tests := []struct {
		name     string
		opts     []smtpsink.Option
		cfg      func(*smtpsink.Sink) delivery.SMTPConfig
		wantTLS  bool
		wantUser string
	}{
		{
			name: "plain, no auth",
			cfg:  func(s *smtpsink.Sink) delivery.SMTPConfig { return delivery.SMTPConfig{URL: s.URL()} },
		},
		{
			name:     "auth in clear on loopback",
			opts:     []smtpsink.Option{smtpsink.WithAuth("mailer", "s3cr:t/")},
			cfg:      func(s *smtpsink.Sink) delivery.SMTPConfig { return delivery.SMTPConfig{URL: s.URL()} },
			wantUser: "mailer",
		},
		{
			name: "STARTTLS and AUTH, verified certificate",
			opts: []smtpsink.Option{smtpsink.WithStartTLS(), smtpsink.WithAuth("mailer", "pw")},
			cfg: func(s *smtpsink.Sink) delivery.SMTPConfig {
				return delivery.SMTPConfig{URL: s.URL(), RootCAs: s.CertPool()}
			},
			wantTLS:  true,
			wantUser: "mailer",
		},
		{
			name: "STARTTLS, insecure skip verify",
			opts: []smtpsink.Option{smtpsink.WithStartTLS()},
			cfg: func(s *smtpsink.Sink) delivery.SMTPConfig {
				return delivery.SMTPConfig{URL: s.URL(), InsecureSkipVerify: true}
			},
			wantTLS: true,
		},
		{
			name: "STARTTLS required and offered",
			opts: []smtpsink.Option{smtpsink.WithStartTLS()},
			cfg: func(s *smtpsink.Sink) delivery.SMTPConfig {
				return delivery.SMTPConfig{URL: s.URL(), RootCAs: s.CertPool(), RequireTLS: true}
			},
			wantTLS: true,
		},
		{
			name: "implicit TLS (smtps) and AUTH",
			opts: []smtpsink.Option{smtpsink.WithImplicitTLS(), smtpsink.WithAuth("mailer", "pw")},
			cfg: func(s *smtpsink.Sink) delivery.SMTPConfig {
				return delivery.SMTPConfig{URL: s.URL(), RootCAs: s.CertPool()}
			},
			wantTLS:  true,
			wantUser: "mailer",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := smtpsink.Start(t, tt.opts...)
			s, err := delivery.NewSMTPSender(tt.cfg(sink), mailCfg())
			if err != nil {
				t.Fatal(err)
			}
			m := testMessage("msg-1", "alice@example.com")
			if err := s.Send(context.Background(), m, renderFor(t, m)); err != nil {
				t.Fatalf("Send: %v", err)
			}
			got := sink.WaitFor(t, nil, 5*time.Second)
			if got.From != "noreply@watchword.test" || len(got.To) != 1 || got.To[0] != "alice@example.com" {
				t.Errorf("envelope = %q -> %v", got.From, got.To)
			}
			if got.TLS != tt.wantTLS || got.User != tt.wantUser {
				t.Errorf("TLS, user = %v, %q; want %v, %q", got.TLS, got.User, tt.wantTLS, tt.wantUser)
			}
			if got.Subject != "Réinitialisez votre mot de passe Watchword" || !strings.Contains(got.Text, "TOKEN123") ||
				!strings.Contains(got.HTML, "TOKEN123") {
				t.Errorf("message = %q / %q", got.Subject, got.Text)
			}
			if got.Header.Get("Message-ID") != "<msg-1.watchword@watchword.test>" {
				t.Errorf("Message-ID = %q", got.Header.Get("Message-ID"))
			}
		})
	}
}

func TestSMTPSenderFailures(t *testing.T) {
	tests := []struct {
		name          string
		opts          []smtpsink.Option
		cfg           func(*smtpsink.Sink) delivery.SMTPConfig
		wantPermanent bool
	}{
		{
			name: "wrong password",
			opts: []smtpsink.Option{smtpsink.WithAuth("mailer", "pw")},
			cfg: func(s *smtpsink.Sink) delivery.SMTPConfig {
				return delivery.SMTPConfig{URL: "smtp://mailer:wrong@" + s.Addr()}
			},
		},
		{
			name: "auth required but no credentials",
			opts: []smtpsink.Option{smtpsink.WithAuth("mailer", "pw")},
			cfg:  func(s *smtpsink.Sink) delivery.SMTPConfig { return delivery.SMTPConfig{URL: "smtp://" + s.Addr()} },
		},
		{
			name: "TLS required but not offered",
			cfg:  func(s *smtpsink.Sink) delivery.SMTPConfig { return delivery.SMTPConfig{URL: s.URL(), RequireTLS: true} },
		},
		{
			name: "untrusted certificate",
			opts: []smtpsink.Option{smtpsink.WithStartTLS()},
			cfg:  func(s *smtpsink.Sink) delivery.SMTPConfig { return delivery.SMTPConfig{URL: s.URL()} },
		},
		{
			name: "server down",
			cfg: func(s *smtpsink.Sink) delivery.SMTPConfig {
				_ = s.Stop()
				return delivery.SMTPConfig{URL: s.URL()}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := smtpsink.Start(t, tt.opts...)
			s, err := delivery.NewSMTPSender(tt.cfg(sink), mailCfg())
			if err != nil {
				t.Fatal(err)
			}
			m := testMessage("msg-1", "alice@example.com")
			err = s.Send(context.Background(), m, renderFor(t, m))
			if err == nil {
				t.Fatal("Send succeeded")
			}
			if notify.IsPermanent(err) != tt.wantPermanent {
				t.Errorf("permanent = %v for %v", notify.IsPermanent(err), err)
			}
			if strings.Contains(err.Error(), "pw") && strings.Contains(err.Error(), "mailer:") {
				t.Errorf("error leaks credentials: %v", err)
			}
			if n := len(sink.Messages()); n != 0 {
				t.Errorf("sink received %d messages", n)
			}
		})
	}
}

func TestSMTPSenderRefusesInjectedRecipientBeforeConnecting(t *testing.T) {
	sink := smtpsink.Start(t)
	s, err := delivery.NewSMTPSender(delivery.SMTPConfig{URL: sink.URL()}, mailCfg())
	if err != nil {
		t.Fatal(err)
	}
	m := testMessage("msg-1", "a@b.c\r\nBcc: x@y.z")
	err = s.Send(context.Background(), m, notify.Rendered{Subject: "s\r\nBcc: x@y.z", Text: "t"})
	if err == nil || !notify.IsPermanent(err) {
		t.Fatalf("err = %v, want permanent", err)
	}
	if n := len(sink.Messages()); n != 0 {
		t.Errorf("sink received %d messages", n)
	}
}

func TestSMTPSenderTimesOut(t *testing.T) {
	// A server that accepts and never greets.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	s, err := delivery.NewSMTPSender(delivery.SMTPConfig{URL: "smtp://" + l.Addr().String(), Timeout: 200 * time.Millisecond}, mailCfg())
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err = s.Send(context.Background(), testMessage("1", "a@b.c"), notify.Rendered{Subject: "s", Text: "t"})
	if err == nil || time.Since(start) > 3*time.Second {
		t.Fatalf("err = %v after %v", err, time.Since(start))
	}

	// Cancelling the context stops a send just as well.
	s, _ = delivery.NewSMTPSender(delivery.SMTPConfig{URL: "smtp://" + l.Addr().String()}, mailCfg())
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start = time.Now()
	if err := s.Send(ctx, testMessage("1", "a@b.c"), notify.Rendered{Subject: "s", Text: "t"}); err == nil || time.Since(start) > 3*time.Second {
		t.Fatalf("err = %v after %v", err, time.Since(start))
	}
}

func TestNewSMTPSenderChecksURL(t *testing.T) {
	for _, u := range []string{"", "http://mail.example", "smtp://", "smtp://%zz", "mail.example:25"} {
		if _, err := delivery.NewSMTPSender(delivery.SMTPConfig{URL: u}, mailCfg()); err == nil {
			t.Errorf("URL %q accepted", u)
		}
	}
	_, err := delivery.NewSMTPSender(delivery.SMTPConfig{URL: "smtp://u:hunter2@%zz"}, mailCfg())
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("err = %v: want a refusal that keeps the password out", err)
	}
}
