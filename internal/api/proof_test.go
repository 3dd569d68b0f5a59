package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/verify"
)

// These tests drive /v1 with raw JSON, as an attacker holding only a
// session token would, against the real default limits: 10 codes per user
// and action in 15 minutes (30 a day), 5 codes sent per user in 15 minutes.

// proofCall sends body with the bearer token and returns the status, the
// Retry-After header and the problem code (or the raw body).
func (s *secServer) proofCall(t *testing.T, token, method, path, body string) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest(method, s.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var p struct {
		Code  string `json:"code"`
		Field string `json:"field"`
	}
	if json.Unmarshal(raw, &p) == nil && p.Code != "" {
		return res.StatusCode, res.Header.Get("Retry-After"), p.Code
	}
	return res.StatusCode, res.Header.Get("Retry-After"), string(raw)
}

// rootToken signs the root user in with the password alone.
func (s *secServer) rootToken(t *testing.T) string {
	t.Helper()
	status, raw := s.post(t, "/v1/auth/login", `{"account":"acme","password":"`+secPassword+`"}`)
	var out struct {
		AccessToken string `json:"access_token"`
	}
	if status != http.StatusOK || json.Unmarshal(raw, &out) != nil || out.AccessToken == "" {
		t.Fatalf("login: %d %s", status, raw)
	}
	return out.AccessToken
}

// wantCall fails unless a call answered status and code.
func wantCall(t *testing.T, what string, status int, code string, gotStatus int, gotCode string) {
	t.Helper()
	if gotStatus != status || gotCode != code {
		t.Fatalf("%s: %d %s, want %d %s", what, gotStatus, gotCode, status, code)
	}
}

// rootEmailVerification turns the root user's login verification to email,
// proving it with the password (verification is off) and the email code.
func (s *secServer) rootEmailVerification(t *testing.T, token string) {
	t.Helper()
	if status, _, body := s.proofCall(t, token, http.MethodPost, "/v1/me/login-verification/code", `{"method":"email"}`); status != http.StatusAccepted {
		t.Fatalf("send: %d %s", status, body)
	}
	status, _, code := s.proofCall(t, token, http.MethodPut, "/v1/me/login-verification",
		`{"method":"email","code":"`+s.code(t, "root@acme.test")+`","current_password":"`+secPassword+`"}`)
	if status != http.StatusOK {
		t.Fatalf("turn email on: %d %s", status, code)
	}
}

func otherCode(valid ...string) func(i int) string {
	return func(i int) string {
		for {
			c := fmt.Sprintf("%06d", (i*7919+13)%1000000)
			ok := true
			for _, v := range valid {
				ok = ok && c != v
			}
			if ok {
				return c
			}
			i++
		}
	}
}

// TestAPIVerificationOffGuessesAreLimited is hole 3: wrong codes to turn
// login verification off are counted before they are checked; past 10 in
// 15 minutes every code is refused, the right one too, whatever the number
// of codes sent.
func TestAPIVerificationOffGuessesAreLimited(t *testing.T) {
	s := mustSecServer(t)
	token := s.rootToken(t)
	s.rootEmailVerification(t, token)
	s.clock.Add(15 * time.Minute) // the code that turned it on counted too

	wrong := 0
	guess := func(code string) (int, string, string) {
		return s.proofCall(t, token, http.MethodPut, "/v1/me/login-verification", `{"method":"off","code":"`+code+`"}`)
	}
	right := ""
	for round := range 2 { // two codes sent, five wrong guesses each: all evaluated
		status, _, _ := s.proofCall(t, token, http.MethodPost, "/v1/me/login-verification/code", `{"method":"off"}`)
		if status != http.StatusAccepted {
			t.Fatalf("send %d: %d", round, status)
		}
		right = s.code(t, "root@acme.test")
		for range 5 {
			status, _, code := guess(otherCode(right)(wrong))
			wrong++
			wantCall(t, fmt.Sprintf("guess %d", wrong), http.StatusBadRequest, "verify.code_invalid", status, code)
		}
	}
	// A third code: past the limit nothing is evaluated, not even the right code.
	if status, _, _ := s.proofCall(t, token, http.MethodPost, "/v1/me/login-verification/code", `{"method":"off"}`); status != http.StatusAccepted {
		t.Fatalf("third send: %d", status)
	}
	right = s.code(t, "root@acme.test")
	for i := range 20 {
		status, retry, code := guess(otherCode(right)(wrong + i))
		wantCall(t, fmt.Sprintf("guess past the limit %d", i), http.StatusTooManyRequests, "verify.rate_limited", status, code)
		if retry == "" {
			t.Fatal("429 without Retry-After")
		}
	}
	status, _, code := guess(right)
	wantCall(t, "the right code past the limit", http.StatusTooManyRequests, "verify.rate_limited", status, code)
	if status, _, body := s.proofCall(t, token, http.MethodGet, "/v1/me/login-verification", ""); status != http.StatusOK || !strings.Contains(body, `"method":"email"`) {
		t.Fatalf("verification after the guesses: %d %s", status, body)
	}

	// The window ends: a new code works.
	s.clock.Add(15 * time.Minute)
	if status, _, _ := s.proofCall(t, token, http.MethodPost, "/v1/me/login-verification/code", `{"method":"off"}`); status != http.StatusAccepted {
		t.Fatalf("send after the window: %d", status)
	}
	if status, _, body := guess(s.code(t, "root@acme.test")); status != http.StatusOK || !strings.Contains(body, `"method":"off"`) {
		t.Fatalf("turn off after the window: %d %s", status, body)
	}
}

// TestAPIUnbindTOTPGuessesAreLimited is hole 3 on DELETE /v1/me/mfa/totp.
func TestAPIUnbindTOTPGuessesAreLimited(t *testing.T) {
	s := mustSecServer(t)
	ctx := context.Background()
	token := s.rootToken(t)
	enr, err := s.root.BeginTOTP(ctx)
	if err != nil {
		t.Fatal(err)
	}
	now := s.clock.Now()
	if _, err := s.root.ConfirmTOTP(ctx, verify.TOTPCode(enr.Secret, now.Add(-30*time.Second)), verify.TOTPCode(enr.Secret, now)); err != nil {
		t.Fatal(err)
	}
	s.clock.Add(30 * time.Second)
	now = s.clock.Now()
	right := verify.TOTPCode(enr.Secret, now)
	wrong := otherCode(right, verify.TOTPCode(enr.Secret, now.Add(-30*time.Second)), verify.TOTPCode(enr.Secret, now.Add(30*time.Second)))
	for i := range 30 {
		status, _, code := s.proofCall(t, token, http.MethodDelete, "/v1/me/mfa/totp", `{"code":"`+wrong(i)+`"}`)
		if i < 10 {
			wantCall(t, fmt.Sprintf("guess %d", i), http.StatusBadRequest, "verify.code_invalid", status, code)
		} else {
			wantCall(t, fmt.Sprintf("guess %d", i), http.StatusTooManyRequests, "verify.rate_limited", status, code)
		}
	}
	status, _, code := s.proofCall(t, token, http.MethodDelete, "/v1/me/mfa/totp", `{"code":"`+right+`"}`)
	wantCall(t, "the right code past the limit", http.StatusTooManyRequests, "verify.rate_limited", status, code)
	if st, err := s.root.TOTP(ctx); err != nil || !st.Bound {
		t.Fatalf("the device is gone: %+v %v", st, err)
	}
}

// TestAPIVerificationCodeSendsAreLimited is hole 3's re-sends: five codes
// per user in 15 minutes, then none.
func TestAPIVerificationCodeSendsAreLimited(t *testing.T) {
	s := mustSecServer(t)
	token := s.rootToken(t)
	for i := range 30 {
		status, retry, code := s.proofCall(t, token, http.MethodPost, "/v1/me/login-verification/code", `{"method":"email"}`)
		switch {
		case i < 5 && status != http.StatusAccepted:
			t.Fatalf("send %d: %d %s", i, status, code)
		case i >= 5:
			wantCall(t, fmt.Sprintf("send %d", i), http.StatusTooManyRequests, "verify.send_limited", status, code)
			if retry == "" {
				t.Fatal("429 without Retry-After")
			}
		}
	}
	msgs, err := s.db.ClaimOutbox(context.Background(), 100, time.Hour)
	if err != nil || len(msgs) != 5 {
		t.Fatalf("%d messages queued, want 5 (%v)", len(msgs), err)
	}
}

// TestAPISessionCannotSwapSecondFactor is hole 4, the attack as found: a
// user with email login verification; with only their token, bind the
// attacker's device and make it the login method.
func TestAPISessionCannotSwapSecondFactor(t *testing.T) {
	s := mustSecServer(t)
	token := s.rootToken(t)

	// From off, a method is turned on with the password too.
	status, _, _ := s.proofCall(t, token, http.MethodPost, "/v1/me/login-verification/code", `{"method":"email"}`)
	if status != http.StatusAccepted {
		t.Fatalf("send: %d", status)
	}
	emailCode := s.code(t, "root@acme.test")
	status, _, code := s.proofCall(t, token, http.MethodPut, "/v1/me/login-verification", `{"method":"email","code":"`+emailCode+`"}`)
	wantCall(t, "email on without the password", http.StatusBadRequest, "login_verification.password_required", status, code)
	status, _, code = s.proofCall(t, token, http.MethodPut, "/v1/me/login-verification",
		`{"method":"email","code":"`+emailCode+`","current_password":"Not-The-Password-1"}`)
	wantCall(t, "email on with a wrong password", http.StatusUnauthorized, "password.current_invalid", status, code)
	status, _, code = s.proofCall(t, token, http.MethodPut, "/v1/me/login-verification",
		`{"method":"email","code":"`+emailCode+`","current_password":"`+secPassword+`"}`)
	if status != http.StatusOK {
		t.Fatalf("email on: %d %s", status, code)
	}

	// The attacker binds their own device with the stolen token...
	status, _, body := s.proofCall(t, token, http.MethodPost, "/v1/me/mfa/totp", "")
	var enr struct {
		Secret string `json:"secret"`
	}
	if status != http.StatusCreated || json.Unmarshal([]byte(body), &enr) != nil || enr.Secret == "" {
		t.Fatalf("begin: %d %s", status, body)
	}
	now := s.clock.Now()
	status, _, body = s.proofCall(t, token, http.MethodPost, "/v1/me/mfa/totp/confirm",
		`{"code1":"`+verify.TOTPCode(enr.Secret, now.Add(-30*time.Second))+`","code2":"`+verify.TOTPCode(enr.Secret, now)+`"}`)
	if status != http.StatusOK {
		t.Fatalf("confirm: %d %s", status, body)
	}
	// ...but cannot make it the login method without the email code.
	s.clock.Add(30 * time.Second)
	attacker := verify.TOTPCode(enr.Secret, s.clock.Now())
	status, _, code = s.proofCall(t, token, http.MethodPut, "/v1/me/login-verification", `{"method":"totp","code":"`+attacker+`"}`)
	wantCall(t, "totp with the attacker's code alone", http.StatusBadRequest, "login_verification.current_code_required", status, code)
	status, _, code = s.proofCall(t, token, http.MethodPut, "/v1/me/login-verification",
		`{"method":"totp","code":"`+attacker+`","current_code":"`+attacker+`"}`)
	wantCall(t, "totp with a made-up current code", http.StatusBadRequest, "verify.code_invalid", status, code)
	status, _, code = s.proofCall(t, token, http.MethodPut, "/v1/me/login-verification",
		`{"method":"totp","code":"`+attacker+`","current_password":"`+secPassword+`"}`)
	wantCall(t, "totp with the password instead of the email code", http.StatusBadRequest, "login_verification.current_code_required", status, code)
	if status, _, body := s.proofCall(t, token, http.MethodGet, "/v1/me/login-verification", ""); !strings.Contains(body, `"method":"email"`) {
		t.Fatalf("the login method changed: %d %s", status, body)
	}
	login, raw := s.post(t, "/v1/auth/login", `{"account":"acme","password":"`+secPassword+`"}`)
	if login != http.StatusOK || !strings.Contains(string(raw), `"method":"email"`) {
		t.Fatalf("the next login does not ask for the email code: %d %s", login, raw)
	}
	s.code(t, "root@acme.test") // the login's code

	// The user, with the email code of the factor in use, may switch.
	status, _, body = s.proofCall(t, token, http.MethodPost, "/v1/me/login-verification/code", `{"method":"totp","factor":"current"}`)
	if status != http.StatusAccepted || !strings.Contains(body, `"method":"email"`) {
		t.Fatalf("send the current factor's code: %d %s", status, body)
	}
	current := s.code(t, "root@acme.test")
	status, _, body = s.proofCall(t, token, http.MethodPut, "/v1/me/login-verification",
		`{"method":"totp","code":"`+attacker+`","current_code":"`+current+`"}`)
	if status != http.StatusOK || !strings.Contains(body, `"method":"totp"`) {
		t.Fatalf("switch with the email code: %d %s", status, body)
	}
	// Switching back proves the device (in use) and the email (new).
	s.clock.Add(30 * time.Second)
	status, _, body = s.proofCall(t, token, http.MethodPost, "/v1/me/login-verification/code", `{"method":"email"}`)
	if status != http.StatusAccepted {
		t.Fatalf("send: %d %s", status, body)
	}
	emailCode = s.code(t, "root@acme.test")
	status, _, code = s.proofCall(t, token, http.MethodPut, "/v1/me/login-verification", `{"method":"email","code":"`+emailCode+`"}`)
	wantCall(t, "email without the device's code", http.StatusBadRequest, "login_verification.current_code_required", status, code)
	status, _, body = s.proofCall(t, token, http.MethodPut, "/v1/me/login-verification",
		`{"method":"email","code":"`+emailCode+`","current_code":"`+verify.TOTPCode(enr.Secret, s.clock.Now())+`"}`)
	if status != http.StatusOK || !strings.Contains(body, `"method":"email"`) {
		t.Fatalf("switch back: %d %s", status, body)
	}
}
