package api_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/verify"
)

// TestAPIRecoveryCodes: GET and POST /v1/me/mfa/recovery-codes count and
// make a TOTP user's recovery codes; POST /v1/auth/login/verify takes one
// instead of a device code, once.
func TestAPIRecoveryCodes(t *testing.T) {
	s := mustSecServer(t)
	token := s.rootToken(t)
	status, _, code := s.proofCall(t, token, http.MethodPost, "/v1/me/mfa/recovery-codes", `{"password":"`+secPassword+`"}`)
	wantCall(t, "codes without a device", http.StatusNotFound, "mfa.not_found", status, code)

	status, _, body := s.proofCall(t, token, http.MethodPost, "/v1/me/mfa/totp", "")
	var enr struct {
		Secret string `json:"secret"`
	}
	if status != http.StatusCreated || json.Unmarshal([]byte(body), &enr) != nil {
		t.Fatalf("begin: %d %s", status, body)
	}
	now := s.clock.Now()
	status, _, body = s.proofCall(t, token, http.MethodPost, "/v1/me/mfa/totp/confirm",
		`{"code1":"`+verify.TOTPCode(enr.Secret, now.Add(-30*time.Second))+`","code2":"`+verify.TOTPCode(enr.Secret, now)+`"}`)
	if status != http.StatusOK {
		t.Fatalf("confirm: %d %s", status, body)
	}
	s.clock.Add(time.Minute)
	status, _, body = s.proofCall(t, token, http.MethodPut, "/v1/me/login-verification",
		`{"method":"totp","code":"`+verify.TOTPCode(enr.Secret, s.clock.Now())+`","current_password":"`+secPassword+`"}`)
	if status != http.StatusOK {
		t.Fatalf("totp on: %d %s", status, body)
	}

	status, _, code = s.proofCall(t, token, http.MethodPost, "/v1/me/mfa/recovery-codes", `{}`)
	wantCall(t, "no proof", http.StatusBadRequest, "mfa.proof_required", status, code)
	status, _, body = s.proofCall(t, token, http.MethodPost, "/v1/me/mfa/recovery-codes", `{"password":"`+secPassword+`"}`)
	var made struct {
		Codes []string `json:"codes"`
	}
	if status != http.StatusCreated || json.Unmarshal([]byte(body), &made) != nil || len(made.Codes) != 10 {
		t.Fatalf("make: %d %s", status, body)
	}
	status, _, body = s.proofCall(t, token, http.MethodGet, "/v1/me/mfa/recovery-codes", "")
	var st struct {
		Remaining int        `json:"remaining"`
		CreatedAt *time.Time `json:"created_at"`
	}
	if status != http.StatusOK || json.Unmarshal([]byte(body), &st) != nil || st.Remaining != 10 || st.CreatedAt == nil {
		t.Fatalf("count: %d %s", status, body)
	}

	login := func() string {
		t.Helper()
		status, raw := s.post(t, "/v1/auth/login", `{"account":"acme","password":"`+secPassword+`"}`)
		var out struct {
			Challenge string `json:"challenge"`
		}
		if status != http.StatusOK || json.Unmarshal(raw, &out) != nil || out.Challenge == "" {
			t.Fatalf("login: %d %s", status, raw)
		}
		return out.Challenge
	}
	challenge := login()
	status, raw := s.post(t, "/v1/auth/login/verify", `{"challenge":"`+challenge+`","code":"`+made.Codes[4]+`"}`)
	var done struct {
		AccessToken string `json:"access_token"`
	}
	if status != http.StatusOK || json.Unmarshal(raw, &done) != nil || done.AccessToken == "" {
		t.Fatalf("verify with a recovery code: %d %s", status, raw)
	}
	status, raw = s.post(t, "/v1/auth/login/verify", `{"challenge":"`+login()+`","code":"`+made.Codes[4]+`"}`)
	if status != http.StatusBadRequest {
		t.Fatalf("a spent recovery code: %d %s", status, raw)
	}
	status, _, body = s.proofCall(t, token, http.MethodGet, "/v1/me/mfa/recovery-codes", "")
	if status != http.StatusOK || json.Unmarshal([]byte(body), &st) != nil || st.Remaining != 9 {
		t.Fatalf("count after a use: %d %s", status, body)
	}
}
