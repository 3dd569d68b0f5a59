package identity_test

import (
	"context"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/password"
)

// verifyFrom checks a password as a Basic-auth request from ip would.
func (c *secureCore) verifyFrom(ip string, in identity.LoginInput) (*identity.User, error) {
	ctx := identity.WithRequest(context.Background(), identity.Request{IP: ip, UserAgent: "test"})
	return c.svc.Auth.VerifyPassword(ctx, in)
}

// sessionsOf counts a user's live sessions.
func (c *secureCore) sessionsOf(t *testing.T, userID string) int {
	t.Helper()
	s, err := c.db.FindSessions(context.Background(), userID)
	if err != nil {
		t.Fatal(err)
	}
	return len(s)
}

// countAudit counts acme's audit events of action and outcome about userID.
func (c *secureCore) countAudit(t *testing.T, action, outcome, userID string) int {
	t.Helper()
	evs, err := c.db.FindAuditEvents(context.Background(), c.root.AccountID, 1000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ev := range evs {
		if ev.Action == action && ev.Outcome == outcome && ev.UserID == userID && ev.IP == secIP {
			n++
		}
	}
	return n
}

func TestVerifyPassword(t *testing.T) {
	c := mustSecureCore(t, identity.Config{})
	alice, actx := c.mustAlice(t)
	c.drain(t)
	sessions := c.sessionsOf(t, alice.ID)

	t.Run("OK", func(t *testing.T) {
		for _, in := range []identity.LoginInput{secAliceLogin(secAlicePassword), {Email: "ALICE@acme.test", Password: secAlicePassword}} {
			u, err := c.verifyFrom(secIP, in)
			if err != nil || u.ID != alice.ID {
				t.Fatalf("%+v: %+v %v", in, u, err)
			}
		}
		if n := c.sessionsOf(t, alice.ID); n != sessions {
			t.Fatalf("a password check opened a session: %d, was %d", n, sessions)
		}
		if msgs := c.drain(t); len(msgs) != 0 {
			t.Fatalf("a password check sent %+v", msgs)
		}
		if n := c.countAudit(t, "auth.password_check", "success", alice.ID); n != 2 {
			t.Fatalf("%d success audit events, want 2", n)
		}
	})
	t.Run("ErrOneAnswerForEveryRefusal", func(t *testing.T) {
		hashes := c.hashes.Load()
		_, wrong := c.verifyFrom(secIP, secAliceLogin("wrong-password"))
		_, unknown := c.verifyFrom(secIP, identity.LoginInput{AccountName: "acme", UserName: "nobody", Password: secAlicePassword})
		_, noAccount := c.verifyFrom(secIP, identity.LoginInput{Email: "nobody@acme.test", Password: secAlicePassword})
		for _, err := range []error{wrong, unknown, noAccount} {
			checkFaultOf(t, err, badCredentials)
		}
		if n := c.hashes.Load() - hashes; n != 3 {
			t.Fatalf("an unknown user must still cost a hash: %d hashes for 3 checks", n)
		}
		_, err := c.verifyFrom(secIP, identity.LoginInput{Password: secAlicePassword})
		wantFault(t, err, fault.Invalid, "auth.identifier_required")
	})
	t.Run("SharesLockoutWithLogin", func(t *testing.T) {
		if _, err := c.svc.Accounts.SetLoginPolicy(c.admin, identity.LoginPolicy{LoginFailedTimes: 3}); err != nil {
			t.Fatal(err)
		}
		c.drain(t)
		// A success clears the failures of the subtest before.
		if _, err := c.verifyFrom(secIP, secAliceLogin(secAlicePassword)); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			_, err := c.verifyFrom(secIP, secAliceLogin("wrong-password"))
			wantFault(t, err, fault.Unauthenticated, "auth.invalid_credentials")
		}
		if _, err := c.login(secAliceLogin("wrong-password")); err == nil {
			t.Fatal("wrong password accepted")
		}
		_, err := c.verifyFrom(secIP, secAliceLogin(secAlicePassword))
		checkFaultOf(t, err, badCredentials)
		if _, err := c.login(secAliceLogin(secAlicePassword)); err == nil {
			t.Fatal("Login ignored failures counted by VerifyPassword")
		}
		locked := false
		for _, m := range c.drain(t) {
			locked = locked || m.To == alice.Email
		}
		if !locked {
			t.Fatal("no lockout notice")
		}
		c.clock.Add(15 * time.Minute)
		if _, err := c.verifyFrom(secIP, secAliceLogin(secAlicePassword)); err != nil {
			t.Fatalf("after the lockout: %v", err)
		}
	})
	t.Run("ErrLoginVerificationOn", func(t *testing.T) {
		if _, err := c.svc.LoginVerification.SendCode(actx, identity.VerifyEmail); err != nil {
			t.Fatal(err)
		}
		if _, err := c.svc.LoginVerification.Set(actx, identity.LoginVerificationChange{Method: identity.VerifyEmail, Code: c.mustCode(t, alice.Email), CurrentPassword: secAlicePassword}); err != nil {
			t.Fatal(err)
		}
		c.drain(t)
		_, err := c.verifyFrom(secIP, secAliceLogin(secAlicePassword))
		wantFault(t, err, fault.Unauthenticated, "auth.verification_required")
		if msgs := c.drain(t); len(msgs) != 0 {
			t.Fatalf("a password check sent a code: %+v", msgs)
		}
		if n := c.countAudit(t, "auth.password_check", "auth.verification_required", alice.ID); n != 1 {
			t.Fatalf("%d refusal audit events, want 1", n)
		}
		// Nothing tells a stranger that login verification is on.
		_, err = c.verifyFrom(secIP, secAliceLogin("wrong-password"))
		wantFault(t, err, fault.Unauthenticated, "auth.invalid_credentials")
		if _, err := c.svc.LoginVerification.SendCode(actx, identity.VerifyOff); err != nil {
			t.Fatal(err)
		}
		if _, err := c.svc.LoginVerification.Set(actx, identity.LoginVerificationChange{Method: identity.VerifyOff, Code: c.mustCode(t, alice.Email)}); err != nil {
			t.Fatal(err)
		}
		c.drain(t)
		if _, err := c.verifyFrom(secIP, secAliceLogin(secAlicePassword)); err != nil {
			t.Fatalf("verification off again: %v", err)
		}
	})
	t.Run("ErrChangeRequired", func(t *testing.T) {
		p := password.DefaultPolicy()
		p.MaxAgeDays = 30
		if err := c.svc.Accounts.SetPasswordPolicy(c.admin, p); err != nil {
			t.Fatal(err)
		}
		c.clock.Add(31 * 24 * time.Hour)
		_, err := c.verifyFrom(secIP, secAliceLogin(secAlicePassword))
		wantFault(t, err, fault.Forbidden, "password.change_required")
		_, err = c.verifyFrom(secIP, secAliceLogin("wrong-password"))
		wantFault(t, err, fault.Unauthenticated, "auth.invalid_credentials")
	})
}

func TestCheckCredentials(t *testing.T) {
	c := mustSecureCore(t, identity.Config{})
	alice, actx := c.mustAlice(t)
	_, globex, err := c.svc.Accounts.Create(context.Background(), identity.NewAccount{Name: "globex", Email: "root@globex.test",
		Password: secRootPassword})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.svc.Accounts.SetLoginPolicy(c.admin, identity.LoginPolicy{LoginFailedTimes: 3}); err != nil {
		t.Fatal(err)
	}
	ctx := identity.WithRequest(actx, identity.Request{IP: secIP})

	t.Run("OK", func(t *testing.T) {
		u, err := c.svc.Auth.CheckCredentials(ctx, identity.LoginInput{Email: "root@acme.test", Password: secRootPassword})
		if err != nil || u.ID != c.root.ID {
			t.Fatalf("%+v %v", u, err)
		}
		if u, err := c.svc.Auth.CheckCredentials(ctx, secAliceLogin(secAlicePassword)); err != nil || u.ID != alice.ID {
			t.Fatalf("%+v %v", u, err)
		}
	})
	t.Run("ErrAnotherAccount", func(t *testing.T) {
		for range 5 {
			_, err := c.svc.Auth.CheckCredentials(ctx, identity.LoginInput{Email: "root@globex.test", Password: secRootPassword})
			checkFaultOf(t, err, badCredentials)
		}
		// Those checks counted nothing against globex's root.
		if res, err := c.loginFrom("198.51.100.7", identity.LoginInput{AccountName: "globex", Password: secRootPassword}); err != nil || res.User.ID != globex.ID {
			t.Fatalf("globex's root was locked out by another account's checks: %+v %v", res, err)
		}
	})
	t.Run("ErrWrong", func(t *testing.T) {
		_, err := c.svc.Auth.CheckCredentials(ctx, identity.LoginInput{Email: "root@acme.test", Password: "wrong-password"})
		checkFaultOf(t, err, badCredentials)
	})
	t.Run("ErrNoCaller", func(t *testing.T) {
		_, err := c.svc.Auth.CheckCredentials(context.Background(), identity.LoginInput{Email: "root@acme.test", Password: secRootPassword})
		wantFault(t, err, fault.Unauthenticated, "auth.required")
	})
}
