package outscale_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	osc "github.com/outscale/osc-sdk-go/v2"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/metrics"
	"github.com/watchword/watchword/internal/outscale"
	"github.com/watchword/watchword/internal/password"
	"github.com/watchword/watchword/internal/server"
)

// TestAccessKeyLockout: Outscale's rule, through osc-sdk-go v2.35.0 — 4 bad
// access keys in a row lock the client out for a minute (13), each further
// 4 for a minute more; a success starts the count again.
func TestAccessKeyLockout(t *testing.T) {
	f := mustFixture(t)
	c := f.client()
	read := func(ctx context.Context) error {
		_, _, err := c.AccountApi.ReadAccounts(ctx).ReadAccountsRequest(*osc.NewReadAccountsRequest()).Execute()
		return err
	}
	wrongSK := signedCtx(f.ak, strings.Repeat("A", 40))
	unknownAK := signedCtx("ABCDEFGHIJ0123456789", f.sk)

	for range 3 {
		if err := read(wrongSK); err == nil {
			t.Fatal("a wrong secret key was accepted")
		}
	}
	if err := read(signedCtx(f.ak, f.sk)); err != nil {
		t.Fatalf("three failures must not lock: %v", err)
	}
	for _, round := range []time.Duration{time.Minute, 2 * time.Minute} {
		for i := range 4 {
			ctx := wrongSK
			if i%2 == 1 {
				ctx = unknownAK
			}
			_, httpResp, err := c.AccountApi.ReadAccounts(ctx).ReadAccountsRequest(*osc.NewReadAccountsRequest()).Execute()
			wantOAPIError(t, err, httpResp, 401, "1")
		}
		_, httpResp, err := c.AccountApi.ReadAccounts(signedCtx(f.ak, f.sk)).ReadAccountsRequest(*osc.NewReadAccountsRequest()).Execute()
		body := wantOAPIError(t, err, httpResp, 401, "13")
		if want := strconv.Itoa(int(round.Seconds())); httpResp.Header.Get("Retry-After") != want {
			t.Fatalf("round %v: Retry-After %q", round, httpResp.Header.Get("Retry-After"))
		}
		if round == time.Minute {
			f.golden(t, "oapi_error_locked.json", body)
		}
		// Basic auth is the core's sign-in counting, not this lock.
		if _, _, err := c.AccessKeyApi.ReadAccessKeys(basicCtx(f.email, f.pass)).ReadAccessKeysRequest(*osc.NewReadAccessKeysRequest()).Execute(); err != nil {
			t.Fatalf("the key lock blocked login/password: %v", err)
		}
		// ICU is refused too, as Outscale's ICU was seen refusing.
		resp, ibody := f.oscCLIICU(t, "ReadAccount", icuBody("ReadAccount", "", accessKeyAuth), f.ak, f.sk)
		if got := wantICU(t, resp, ibody, 500, "IcuServerException"); got["message"] != "Internal Error" {
			t.Fatalf("ICU while locked: %s", ibody)
		}
		f.later.Add(int64(round))
	}
	if err := read(signedCtx(f.ak, f.sk)); err != nil {
		t.Fatalf("after the lockout: %v", err)
	}
}

// TestBasicAuthChecksOnly: login/password opens no session and sends no
// code, and refuses what a password alone must not pass.
func TestBasicAuthChecksOnly(t *testing.T) {
	f := mustFixture(t, maxSkew(72*time.Hour)) // ErrPasswordExpired moves the clock 49 hours
	c := f.client()
	readKeys := func(ctx context.Context) (int, error) {
		resp, _, err := c.AccessKeyApi.ReadAccessKeys(ctx).ReadAccessKeysRequest(*osc.NewReadAccessKeysRequest()).Execute()
		if err != nil {
			return 0, err
		}
		return len(resp.GetAccessKeys()), nil
	}
	if n, err := readKeys(basicCtx(f.email, f.pass)); err != nil || n != 1 {
		t.Fatalf("basic: %d %v", n, err)
	}
	// The account name works as a login too.
	if n, err := readKeys(basicCtx("acme", f.pass)); err != nil || n != 1 {
		t.Fatalf("basic by account name: %d %v", n, err)
	}
	if sessions, _ := f.db.FindSessions(context.Background(), f.root.ID); len(sessions) != 0 {
		t.Fatalf("login/password opened %d sessions", len(sessions))
	}
	checkAuth := func(login, pw string) (int, error) {
		_, httpResp, err := c.AccountApi.CheckAuthentication(signedCtx(f.ak, f.sk)).CheckAuthenticationRequest(*osc.NewCheckAuthenticationRequest(login, pw)).Execute()
		if httpResp == nil {
			return 0, err
		}
		return httpResp.StatusCode, err
	}

	t.Run("ErrLoginVerificationOn", func(t *testing.T) {
		ctx := f.rootCtx()
		if _, err := f.svc.LoginVerification.SendCode(ctx, identity.VerifyEmail); err != nil {
			t.Fatal(err)
		}
		code := ""
		for _, m := range f.outbox(t) {
			code = m.Secret["code"]
		}
		if _, err := f.svc.LoginVerification.Set(ctx, identity.LoginVerificationChange{Method: identity.VerifyEmail, Code: code, CurrentPassword: f.pass}); err != nil {
			t.Fatal(err)
		}
		f.outbox(t)
		_, httpResp, err := c.AccessKeyApi.ReadAccessKeys(basicCtx(f.email, f.pass)).ReadAccessKeysRequest(*osc.NewReadAccessKeysRequest()).Execute()
		wantOAPIError(t, err, httpResp, 401, "9")
		_, httpResp, err = c.AccountApi.CheckAuthentication(signedCtx(f.ak, f.sk)).CheckAuthenticationRequest(*osc.NewCheckAuthenticationRequest(f.email, f.pass)).Execute()
		wantOAPIError(t, err, httpResp, 401, "9")
		if msgs := f.outbox(t); len(msgs) != 0 {
			t.Fatalf("login/password sent a code: %+v", msgs)
		}
		// A wrong password says nothing of login verification.
		_, httpResp, err = c.AccessKeyApi.ReadAccessKeys(basicCtx(f.email, "wrong-Pass-999")).ReadAccessKeysRequest(*osc.NewReadAccessKeysRequest()).Execute()
		wantOAPIError(t, err, httpResp, 401, "1")

		if _, err := f.svc.LoginVerification.SendCode(ctx, identity.VerifyOff); err != nil {
			t.Fatal(err)
		}
		for _, m := range f.outbox(t) {
			code = m.Secret["code"]
		}
		if _, err := f.svc.LoginVerification.Set(ctx, identity.LoginVerificationChange{Method: identity.VerifyOff, Code: code}); err != nil {
			t.Fatal(err)
		}
		if status, err := checkAuth(f.email, f.pass); err != nil {
			t.Fatalf("verification off again: %d %v", status, err)
		}
	})
	t.Run("ErrPasswordExpired", func(t *testing.T) {
		p := password.DefaultPolicy()
		p.MaxAgeDays = 1
		if err := f.svc.Accounts.SetPasswordPolicy(f.rootCtx(), p); err != nil {
			t.Fatal(err)
		}
		f.later.Add(int64(49 * time.Hour))
		_, httpResp, err := c.AccessKeyApi.ReadAccessKeys(basicCtx(f.email, f.pass)).ReadAccessKeysRequest(*osc.NewReadAccessKeysRequest()).Execute()
		wantOAPIError(t, err, httpResp, 401, "20")
		_, httpResp, err = c.AccountApi.CheckAuthentication(signedCtx(f.ak, f.sk)).CheckAuthenticationRequest(*osc.NewCheckAuthenticationRequest(f.email, f.pass)).Execute()
		wantOAPIError(t, err, httpResp, 401, "20")
	})
}

// TestAccessKeyLockoutBehindProxy: behind the server's middleware with
// --trust-proxy, the lockout counts per forwarded client, not per proxy.
func TestAccessKeyLockoutBehindProxy(t *testing.T) {
	f := mustFixture(t)
	face := outscale.New(outscale.Config{RequestID: func() string { return goldenRequestID }}, f.svc, nil)
	h := server.Handler(server.Config{TrustProxy: true}, server.Faces{Mounts: map[string]http.Handler{"/api": face},
		Intercept: []func(http.Handler) http.Handler{func(next http.Handler) http.Handler { return outscale.Front(face, next) }}},
		f.db, metrics.New(), slog.New(slog.DiscardHandler))
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	from := func(client, sk string) int {
		t.Helper()
		req := mustRequest(t, srv.URL+"/api/v1/ReadAccounts", "{}")
		req.Header = jsonHeader()
		req.Header.Set("X-Forwarded-For", client)
		outscale.SignLikeSDK(t, req, "{}", f.ak, sk, "oapi", time.Now())
		resp, _ := do(t, req)
		return resp.StatusCode
	}
	for range 4 {
		if status := from("198.51.100.1", strings.Repeat("A", 40)); status != http.StatusUnauthorized {
			t.Fatalf("bad signature: %d", status)
		}
	}
	resp, body := func() (*http.Response, []byte) {
		req := mustRequest(t, srv.URL+"/api/v1/ReadAccounts", "{}")
		req.Header = jsonHeader()
		req.Header.Set("X-Forwarded-For", "198.51.100.1")
		outscale.SignLikeSDK(t, req, "{}", f.ak, f.sk, "oapi", time.Now())
		return do(t, req)
	}()
	wantOAPI(t, resp, body, http.StatusUnauthorized, "13")
	if status := from("198.51.100.2", f.sk); status != http.StatusOK {
		t.Fatalf("another client behind the same proxy is locked out too: %d", status)
	}
}
