package identity_test

import (
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
)

// These tests run with the real default limits (mustRecoveryCore(t, nil)):
// a limit only the tests' generous values ever ran could be switched off
// without any test noticing.

// TestResetCodeGuessesPerIdentifier: ten checks per identifier in 15
// minutes; the eleventh is refused with rate_limit.exceeded and Retry-After,
// before any code is looked at.
func TestResetCodeGuessesPerIdentifier(t *testing.T) {
	c := mustRecoveryCore(t, nil)
	ctx := from("192.0.2.20")
	id := identity.RecoveryIdentifier{AccountName: "acme"}
	if _, err := c.svc.Recovery.RequestReset(ctx, identity.ResetRequest{RecoveryIdentifier: id, Method: identity.RecoverByEmail}); err != nil {
		t.Fatal(err)
	}
	code := codeIn(t, c.oneMessage(t, notify.ResetCode, "root@acme.test"))
	wrong := string([]byte{'0' + (code[0]-'0'+1)%10}) + code[1:]
	for i := range 10 {
		_, err := c.svc.Recovery.VerifyResetCode(ctx, identity.ResetCodeCheck{RecoveryIdentifier: id, Code: wrong})
		if fault.CodeOf(err) != "verify.code_invalid" {
			t.Fatalf("check %d: %v", i+1, err)
		}
	}
	_, err := c.svc.Recovery.VerifyResetCode(ctx, identity.ResetCodeCheck{RecoveryIdentifier: id, Code: wrong})
	wantFault(t, err, fault.RateLimited, "rate_limit.exceeded")
	if wait := fault.As(err).RetryAfter; wait <= 0 || wait > 15*time.Minute {
		t.Fatalf("Retry-After %v", wait)
	}
}

// TestResetCodeGuessesPerUser is hole 12 of issue 11: guesses at one user's
// reset codes add up whatever identifier form names the user and however
// many codes were sent. Twenty wrong checks (two forms, ten each: within
// each form's own limit, over four codes) use up the user's day; the right
// code of a fifth, given under a third form, then fails as a wrong code.
func TestResetCodeGuessesPerUser(t *testing.T) {
	c := mustRecoveryCore(t, nil)
	ctx := from("192.0.2.21")
	request := func(id identity.RecoveryIdentifier) string {
		t.Helper()
		if _, err := c.svc.Recovery.RequestReset(ctx, identity.ResetRequest{RecoveryIdentifier: id, Method: identity.RecoverByEmail}); err != nil {
			t.Fatal(err)
		}
		return codeIn(t, c.oneMessage(t, notify.ResetCode, "root@acme.test"))
	}
	forms := []identity.RecoveryIdentifier{{AccountName: "acme"}, {Email: "root@acme.test"}}
	for _, id := range forms {
		for range 2 {
			code := request(id)
			wrong := string([]byte{'0' + (code[0]-'0'+1)%10}) + code[1:]
			for range 5 {
				_, err := c.svc.Recovery.VerifyResetCode(ctx, identity.ResetCodeCheck{RecoveryIdentifier: id, Code: wrong})
				wantFault(t, err, fault.Invalid, "verify.code_invalid")
			}
		}
	}
	mobile := identity.RecoveryIdentifier{Mobile: rcRootMobile}
	code := request(mobile)
	_, err := c.svc.Recovery.VerifyResetCode(ctx, identity.ResetCodeCheck{RecoveryIdentifier: mobile, Code: code})
	wantFault(t, err, fault.Invalid, "verify.code_invalid")
	// The cap is the user's day: the next day, a new code works.
	c.clock.Add(24 * time.Hour)
	if _, err := c.svc.Recovery.RequestReset(ctx, identity.ResetRequest{RecoveryIdentifier: mobile, Method: identity.RecoverByEmail}); err != nil {
		t.Fatal(err)
	}
	// The earlier messages come back too (their lease is over): take today's.
	code = ""
	for _, m := range c.messages(t) {
		if m.CreatedAt.Equal(c.clock.Now()) {
			code = codeIn(t, m)
		}
	}
	if _, err := c.svc.Recovery.VerifyResetCode(ctx, identity.ResetCodeCheck{RecoveryIdentifier: mobile, Code: code}); err != nil {
		t.Fatalf("the next day: %v", err)
	}
}

// TestResetUnlocksUser: a completed reset proves the user's email, so it
// lifts the lockout wrong passwords set, wherever they came from.
func TestResetUnlocksUser(t *testing.T) {
	c := mustRecoveryCore(t, nil)
	attacker := from("203.0.113.7")
	for range 5 {
		_, err := c.svc.Auth.Login(attacker, identity.LoginInput{AccountName: "acme", Password: "wrong-password"})
		wantFault(t, err, fault.Unauthenticated, "auth.invalid_credentials")
	}
	if until, err := c.svc.Users.LockedUntil(c.admin, c.root.ID); err != nil || until.IsZero() {
		t.Fatalf("not locked: %v", err)
	}
	c.messages(t)
	if err := c.svc.Recovery.SendResetLink(attacker, "root@acme.test"); err != nil {
		t.Fatal(err)
	}
	token := tokenIn(t, c.oneMessage(t, notify.ResetLink, "root@acme.test"))
	if _, err := c.svc.Recovery.ResetWithToken(attacker, token, newPassword); err != nil {
		t.Fatal(err)
	}
	if until, err := c.svc.Users.LockedUntil(c.fx.RootCtx, c.root.ID); err != nil || !until.IsZero() {
		t.Fatalf("still locked after the reset: %v %v", until, err)
	}
	if _, err := c.svc.Auth.Login(attacker, identity.LoginInput{AccountName: "acme", Password: newPassword}); err != nil {
		t.Fatalf("sign-in after the reset: %v", err)
	}
}
