package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/api"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/metrics"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/notify/delivery"
	"github.com/watchword/watchword/internal/notify/smtpsink"
	"github.com/watchword/watchword/internal/server"
	"github.com/watchword/watchword/internal/store/sqldb"
	"github.com/watchword/watchword/internal/testkit"
)

// recoveryStack is the whole HTTP stack over a real core on SQLite with a
// keyring, whose outbox a real notify worker delivers over SMTP to a sink.
// acme's root user has an email and a mobile.
type recoveryStack struct {
	URL    string
	DB     *sqldb.DB
	Svc    *identity.Services
	Sink   *smtpsink.Sink
	worker *delivery.Worker
	// ShiftClock is the core's clock; handlers read it concurrently.
	testkit.ShiftClock
}

const (
	rsRootPassword = testkit.RootPassword
	rsNewPassword  = "Fresh-Meadow-Lantern-93"
	rsPublicURL    = "https://watchword.test"
)

func mustRecoveryStack(t *testing.T, edit func(*identity.RecoveryConfig)) *recoveryStack {
	t.Helper()
	s := &recoveryStack{}
	cfg := identity.RecoveryConfig{PublicURL: rsPublicURL}
	if edit != nil {
		edit(&cfg)
	}
	log := slog.New(slog.DiscardHandler)
	fx := testkit.MustServices(t, testkit.Options{Now: s.Now, Log: log, Config: identity.Config{Recovery: cfg},
		Account: identity.NewAccount{Mobile: "+33611111111", Password: rsRootPassword}})
	s.DB, s.Svc = fx.DB, fx.Services
	m := metrics.New()
	srv := httptest.NewServer(server.Handler(server.Config{}, server.Faces{API: api.New(api.Config{}, s.Svc, log)}, s.DB, m, log))
	t.Cleanup(srv.Close)
	s.URL = srv.URL

	s.Sink = smtpsink.Start(t)
	smtp, err := delivery.NewSMTPSender(delivery.SMTPConfig{URL: s.Sink.URL(), Timeout: 5 * time.Second}, delivery.MailConfig{From: "Watchword <no-reply@watchword.test>"})
	if err != nil {
		t.Fatal(err)
	}
	renderer, err := notify.NewRenderer(notify.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if s.worker, err = delivery.NewWorker(s.DB, renderer, delivery.WorkerConfig{Batch: 100, Logger: log, Keys: fx.Keyring}, smtp); err != nil {
		t.Fatal(err)
	}
	return s
}

// generousLimits lifts the rate limits for tests about something else.
func generousLimits(cfg *identity.RecoveryConfig) {
	l := identity.RateLimit{Count: 10000, Window: time.Hour}
	cfg.Limits = identity.RecoveryLimits{RequestPerIP: l, RequestPerIdentifier: l, SendPerUser: l, VerifyPerIP: l,
		VerifyPerIdentifier: l, VerifyPerUser: l, ResetPerIP: l, CaptchaPerIP: l, ContactPerUser: l}
}

// answer is an HTTP answer read whole.
type answer struct {
	Status int
	Header http.Header
	Body   []byte
}

// call sends a JSON request to /v1 and reads the answer.
func (s *recoveryStack) call(t *testing.T, method, path, token string, body any) answer {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(method, s.URL+"/v1"+path, bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{Status: res.StatusCode, Header: res.Header, Body: out}
}

// decode reads a successful answer with the given status into v.
func (a answer) decode(t *testing.T, status int, v any) {
	t.Helper()
	if a.Status != status {
		t.Fatalf("status %d, want %d: %s", a.Status, status, a.Body)
	}
	if v != nil {
		if err := json.Unmarshal(a.Body, v); err != nil {
			t.Fatalf("body %s: %v", a.Body, err)
		}
	}
}

// problem checks a problem+json answer's status and code.
func (a answer) problem(t *testing.T, status int, code string) {
	t.Helper()
	var p struct {
		Status int    `json:"status"`
		Code   string `json:"code"`
	}
	_ = json.Unmarshal(a.Body, &p)
	if a.Status != status || p.Status != status || p.Code != code || a.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("got %d %s, want %d %s problem", a.Status, a.Body, status, code)
	}
}

// login logs in through /v1 and returns the token, or "" with the answer.
func (s *recoveryStack) login(t *testing.T, body map[string]string) (string, answer) {
	t.Helper()
	a := s.call(t, http.MethodPost, "/auth/login", "", body)
	if a.Status != http.StatusOK {
		return "", a
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	a.decode(t, http.StatusOK, &tok)
	return tok.AccessToken, a
}

// mustLogin logs in and returns the token.
func (s *recoveryStack) mustLogin(t *testing.T, body map[string]string) string {
	t.Helper()
	tok, a := s.login(t, body)
	if tok == "" {
		t.Fatalf("login %v: %d %s", body, a.Status, a.Body)
	}
	return tok
}

// deliver runs the notify worker once, so queued mail reaches the sink.
func (s *recoveryStack) deliver(t *testing.T) {
	t.Helper()
	if _, err := s.worker.DrainOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// mailTo delivers the outbox and returns the newest mail to addr whose
// subject contains subject; it fails when none came.
func (s *recoveryStack) mailTo(t *testing.T, addr, subject string) smtpsink.Received {
	t.Helper()
	s.deliver(t)
	msgs := s.Sink.Messages()
	for i := len(msgs) - 1; i >= 0; i-- {
		m := msgs[i]
		if len(m.To) == 1 && m.To[0] == addr && strings.Contains(m.Subject, subject) {
			return m
		}
	}
	t.Fatalf("no mail to %s about %q among %d", addr, subject, len(msgs))
	return smtpsink.Received{}
}

var (
	mailCodeRE = regexp.MustCompile(`(?m)^\s*([0-9]{6})\s*$`)
	mailLinkRE = regexp.MustCompile(`https://watchword\.test/reset/[0-9A-Za-z]+`)
)

// codeOf returns the code in a mail's text body.
func codeOf(t *testing.T, m smtpsink.Received) string {
	t.Helper()
	got := mailCodeRE.FindStringSubmatch(m.Text)
	if got == nil {
		t.Fatalf("no code in %q", m.Text)
	}
	return got[1]
}

// linkOf returns the reset link in a mail's text body.
func linkOf(t *testing.T, m smtpsink.Received) string {
	t.Helper()
	link := mailLinkRE.FindString(m.Text)
	if link == "" {
		t.Fatalf("no reset link in %q", m.Text)
	}
	return link
}
