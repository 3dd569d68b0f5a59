package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/watchword/watchword/internal/api/client"
)

// TestLoginPolicyPutAndPatch: a PUT of the login policy replaces the whole
// policy, so it must carry every field (one that carried only
// login_failed_times used to reset the others, the session timeout and the
// notice among them); a PATCH changes the fields it carries and keeps the
// rest, merged in the core in one transaction, so concurrent PATCHes of
// different fields all survive.
func TestLoginPolicyPutAndPatch(t *testing.T) {
	s := mustAPIServer(t)
	ctx := context.Background()
	tok := s.Root.Token()
	set, err := s.Root.SetLoginPolicy(ctx, client.LoginPolicy{LoginFailedTimes: 7, SessionTimeout: 30,
		CustomInfoForLogin: "Authorised use only", ShowRecentLoginInfo: true})
	if err != nil {
		t.Fatal(err)
	}

	p := mustProblem(t, s.raw(t, http.MethodPut, "/v1/account/login-policy", tok, "application/json", []byte(`{"login_failed_times":4}`)),
		http.StatusBadRequest, "policy.incomplete")
	for _, f := range []string{"account_validity_period", "custom_info_for_login", "lockout_duration",
		"period_with_login_failures", "session_timeout", "show_recent_login_info"} {
		if !strings.Contains(p.Detail, f) {
			t.Errorf("the problem does not name the missing %s: %q", f, p.Detail)
		}
	}
	if strings.Contains(p.Detail, "login_failed_times") {
		t.Errorf("the problem names a field the PUT carried: %q", p.Detail)
	}
	if got, _ := s.Root.LoginPolicy(ctx); *got != *set {
		t.Fatalf("a refused PUT changed the policy: %+v, was %+v", got, set)
	}

	r := s.raw(t, http.MethodPatch, "/v1/account/login-policy", tok, "application/json", []byte(`{"login_failed_times":4}`))
	var after client.LoginPolicy
	if err := json.Unmarshal(r.Body, &after); err != nil || r.Status != http.StatusOK {
		t.Fatalf("patch: %d %s", r.Status, r.Body)
	}
	want := *set
	want.LoginFailedTimes = 4
	if got, _ := s.Root.LoginPolicy(ctx); after != want || *got != want {
		t.Fatalf("after PATCH login_failed_times: answered %+v, stored %+v, want %+v", after, got, want)
	}
	mustProblem(t, s.raw(t, http.MethodPatch, "/v1/account/login-policy", tok, "application/json", []byte(`{"lockout_duration":60}`)),
		http.StatusBadRequest, "login_policy.invalid")
	mustProblem(t, s.raw(t, http.MethodPatch, "/v1/account/login-policy", tok, "application/json", []byte(`{"login_failed":4}`)),
		http.StatusBadRequest, "request.unknown_field")

	patches := []client.LoginPolicyPatch{{AccountValidityPeriod: ptr(90)}, {LockoutDuration: ptr(30)},
		{PeriodWithLoginFailures: ptr(30)}, {ShowRecentLoginInfo: ptr(false)}, {CustomInfoForLogin: ptr("Hello")}}
	var wg sync.WaitGroup
	for _, in := range patches {
		wg.Go(func() {
			if _, err := s.Root.PatchLoginPolicy(ctx, in); err != nil {
				t.Errorf("patch %+v: %v", in, err)
			}
		})
	}
	wg.Wait()
	want = client.LoginPolicy{AccountValidityPeriod: 90, CustomInfoForLogin: "Hello", LockoutDuration: 30,
		LoginFailedTimes: 4, PeriodWithLoginFailures: 30, SessionTimeout: 30}
	if got, _ := s.Root.LoginPolicy(ctx); *got != want {
		t.Fatalf("after concurrent PATCHes: %+v, want %+v", got, want)
	}

	// A complete PUT (what GET answered) still replaces the whole policy.
	full := want
	full.SessionTimeout, full.CustomInfoForLogin = 60, ""
	if got, err := s.Root.SetLoginPolicy(ctx, full); err != nil || *got != full {
		t.Fatalf("complete PUT: %+v %v", got, err)
	}
	if got, _ := s.Root.LoginPolicy(ctx); *got != full {
		t.Fatalf("after a complete PUT: %+v", got)
	}
}
