package identity_test

import (
	"context"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

func TestRevokeOtherSessions(t *testing.T) {
	c := mustSecureCore(t, identity.Config{})
	_, here := c.mustAlice(t)
	var tokens []string
	for range 2 {
		res, err := c.login(secAliceLogin(secAlicePassword))
		if err != nil {
			t.Fatal(err)
		}
		tokens = append(tokens, res.Token)
	}
	n, err := c.svc.Auth.RevokeOtherSessions(here)
	if err != nil || n != 2 {
		t.Fatalf("revoked %d %v", n, err)
	}
	for _, tok := range tokens {
		_, err := c.svc.Auth.Authenticate(context.Background(), tok)
		wantFault(t, err, fault.Unauthenticated, "auth.invalid_token")
	}
	if list, err := c.svc.Auth.SessionsPage(here, identity.Page{}); err != nil || len(list.Items) != 1 {
		t.Fatalf("left: %d %v", len(list.Items), err)
	}
	// Another user's sessions are untouched.
	if _, err := c.svc.Users.Me(c.admin); err != nil {
		t.Fatal(err)
	}
}

// TestPasswordChangeRevokesOtherSessions: a change keeps the caller's
// session and revokes every other; a reset by the administrator revokes all.
func TestPasswordChangeRevokesOtherSessions(t *testing.T) {
	c := mustSecureCore(t, identity.Config{})
	alice, here := c.mustAlice(t)
	other, err := c.login(secAliceLogin(secAlicePassword))
	if err != nil {
		t.Fatal(err)
	}
	c.clock.Add(2 * time.Hour) // past any minimum password age
	if _, err := c.svc.Passwords.Change(here, identity.PasswordChange{Current: secAlicePassword, New: "Brand-New-Pass-2027"}); err != nil {
		t.Fatal(err)
	}
	_, err = c.svc.Auth.Authenticate(context.Background(), other.Token)
	wantFault(t, err, fault.Unauthenticated, "auth.invalid_token")
	if _, err := c.svc.Users.Me(here); err != nil {
		t.Fatalf("the caller's own session must survive: %v", err)
	}
	if _, err := c.svc.Passwords.AdminSet(c.admin, alice.ID, "Admin-Set-Pass-2027", false); err != nil {
		t.Fatal(err)
	}
	if list, _ := c.db.FindSessions(context.Background(), alice.ID); len(list) != 0 {
		t.Fatalf("an administrator's reset must revoke every session: %d left", len(list))
	}
}
