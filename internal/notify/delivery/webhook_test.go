package delivery_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/notify/delivery"
)

func smsMessage(id, to string) notify.Message {
	return notify.Message{ID: id, Attempts: 1, CreatedAt: created, Notification: notify.Notification{
		Channel: notify.SMS, To: to, Template: notify.VerificationCode, Locale: "fr", Data: fullData()}}
}

func TestWebhookSenderSignsBody(t *testing.T) {
	const secret = "webhook-secret"
	now := time.Unix(1_780_000_000, 0)
	type got struct {
		body      map[string]string
		validSig  bool
		timestamp string
		ctype     string
	}
	gotc := make(chan got, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var g got
		_ = json.Unmarshal(raw, &g.body)
		g.validSig = delivery.VerifyWebhook(secret, r.Header.Get(delivery.TimestampHeader), raw, r.Header.Get(delivery.SignatureHeader), now, time.Minute)
		g.timestamp = r.Header.Get(delivery.TimestampHeader)
		g.ctype = r.Header.Get("Content-Type")
		gotc <- g
		w.WriteHeader(http.StatusAccepted)
	}))
	defer srv.Close()

	s, err := delivery.NewWebhookSender(delivery.WebhookConfig{URL: srv.URL, Secret: secret, Clock: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	m := smsMessage("sms-1", "+33612345678")
	out := renderFor(t, m)
	if err := s.Send(context.Background(), m, out); err != nil {
		t.Fatal(err)
	}
	g := <-gotc
	if !g.validSig {
		t.Error("signature does not verify")
	}
	if g.body["to"] != "+33612345678" || g.body["id"] != "sms-1" || g.body["text"] != out.SMS || len(g.body) != 3 {
		t.Errorf("body = %v", g.body)
	}
	if g.timestamp != strconv.FormatInt(now.Unix(), 10) || g.ctype != "application/json" {
		t.Errorf("timestamp, content type = %q, %q", g.timestamp, g.ctype)
	}
	if !strings.Contains(out.SMS, "valable 30 min") || !strings.Contains(out.SMS, "482913") {
		t.Errorf("SMS = %q", out.SMS)
	}
}

func TestVerifyWebhook(t *testing.T) {
	body := []byte(`{"to":"+1","text":"hi","id":"1"}`)
	now := time.Unix(1780000000, 0)
	ts := "1780000000"
	sig := delivery.SignWebhook("k", ts, body)
	tests := []struct {
		name, secret, ts, sig string
		body                  []byte
		at                    time.Time
		want                  bool
	}{
		{"valid", "k", ts, sig, body, now, true},
		{"wrong secret", "other", ts, sig, body, now, false},
		{"tampered body", "k", ts, sig, []byte(`{"to":"+2","text":"hi","id":"1"}`), now, false},
		{"tampered timestamp", "k", "1780000001", sig, body, now, false},
		{"replayed later", "k", ts, sig, body, now.Add(10 * time.Minute), false},
		{"missing prefix", "k", ts, sig[len("sha256="):], body, now, false},
		{"empty", "k", ts, "", body, now, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := delivery.VerifyWebhook(tt.secret, tt.ts, tt.body, tt.sig, tt.at, 5*time.Minute); got != tt.want {
				t.Errorf("VerifyWebhook = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestWebhookSenderFailures(t *testing.T) {
	tests := []struct {
		name          string
		status        int
		to            string
		wantPermanent bool
	}{
		{"server error is retried", http.StatusServiceUnavailable, "+33612345678", false},
		{"rate limited is retried", http.StatusTooManyRequests, "+33612345678", false},
		{"unauthorized is retried (fix the secret)", http.StatusUnauthorized, "+33612345678", false},
		{"redirect is not followed", http.StatusFound, "+33612345678", false},
		{"bad request is permanent", http.StatusBadRequest, "+33612345678", true},
		{"unprocessable is permanent", http.StatusUnprocessableEntity, "+33612345678", true},
		{"recipient with newline", http.StatusOK, "+336\n12", true},
		{"empty recipient", http.StatusOK, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.status == http.StatusFound {
					http.Redirect(w, r, "/elsewhere", http.StatusFound)
					return
				}
				w.WriteHeader(tt.status)
			}))
			defer srv.Close()
			s, err := delivery.NewWebhookSender(delivery.WebhookConfig{URL: srv.URL, Secret: "k"})
			if err != nil {
				t.Fatal(err)
			}
			err = s.Send(context.Background(), smsMessage("1", tt.to), notify.Rendered{SMS: "code 1"})
			if err == nil || notify.IsPermanent(err) != tt.wantPermanent {
				t.Fatalf("err = %v, permanent %v; want permanent %v", err, notify.IsPermanent(err), tt.wantPermanent)
			}
		})
	}
}

func TestWebhookSenderTimesOut(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer srv.Close()
	defer close(release)
	s, err := delivery.NewWebhookSender(delivery.WebhookConfig{URL: srv.URL, Secret: "k", Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := s.Send(context.Background(), smsMessage("1", "+1"), notify.Rendered{SMS: "x"}); err == nil || notify.IsPermanent(err) {
		t.Fatalf("err = %v", err)
	}
	if time.Since(start) > 3*time.Second {
		t.Errorf("took %v", time.Since(start))
	}
}

func TestNewWebhookSenderChecksConfig(t *testing.T) {
	for _, cfg := range []delivery.WebhookConfig{
		{URL: "", Secret: "k"},
		{URL: "ftp://gw.example/sms", Secret: "k"},
		{URL: "/relative", Secret: "k"},
		{URL: "https://gw.example/sms", Secret: ""},
	} {
		if _, err := delivery.NewWebhookSender(cfg); err == nil {
			t.Errorf("%+v accepted", cfg)
		}
	}
}
