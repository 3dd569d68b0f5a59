package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/watchword/watchword/internal/api/client"
	"github.com/watchword/watchword/internal/password"
)

// TestPasswordChangeVoidsResetSecrets: a reset link or code requested
// before a password change no longer resets after it; the change voids them
// in its own transaction.
func TestPasswordChangeVoidsResetSecrets(t *testing.T) {
	s := mustRecoveryStack(t, generousLimits)
	session := s.mustLogin(t, map[string]string{"account": "acme", "password": rsRootPassword})
	change := func(from, to string) {
		t.Helper()
		s.call(t, http.MethodPost, "/me/password", session, map[string]string{"current_password": from, "new_password": to}).
			decode(t, http.StatusOK, nil)
	}

	s.call(t, http.MethodPost, "/recovery/requests", "", map[string]string{"email": "root@acme.test", "method": "link"}).
		decode(t, http.StatusAccepted, nil)
	link := linkOf(t, s.mailTo(t, "root@acme.test", "Reset your Watchword password"))
	change(rsRootPassword, rsNewPassword)
	attacker := "Attacker-Chosen-Pass-77"
	s.call(t, http.MethodPost, "/recovery/reset", "", map[string]string{"token": link[strings.LastIndexByte(link, '/')+1:],
		"password": attacker, "confirmation": attacker}).problem(t, http.StatusBadRequest, "verify.token_invalid")

	s.Sink.Reset()
	s.call(t, http.MethodPost, "/recovery/requests", "", map[string]string{"account_name": "acme", "method": "email"}).
		decode(t, http.StatusAccepted, nil)
	code := codeOf(t, s.mailTo(t, "root@acme.test", "reset code"))
	change(rsNewPassword, rsRootPassword)
	s.call(t, http.MethodPost, "/recovery/verify", "", map[string]string{"account_name": "acme", "code": code}).
		problem(t, http.StatusBadRequest, "verify.code_invalid")

	s.mustLogin(t, map[string]string{"account": "acme", "password": rsRootPassword})
	if tok, _ := s.login(t, map[string]string{"account": "acme", "password": attacker}); tok != "" {
		t.Fatal("the voided link reset the password")
	}
}

// TestPasswordPolicyPutAndPatch: a PUT replaces the whole policy, so it must
// carry every field (one that carried only min_length used to switch both
// dictionaries off); a PATCH changes the fields it carries and keeps the
// rest, and concurrent PATCHes of different fields all survive.
func TestPasswordPolicyPutAndPatch(t *testing.T) {
	s := mustAPIServer(t)
	ctx := context.Background()
	tok := s.Root.Token()
	p := mustProblem(t, s.raw(t, http.MethodPut, "/v1/account/password-policy", tok, "application/json", []byte(`{"min_length":10}`)),
		http.StatusBadRequest, "policy.incomplete")
	for _, f := range []string{"max_length", "local_dictionary", "global_dictionary", "force_change_after_admin_set"} {
		if !strings.Contains(p.Detail, f) {
			t.Errorf("the problem does not name the missing %s: %q", f, p.Detail)
		}
	}
	if got, _ := s.Root.PasswordPolicy(ctx); got.MinLength != 8 || got.LocalDictionary != "enforce" || got.GlobalDictionary != "enforce" {
		t.Fatalf("a refused PUT changed the policy: %+v", got)
	}

	r := s.raw(t, http.MethodPatch, "/v1/account/password-policy", tok, "application/json", []byte(`{"min_length":10}`))
	var after client.PasswordPolicy
	if err := json.Unmarshal(r.Body, &after); err != nil || r.Status != http.StatusOK {
		t.Fatalf("patch: %d %s", r.Status, r.Body)
	}
	want := password.DefaultPolicy()
	want.MinLength = 10
	if got, _ := s.Root.PasswordPolicy(ctx); after != *got || got.MinLength != 10 || got.LocalDictionary != "enforce" ||
		got.GlobalDictionary != "enforce" || got.MaxLength != want.MaxLength || !got.ForceChangeAfterAdminSet {
		t.Fatalf("after PATCH min_length: answered %+v, stored %+v", after, got)
	}
	mustProblem(t, s.raw(t, http.MethodPatch, "/v1/account/password-policy", tok, "application/json", []byte(`{"min_length":0}`)),
		http.StatusBadRequest, "password.policy_invalid")
	mustProblem(t, s.raw(t, http.MethodPatch, "/v1/account/password-policy", tok, "application/json", []byte(`{"preset":"nist"}`)),
		http.StatusBadRequest, "request.unknown_field")

	fields := map[string]string{"history_count": "3", "min_age_minutes": "15", "max_age_days": "90", "min_char_types": "3",
		"max_consecutive": "4", "min_strength": "2", "not_username": "false", "local_dictionary": `"warn"`}
	var wg sync.WaitGroup
	for f, v := range fields {
		wg.Go(func() {
			if r := s.raw(t, http.MethodPatch, "/v1/account/password-policy", tok, "application/json", []byte(`{"`+f+`":`+v+`}`)); r.Status != http.StatusOK {
				t.Errorf("patch %s: %d %s", f, r.Status, r.Body)
			}
		})
	}
	wg.Wait()
	got, _ := s.Root.PasswordPolicy(ctx)
	if got.HistoryCount != 3 || got.MinAgeMinutes != 15 || got.MaxAgeDays != 90 || got.MinCharTypes != 3 || got.MaxConsecutive != 4 ||
		got.MinStrength != 2 || got.NotUsername || got.LocalDictionary != "warn" || got.MinLength != 10 || got.GlobalDictionary != "enforce" {
		t.Fatalf("after concurrent PATCHes: %+v", got)
	}

	// A complete PUT still replaces the whole policy; a preset needs nothing else.
	full := *got
	full.MinLength, full.LocalDictionary = 12, "off"
	if got, err := s.Root.SetPasswordPolicy(ctx, full); err != nil || *got != full {
		t.Fatalf("complete PUT: %+v %v", got, err)
	}
	if got, err := s.Root.ApplyPasswordPolicyPreset(ctx, "nist"); err != nil || got.MinLength == 12 {
		t.Fatalf("preset PUT: %+v %v", got, err)
	}
}
