package keystone_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/identity"
)

// policyPath is the Huawei password-policy path of the fixture's account.
func (e *env) policyPath(kind string) string {
	return "/v3.0/OS-SECURITYPOLICY/domains/" + e.acct.ID + "/" + kind
}

// mustPutPolicy sets the account's password policy through Huawei's call, as the root user.
func (e *env) mustPutPolicy(t *testing.T, root, body string) map[string]any {
	t.Helper()
	r := e.do(t, "PUT", e.policyPath("password-policy"), map[string]string{"X-Auth-Token": root}, `{"password_policy":`+body+`}`)
	if r.status != http.StatusOK {
		t.Fatalf("put policy %s: %d %s", body, r.status, r.body)
	}
	return r.json(t)["password_policy"].(map[string]any)
}

// change changes a user's own password through POST /v3/users/{id}/password.
func (e *env) change(t *testing.T, token, userID, from, to string) response {
	t.Helper()
	return e.do(t, "POST", "/v3/users/"+userID+"/password", map[string]string{"X-Auth-Token": token}, changeBody(to, from))
}

func TestHuaweiPasswordPolicy(t *testing.T) {
	e := mustEnv(t)
	root := e.mustToken(t, "acme", rootPassword)

	r := e.do(t, "GET", e.policyPath("password-policy"), map[string]string{"X-Auth-Token": root}, "")
	if r.status != http.StatusOK {
		t.Fatalf("get: %d %s", r.status, r.body)
	}
	golden(t, "password_policy_default.json", pretty(t, r.body), nil)

	// Out of Huawei's range, another domain, no administrator.
	bad := e.do(t, "PUT", e.policyPath("password-policy"), map[string]string{"X-Auth-Token": root}, `{"password_policy":{"minimum_password_length":5}}`)
	if bad.status != http.StatusBadRequest {
		t.Fatalf("out of range: %d %s", bad.status, bad.body)
	}
	golden(t, "huawei_error_400_range.json", pretty(t, bad.body), nil)
	other := e.do(t, "PUT", "/v3.0/OS-SECURITYPOLICY/domains/999999999999/password-policy", map[string]string{"X-Auth-Token": root}, `{"password_policy":{"minimum_password_length":9}}`)
	if other.status != http.StatusForbidden {
		t.Fatalf("other domain: %d %s", other.status, other.body)
	}
	golden(t, "huawei_error_403.json", pretty(t, other.body), nil)
	aliceTok := e.mustToken(t, "alice", alicePassword)
	if r := e.do(t, "PUT", e.policyPath("password-policy"), map[string]string{"X-Auth-Token": aliceTok}, `{"password_policy":{"minimum_password_length":9}}`); r.status != http.StatusForbidden {
		t.Fatalf("alice sets the policy: %d %s", r.status, r.body)
	}
	if r := e.do(t, "PUT", e.policyPath("password-policy"), nil, `{"password_policy":{}}`); r.status != http.StatusUnauthorized {
		t.Fatalf("no token: %d %s", r.status, r.body)
	} else {
		golden(t, "huawei_error_401.json", pretty(t, r.body), nil)
	}

	// Each field's rule refuses a password that breaks it, naming the rule.
	bob, err := e.svc.Users.Create(e.admin, identity.NewUser{Name: "Bob.Smith-9", Password: "Start-Pass-001"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		policy string
		pw     string
		want   string
	}{
		{"minimum_password_length", `{"minimum_password_length":12}`, "Abcdef-123", "At least 12 characters"},
		{"password_char_combination", `{"password_char_combination":4}`, "abcdefgh-1234", "At least 4 of these character types"},
		{"password_not_username_or_invert", `{"password_not_username_or_invert":true}`, "9-htimS.boB", "Not the username or the account name"},
		{"maximum_consecutive_identical_chars", `{"maximum_consecutive_identical_chars":2}`, "Abc-1112-xyz", "No more than 2 identical characters in a row"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := `{"minimum_password_length":8,"password_char_combination":2,"password_not_username_or_invert":false,` +
				`"maximum_consecutive_identical_chars":0,"number_of_recent_passwords_disallowed":0,"minimum_password_age":0}`
			e.mustPutPolicy(t, root, base)
			tok := e.mustToken(t, bob.Name, "Start-Pass-001")
			// Allowed before the rule is on...
			if r := e.change(t, tok, bob.ID, "Start-Pass-001", tt.pw); r.status != http.StatusNoContent {
				t.Fatalf("before the rule: %d %s", r.status, r.body)
			}
			// Each change revokes every token of the user, the one used too.
			tok = e.mustToken(t, bob.Name, tt.pw)
			if r := e.change(t, tok, bob.ID, tt.pw, "Start-Pass-001"); r.status != http.StatusNoContent {
				t.Fatalf("back: %d %s", r.status, r.body)
			}
			tok = e.mustToken(t, bob.Name, "Start-Pass-001")
			// ...refused once it is.
			got := e.mustPutPolicy(t, root, tt.policy)
			field := strings.Trim(strings.Split(strings.Trim(tt.policy, "{}"), ":")[0], `"`)
			if want := strings.Split(strings.Trim(tt.policy, "{}"), ":")[1]; jsonValue(got[field]) != want {
				t.Fatalf("policy %s = %v, want %s", field, got[field], want)
			}
			r := e.change(t, tok, bob.ID, "Start-Pass-001", tt.pw)
			if r.status != http.StatusBadRequest || !strings.Contains(r.body, "The password does not match the requirements: ") ||
				!strings.Contains(r.body, tt.want) {
				t.Fatalf("status %d, want 400 naming %q: %s", r.status, tt.want, r.body)
			}
		})
	}

	t.Run("number_of_recent_passwords_disallowed", func(t *testing.T) {
		e.mustPutPolicy(t, root, `{"maximum_consecutive_identical_chars":0,"number_of_recent_passwords_disallowed":3,"minimum_password_age":0}`)
		tok := e.mustToken(t, "alice", alicePassword)
		steps := []string{"Second-Pass-22", "Third-Pass-345"}
		from := alicePassword
		for _, pw := range steps {
			if r := e.change(t, tok, e.alice.ID, from, pw); r.status != http.StatusNoContent {
				t.Fatalf("change to %s: %d %s", pw, r.status, r.body)
			}
			from = pw
			tok = e.mustToken(t, "alice", pw)
		}
		r := e.change(t, tok, e.alice.ID, from, alicePassword)
		if r.status != http.StatusBadRequest || !strings.Contains(r.body,
			"The new password cannot be identical to a previous password. The total number which includes the new password must be unique is 3.") {
			t.Fatalf("reuse: %d %s", r.status, r.body)
		}
		golden(t, "error_400_history.json", pretty(t, r.body), nil)
	})

	t.Run("minimum_password_age", func(t *testing.T) {
		e.mustPutPolicy(t, root, `{"number_of_recent_passwords_disallowed":0,"minimum_password_age":60}`)
		tok := e.mustToken(t, "acme", rootPassword)
		// The root password was set when the account was created.
		r := e.change(t, tok, e.root.ID, rootPassword, "Chief-Pass-Two-2")
		if r.status != http.StatusBadRequest || !strings.Contains(r.body, "due to the minimum password age") {
			t.Fatalf("change of a new password: %d %s", r.status, r.body)
		}
		golden(t, "error_400_age.json", pretty(t, r.body), nil)
		e.clock.Add(61 * time.Minute)
		r = e.change(t, tok, e.root.ID, rootPassword, "Chief-Pass-Two-2")
		if r.status != http.StatusNoContent {
			t.Fatalf("first change: %d %s", r.status, r.body)
		}
		tok = e.mustToken(t, "acme", "Chief-Pass-Two-2")
		r = e.change(t, tok, e.root.ID, "Chief-Pass-Two-2", "Chief-Pass-Three-3")
		if r.status != http.StatusBadRequest || !strings.Contains(r.body, "due to the minimum password age") {
			t.Fatalf("second change: %d %s", r.status, r.body)
		}
		e.clock.Add(61 * time.Minute)
		if r := e.change(t, tok, e.root.ID, "Chief-Pass-Two-2", "Chief-Pass-Three-3"); r.status != http.StatusNoContent {
			t.Fatalf("after the minimum age: %d %s", r.status, r.body)
		}
		root = e.mustToken(t, "acme", "Chief-Pass-Three-3")
		e.mustPutPolicy(t, root, `{"minimum_password_age":0}`)
	})

	// Last: it moves the clock past every token's lifetime.
	t.Run("password_validity_period", func(t *testing.T) {
		e.mustPutPolicy(t, root, `{"password_validity_period":1}`)
		r := e.do(t, "GET", "/v3/users/"+bob.ID, map[string]string{"X-Auth-Token": root}, "")
		if !strings.Contains(r.body, `"password_expires_at":"`) {
			t.Fatalf("no expiry shown: %s", r.body)
		}
		e.clock.Add(25 * time.Hour)
		// An expired password still signs in, to a token that may only change it.
		tok := e.mustToken(t, bob.Name, "Start-Pass-001")
		if r := e.do(t, "GET", "/v3.0/OS-USER/users/"+bob.ID+"/login-protect", map[string]string{"X-Auth-Token": tok}, ""); r.status != http.StatusOK {
			t.Fatalf("reading is allowed: %d %s", r.status, r.body)
		}
		if r := e.do(t, "POST", "/v3.0/OS-MFA/virtual-mfa-devices", map[string]string{"X-Auth-Token": tok},
			`{"virtual_mfa_device":{"name":"phone","user_id":"`+bob.ID+`"}}`); r.status != http.StatusForbidden {
			t.Fatalf("expired password's token used: %d %s", r.status, r.body)
		}
		if r := e.change(t, tok, bob.ID, "Start-Pass-001", "Renewed-Pass-44"); r.status != http.StatusNoContent {
			t.Fatalf("renew: %d %s", r.status, r.body)
		}
		// The change revokes the restricted token; the next one is free.
		tok = e.mustToken(t, bob.Name, "Renewed-Pass-44")
		if r := e.do(t, "POST", "/v3.0/OS-MFA/virtual-mfa-devices", map[string]string{"X-Auth-Token": tok},
			`{"virtual_mfa_device":{"name":"phone","user_id":"`+bob.ID+`"}}`); r.status != http.StatusCreated {
			t.Fatalf("after renewal: %d %s", r.status, r.body)
		}
	})
}

// jsonValue prints a decoded JSON scalar as JSON.
func jsonValue(v any) string { return fmt.Sprint(v) }
