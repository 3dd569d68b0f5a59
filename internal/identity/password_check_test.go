package identity_test

import (
	"context"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/password"
)

func TestPasswordCheck(t *testing.T) {
	c := mustCore(t)
	c.mustAlice(t)
	alice := c.mustLogin(t, aliceLogin)
	c.mustPolicy(t, func(p *password.Policy) { p.MinLength = 10; p.HistoryCount = 3 })
	failed := func(ev password.Evaluation) string {
		var ids []string
		for _, r := range ev.Failed() {
			ids = append(ids, r.ID)
		}
		return strings.Join(ids, " ")
	}
	tests := []struct {
		name       string
		candidate  string
		wantFailed string
	}{
		{"OK", "Kettle-Marble-Orbit-77", ""},
		{"ErrShort", "Ab1-x", "min_length"},
		{"ErrUsername", "alice", "min_length char_types not_username not_email_or_mobile"},
		{"ErrEmail", "alice@acme.test-X1", "not_email_or_mobile"},
		{"OK current password: no history check", alicePassword, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := c.svc.Passwords.Check(alice, tt.candidate)
			if err != nil {
				t.Fatal(err)
			}
			if got := failed(ev); got != tt.wantFailed {
				t.Errorf("failed rules %q, want %q", got, tt.wantFailed)
			}
			if ev.Strength < 0 || ev.Strength > 4 {
				t.Errorf("strength %d without a strength rule", ev.Strength)
			}
		})
	}
	if _, err := c.svc.Auth.Login(context.Background(), aliceLogin); err != nil {
		t.Errorf("checking changed something: %v", err)
	}
	t.Run("ErrUnauthenticated", func(t *testing.T) {
		if _, err := c.svc.Passwords.Check(context.Background(), "x"); fault.KindOf(err) != fault.Unauthenticated {
			t.Errorf("err %v", err)
		}
	})
	t.Run("ErrClientToken", func(t *testing.T) {
		ctx := identity.WithPrincipal(context.Background(), identity.Principal{Kind: identity.ClientToken, AccountID: c.acct.ID})
		if _, err := c.svc.Passwords.Check(ctx, "x"); fault.CodeOf(err) != "auth.user_token_required" {
			t.Errorf("err %v", err)
		}
	})
	t.Run("ErrTooLong", func(t *testing.T) {
		if _, err := c.svc.Passwords.Check(alice, strings.Repeat("a", password.HardMaxLength+2)); fault.CodeOf(err) != "password.too_long" {
			t.Errorf("err %v", err)
		}
	})
}

func TestPasswordRequirements(t *testing.T) {
	c := mustCore(t)
	c.mustPolicy(t, func(p *password.Policy) { p.HistoryCount = 3 })
	rules, err := c.svc.Passwords.Requirements(c.admin)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rules {
		ids = append(ids, r.ID)
		if r.Passed {
			t.Errorf("rule %s is marked passed before any evaluation", r.ID)
		}
	}
	// No global list is configured, so its rule is not promised.
	if got := strings.Join(ids, " "); got != "min_length max_length no_control_chars char_types not_username not_email_or_mobile local_dictionary history" {
		t.Errorf("requirements %q", got)
	}
	if h := rules[len(rules)-1]; h.Args["count"] != 3 {
		t.Errorf("history args %v", h.Args)
	}
}
