package api_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/api"
	"github.com/watchword/watchword/internal/api/client"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/metrics"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/server"
	"github.com/watchword/watchword/internal/store/sqldb"
	"github.com/watchword/watchword/internal/testkit"
	"github.com/watchword/watchword/internal/verify"
)

const secPassword = testkit.RootPassword

// secServer is the whole HTTP stack over a real core on SQLite with a
// keyring, and acme's root user logged in.
type secServer struct {
	url   string
	db    *sqldb.DB
	clock *testkit.Clock
	anon  *client.Client
	root  *client.Client
}

func mustSecServer(t *testing.T) *secServer {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	fx := testkit.MustServices(t, testkit.Options{Log: log,
		Account: identity.NewAccount{Mobile: "+33612345678", Password: secPassword}})
	s := &secServer{db: fx.DB, clock: fx.Clock}
	srv := httptest.NewServer(server.Handler(server.Config{}, server.Faces{API: api.New(api.Config{}, fx.Services, log)}, s.db, metrics.New(), log))
	t.Cleanup(srv.Close)
	s.url = srv.URL
	s.anon = client.New(srv.URL, srv.Client())
	s.root = s.mustLogin(t, client.Credentials{Account: "acme", Password: secPassword})
	return s
}

func (s *secServer) mustLogin(t *testing.T, in client.Credentials) *client.Client {
	t.Helper()
	step, err := s.anon.StartLogin(context.Background(), in)
	if err != nil || step.AccessToken == "" {
		t.Fatalf("login %+v: %+v %v", in, step, err)
	}
	return s.anon.WithToken(step.AccessToken)
}

// code returns the code last queued for to, draining the outbox.
func (s *secServer) code(t *testing.T, to string) string {
	t.Helper()
	code := ""
	for _, m := range testkit.MustClaim(t, s.db, testkit.DefaultKeyring()) {
		if m.Template == notify.VerificationCode && m.To == to {
			code = m.Secret["code"]
		}
		_ = s.db.MarkOutboxSent(context.Background(), m.ID)
	}
	if code == "" {
		t.Fatalf("no code sent to %s", to)
	}
	return code
}

// post sends raw JSON and returns the status and body.
func (s *secServer) post(t *testing.T, path, body string) (int, []byte) {
	t.Helper()
	res, err := http.Post(s.url+path, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res.StatusCode, raw
}

func wantProblem(t *testing.T, err error, status int, code string) {
	t.Helper()
	if client.StatusOf(err) != status || client.CodeOf(err) != code {
		t.Fatalf("got %v, want %d %s", err, status, code)
	}
}

func TestAPILoginWithTOTP(t *testing.T) {
	s := mustSecServer(t)
	ctx := context.Background()
	enr, err := s.root.BeginTOTP(ctx)
	if err != nil || !strings.HasPrefix(enr.OTPAuthURI, "otpauth://totp/") || !strings.HasPrefix(enr.QRCode, "data:image/png;base64,") {
		t.Fatalf("begin: %+v %v", enr, err)
	}
	if png, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(enr.QRCode, "data:image/png;base64,")); !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Fatal("the data URL is not a PNG")
	}
	png, hdr, err := s.root.TOTPQRCode(ctx, 200)
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) || hdr.Get("Content-Type") != "image/png" ||
		hdr.Get("Cache-Control") != "no-store" || hdr.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("qr.png: %v %v", hdr, err)
	}
	_, _, err = s.root.TOTPQRCode(ctx, 5000)
	wantProblem(t, err, http.StatusBadRequest, "verify.qr_size")

	now := s.clock.Now()
	_, err = s.root.ConfirmTOTP(ctx, "000000", verify.TOTPCode(enr.Secret, now))
	wantProblem(t, err, http.StatusBadRequest, "verify.code_invalid")
	st, err := s.root.ConfirmTOTP(ctx, verify.TOTPCode(enr.Secret, now.Add(-30*time.Second)), verify.TOTPCode(enr.Secret, now))
	if err != nil || !st.Bound || st.BoundAt == nil {
		t.Fatalf("confirm: %+v %v", st, err)
	}
	s.clock.Add(30 * time.Second)
	lv, err := s.root.SetLoginVerification(ctx, client.LoginVerificationChange{Method: "totp",
		Code: verify.TOTPCode(enr.Secret, s.clock.Now()), CurrentPassword: secPassword})
	if err != nil || lv.Method != "totp" {
		t.Fatalf("set totp: %+v %v", lv, err)
	}

	// The password alone answers a challenge and no token.
	status, raw := s.post(t, "/v1/auth/login", `{"account":"acme","password":"`+secPassword+`"}`)
	if status != http.StatusOK || !strings.Contains(string(raw), `"verification_required":true`) ||
		!strings.Contains(string(raw), `"method":"totp"`) || strings.Contains(string(raw), "access_token") {
		t.Fatalf("first step: %d %s", status, raw)
	}
	step, err := s.anon.StartLogin(ctx, client.Credentials{Account: "acme", Password: secPassword})
	if err != nil || !step.VerificationRequired || step.Challenge == "" || step.AccessToken != "" {
		t.Fatalf("first step: %+v %v", step, err)
	}
	used := verify.TOTPCode(enr.Secret, s.clock.Now())
	_, err = s.anon.VerifyLogin(ctx, step.Challenge, used)
	wantProblem(t, err, http.StatusBadRequest, "verify.code_invalid")
	_, err = s.anon.VerifyLogin(ctx, "forged", used)
	wantProblem(t, err, http.StatusUnauthorized, "auth.challenge_invalid")
	s.clock.Add(30 * time.Second)
	done, err := s.anon.VerifyLogin(ctx, step.Challenge, verify.TOTPCode(enr.Secret, s.clock.Now()))
	if err != nil || done.AccessToken == "" || done.VerificationRequired {
		t.Fatalf("second step: %+v %v", done, err)
	}
	me := s.anon.WithToken(done.AccessToken)
	if _, err := me.Me(ctx); err != nil {
		t.Fatal(err)
	}
	_, err = s.anon.VerifyLogin(ctx, step.Challenge, verify.TOTPCode(enr.Secret, s.clock.Now()))
	wantProblem(t, err, http.StatusBadRequest, "verify.code_used")

	// Unbinding is refused while login verification uses the device.
	err = me.UnbindTOTP(ctx, client.TOTPUnbind{Password: secPassword})
	wantProblem(t, err, http.StatusConflict, "mfa.in_use")
}

func TestAPILoginVerificationByEmail(t *testing.T) {
	s := mustSecServer(t)
	ctx := context.Background()
	sent, err := s.root.SendLoginVerificationCode(ctx, "email")
	if err != nil || sent.Destination != "r•••@acme.test" {
		t.Fatalf("send: %+v %v", sent, err)
	}
	if _, err := s.root.SetLoginVerification(ctx, client.LoginVerificationChange{Method: "email",
		Code: s.code(t, "root@acme.test"), CurrentPassword: secPassword}); err != nil {
		t.Fatal(err)
	}
	step, err := s.anon.StartLogin(ctx, client.Credentials{Account: "acme", Password: secPassword})
	if err != nil || step.Method != "email" || step.Destination != "r•••@acme.test" || step.AccessToken != "" {
		t.Fatalf("first step: %+v %v", step, err)
	}
	done, err := s.anon.VerifyLogin(ctx, step.Challenge, s.code(t, "root@acme.test"))
	if err != nil || done.AccessToken == "" {
		t.Fatalf("second step: %+v %v", done, err)
	}
	lv, err := s.root.LoginVerification(ctx)
	if err != nil || lv.Method != "email" {
		t.Fatalf("show: %+v %v", lv, err)
	}
	_, err = s.root.SetLoginVerification(ctx, client.LoginVerificationChange{Method: "off"})
	wantProblem(t, err, http.StatusBadRequest, "verify.code_invalid")
}

func TestAPILockoutAndUnlock(t *testing.T) {
	s := mustSecServer(t)
	ctx := context.Background()
	pol, err := s.root.SetLoginPolicy(ctx, client.LoginPolicy{LoginFailedTimes: 3, ShowRecentLoginInfo: true, CustomInfoForLogin: "Hello"})
	if err != nil || pol.LockoutDuration != 15 || pol.PeriodWithLoginFailures != 15 || pol.LoginFailedTimes != 3 {
		t.Fatalf("set policy: %+v %v", pol, err)
	}
	_, err = s.root.SetLoginPolicy(ctx, client.LoginPolicy{LockoutDuration: 60})
	wantProblem(t, err, http.StatusBadRequest, "login_policy.invalid")
	alice, err := s.root.CreateUser(ctx, client.NewUser{Name: "alice", Password: "Correct-Battery-42"})
	if err != nil {
		t.Fatal(err)
	}
	aliceClient := s.mustLogin(t, client.Credentials{Account: "acme", Username: "alice", Password: "Correct-Battery-42"})

	_, wrong := s.post(t, "/v1/auth/login", `{"account":"acme","username":"alice","password":"wrong"}`)
	_, unknown := s.post(t, "/v1/auth/login", `{"account":"acme","username":"nobody","password":"wrong"}`)
	s.post(t, "/v1/auth/login", `{"account":"acme","username":"alice","password":"wrong"}`)
	s.post(t, "/v1/auth/login", `{"account":"acme","username":"alice","password":"wrong"}`)
	status, locked := s.post(t, "/v1/auth/login", `{"account":"acme","username":"alice","password":"Correct-Battery-42"}`)
	if status != http.StatusUnauthorized || !bytes.Equal(locked, wrong) || !bytes.Equal(unknown, wrong) {
		t.Fatalf("answers differ:\nwrong   %s\nunknown %s\nlocked  %d %s", wrong, unknown, status, locked)
	}
	err = aliceClient.UnlockUser(ctx, alice.ID)
	wantProblem(t, err, http.StatusForbidden, "auth.admin_required")
	if err := s.root.UnlockUser(ctx, alice.ID); err != nil {
		t.Fatal(err)
	}
	step, err := s.anon.StartLogin(ctx, client.Credentials{Account: "acme", Username: "alice", Password: "Correct-Battery-42"})
	if err != nil || step.AccessToken == "" || step.Notice != "Hello" || step.RecentLogin == nil || step.RecentLogin.At == nil {
		t.Fatalf("after unlock: %+v %v", step, err)
	}
}

func TestAPIRevokeOtherSessions(t *testing.T) {
	s := mustSecServer(t)
	ctx := context.Background()
	other := s.mustLogin(t, client.Credentials{Account: "acme", Password: secPassword})
	n, err := s.root.RevokeOtherSessions(ctx)
	if err != nil || n != 1 {
		t.Fatalf("revoked %d %v", n, err)
	}
	_, err = other.Me(ctx)
	wantProblem(t, err, http.StatusUnauthorized, "auth.invalid_token")
	if _, err := s.root.Me(ctx); err != nil {
		t.Fatalf("the caller's session must survive: %v", err)
	}
}
