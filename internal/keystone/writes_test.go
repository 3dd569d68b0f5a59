package keystone_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/identity"
)

// TestUserUpdateIsOneWrite: an administrator's user update that fails on
// one field changes nothing, the password included, and queues no mail;
// on both Keystone's PATCH /v3/users and Huawei's PUT /v3.0/OS-USER/users.
func TestUserUpdateIsOneWrite(t *testing.T) {
	e := mustEnv(t)
	if _, err := e.svc.Users.Create(e.admin, identity.NewUser{Name: "bob", Email: "bob@acme.test"}); err != nil {
		t.Fatal(err)
	}
	root := e.mustToken(t, "acme", rootPassword)
	aliceTok := e.mustToken(t, "alice", alicePassword)
	for _, c := range []struct {
		method, path, body string
		status             int
		answer             string
	}{
		{"PATCH", "/v3/users/" + e.alice.ID, `{"user":{"password":"Brand-New-Lantern-81","email":"bob@acme.test"}}`,
			http.StatusConflict, "Conflict occurred attempting to store email"},
		{"PUT", "/v3.0/OS-USER/users/" + e.alice.ID, `{"user":{"password":"Brand-New-Lantern-81","email":"bob@acme.test","description":"x"}}`,
			http.StatusBadRequest, `"error_code":"1110"`},
	} {
		if _, err := e.db.ClaimOutbox(context.Background(), 100, time.Hour); err != nil { // drain
			t.Fatal(err)
		}
		r := e.do(t, c.method, c.path, map[string]string{"X-Auth-Token": root}, c.body)
		if r.status != c.status || !contains(r.body, c.answer) {
			t.Fatalf("%s %s with a taken email: %d %s", c.method, c.path, r.status, r.body)
		}
		e.mustToken(t, "alice", alicePassword) // the old password still logs in
		if r := e.do(t, "POST", "/v3/auth/tokens", nil, `{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"alice","domain":{"name":"acme"},"password":"Brand-New-Lantern-81"}}}}}`); r.status != http.StatusUnauthorized {
			t.Fatalf("the refused update's password logs in: %d %s", r.status, r.body)
		}
		if r := e.do(t, "GET", "/v3/auth/tokens", map[string]string{"X-Auth-Token": aliceTok, "X-Subject-Token": aliceTok}, ""); r.status != http.StatusOK {
			t.Fatalf("alice's session was revoked by a refused update: %d %s", r.status, r.body)
		}
		msgs, err := e.db.ClaimOutbox(context.Background(), 100, time.Hour)
		if err != nil || len(msgs) != 0 {
			t.Fatalf("the refused update queued %d messages (%v): %+v", len(msgs), err, msgs)
		}
		u, _ := e.db.FindUserByID(context.Background(), e.alice.ID)
		if u.Email != "alice@acme.test" || u.PasswordHash != e.alice.PasswordHash {
			t.Fatalf("alice after the refused update: %+v", u)
		}
	}
}

// TestPolicyPartialUpdatesRace: Huawei's policy updates change only the
// fields they carry; sent at once, each changing another field, every one
// of them survives.
func TestPolicyPartialUpdatesRace(t *testing.T) {
	e := mustEnv(t)
	root := e.mustToken(t, "acme", rootPassword)
	for _, c := range []struct {
		kind   string
		rounds [2]map[string]any
	}{
		{"password-policy", [2]map[string]any{
			{"maximum_consecutive_identical_chars": 3.0, "minimum_password_age": 10.0, "minimum_password_length": 10.0,
				"number_of_recent_passwords_disallowed": 3.0, "password_not_username_or_invert": false,
				"password_validity_period": 30.0, "password_char_combination": 3.0},
			{"maximum_consecutive_identical_chars": 4.0, "minimum_password_age": 20.0, "minimum_password_length": 12.0,
				"number_of_recent_passwords_disallowed": 4.0, "password_not_username_or_invert": true,
				"password_validity_period": 60.0, "password_char_combination": 4.0},
		}},
		{"login-policy", [2]map[string]any{
			{"account_validity_period": 30.0, "custom_info_for_login": "one", "lockout_duration": 20.0, "login_failed_times": 4.0,
				"period_with_login_failures": 20.0, "session_timeout": 30.0, "show_recent_login_info": true},
			{"account_validity_period": 60.0, "custom_info_for_login": "two", "lockout_duration": 25.0, "login_failed_times": 6.0,
				"period_with_login_failures": 30.0, "session_timeout": 60.0, "show_recent_login_info": false},
		}},
	} {
		wrapper := map[string]string{"password-policy": "password_policy", "login-policy": "login_policy"}[c.kind]
		for round := range 6 {
			want := c.rounds[round%2]
			var wg sync.WaitGroup
			for field, v := range want {
				wg.Go(func() {
					body := fmt.Sprintf(`{%q:{%q:%s}}`, wrapper, field, jsonOf(v))
					if r := e.do(t, "PUT", e.policyPath(c.kind), map[string]string{"X-Auth-Token": root}, body); r.status != http.StatusOK {
						t.Errorf("%s: %d %s", body, r.status, r.body)
					}
				})
			}
			wg.Wait()
			got := e.do(t, "GET", e.policyPath(c.kind), map[string]string{"X-Auth-Token": root}, "").json(t)[wrapper].(map[string]any)
			for field, v := range want {
				if got[field] != v {
					t.Fatalf("%s round %d: %s is %v, want %v (a concurrent update of another field lost it)", c.kind, round, field, got[field], v)
				}
			}
		}
	}
}

func jsonOf(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("%q", v)
	default:
		return fmt.Sprint(v)
	}
}
