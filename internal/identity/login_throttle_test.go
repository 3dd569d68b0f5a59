package identity_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
)

// refusals returns a check that a sign-in was refused, giving what the
// refusal shows a client: all of it must be the same whatever the reason.
func refusals(t *testing.T) func(*identity.LoginResult, error) [3]string {
	return func(res *identity.LoginResult, err error) [3]string {
		t.Helper()
		if err == nil {
			t.Fatalf("sign-in accepted: %+v", res)
		}
		fe := fault.As(err)
		return [3]string{string(fe.Kind), fe.Code, fe.Message}
	}
}

func TestLockoutAfterFailures(t *testing.T) {
	refuse := refusals(t)
	c := mustSecureCore(t, identity.Config{})
	alice, _ := c.mustAlice(t)
	if _, err := c.svc.Accounts.SetLoginPolicy(c.admin, identity.LoginPolicy{LoginFailedTimes: 3}); err != nil {
		t.Fatal(err)
	}
	c.drain(t)
	wrong := refuse(c.login(secAliceLogin("wrong-password")))
	refuse(c.login(secAliceLogin("wrong-password")))
	if res, err := c.login(secAliceLogin(secAlicePassword)); err != nil {
		t.Fatalf("two failures of three must not lock: %+v %v", res, err)
	}
	// A success forgets the failures: three more are needed.
	for range 3 {
		refuse(c.login(secAliceLogin("wrong-password")))
	}
	hashes := c.hashes.Load()
	locked := refuse(c.login(secAliceLogin(secAlicePassword)))
	unknown := refuse(c.login(identity.LoginInput{AccountName: "acme", UserName: "nobody", Password: secAlicePassword}))
	if locked != wrong || unknown != wrong || wrong != [3]string{"unauthenticated", "auth.invalid_credentials", "the login or password is incorrect"} {
		t.Fatalf("refusals differ: wrong %v, locked %v, unknown %v", wrong, locked, unknown)
	}
	if n := c.hashes.Load() - hashes; n != 2 {
		t.Fatalf("a locked or unknown user must still cost a hash: %d hashes for 2 sign-ins", n)
	}
	var notice notify.Message
	for _, m := range c.drain(t) {
		if m.Template == notify.Lockout {
			notice = m
		}
	}
	if notice.To != alice.Email || notice.Data["expires_minutes"] != "15" || notice.Data["ip"] != secIP || notice.Data["everywhere"] != "" {
		t.Fatalf("lockout notice: %+v", notice)
	}
	// Other users are not locked.
	if _, err := c.login(identity.LoginInput{AccountName: "acme", Password: secRootPassword}); err != nil {
		t.Fatal(err)
	}

	t.Run("UnlockedAfterDuration", func(t *testing.T) {
		refuse := refusals(t)
		c.clock.Add(14 * time.Minute)
		refuse(c.login(secAliceLogin(secAlicePassword)))
		c.clock.Add(time.Minute)
		if _, err := c.login(secAliceLogin(secAlicePassword)); err != nil {
			t.Fatalf("after the lockout: %v", err)
		}
	})
	t.Run("RepeatedLockoutDoubles", func(t *testing.T) {
		refuse := refusals(t)
		for range 3 {
			refuse(c.login(secAliceLogin("wrong-password")))
		}
		for range 3 {
			refuse(c.login(secAliceLogin("wrong-password")))
		}
		until, err := c.svc.Users.LockedUntil(c.admin, alice.ID)
		if err != nil || !until.Equal(c.clock.Now().Add(15*time.Minute)) {
			t.Fatalf("first lock: %v %v", until, err)
		}
		c.clock.Add(16 * time.Minute)
		for range 3 {
			refuse(c.login(secAliceLogin("wrong-password")))
		}
		if until, _ := c.svc.Users.LockedUntil(c.admin, alice.ID); !until.Equal(c.clock.Now().Add(30 * time.Minute)) {
			t.Fatalf("second lock must last 30 min: until %v, now %v", until, c.clock.Now())
		}
	})
	t.Run("UnlockedByAdministrator", func(t *testing.T) {
		// A user who is not an administrator cannot unlock anyone.
		if _, err := c.svc.Users.Create(c.admin, identity.NewUser{Name: "bob", Password: "Bob-Password-2026"}); err != nil {
			t.Fatal(err)
		}
		res, err := c.login(identity.LoginInput{AccountName: "acme", UserName: "bob", Password: "Bob-Password-2026"})
		if err != nil {
			t.Fatal(err)
		}
		wantFault(t, c.svc.Users.Unlock(c.mustAuth(t, res.Token), alice.ID), fault.Forbidden, "auth.admin_required")
		wantFault(t, c.svc.Users.Unlock(c.admin, "nope"), fault.NotFound, "user.not_found")
		if err := c.svc.Users.Unlock(c.admin, alice.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := c.login(secAliceLogin(secAlicePassword)); err != nil {
			t.Fatalf("after unlock: %v", err)
		}
	})
}

// TestSlowDownPerIP: guesses spread over many users from one address slow
// the address down (RateLimited with Retry-After, for 15 minutes); they lock
// no user, and other addresses are not slowed.
func TestSlowDownPerIP(t *testing.T) {
	refuse := refusals(t)
	c := mustSecureCore(t, identity.Config{})
	c.mustAlice(t)
	for i := range 50 {
		refuse(c.loginFrom("203.0.113.7", identity.LoginInput{AccountName: "acme", UserName: "user" + strconv.Itoa(i), Password: "guess"}))
	}
	hashes := c.hashes.Load()
	_, err := c.loginFrom("203.0.113.7", secAliceLogin(secAlicePassword))
	wantFault(t, err, fault.RateLimited, "auth.too_many_attempts")
	if wait := fault.As(err).RetryAfter; wait != 15*time.Minute {
		t.Fatalf("Retry-After %v, want 15m", wait)
	}
	if n := c.hashes.Load() - hashes; n != 0 {
		t.Fatalf("a slowed-down address must not have its guesses evaluated: %d hashes", n)
	}
	if _, err := c.loginFrom("198.51.100.1", secAliceLogin(secAlicePassword)); err != nil {
		t.Fatalf("another IP is not slowed down: %v", err)
	}
	if until, err := c.svc.Users.LockedUntil(c.admin, mustUserID(t, c, "alice")); err != nil || !until.IsZero() {
		t.Fatalf("the address's guesses locked alice: %v %v", until, err)
	}
	c.clock.Add(15 * time.Minute)
	if _, err := c.loginFrom("203.0.113.7", secAliceLogin(secAlicePassword)); err != nil {
		t.Fatalf("after the slow-down: %v", err)
	}
}

// TestSlowDownPassedWithCaptcha: a slowed-down address gets through with a
// CAPTCHA answered along with the password (the console's form); a wrong
// CAPTCHA is refused before the password is looked at, and each CAPTCHA
// serves once.
func TestSlowDownPassedWithCaptcha(t *testing.T) {
	refuse := refusals(t)
	c := mustSecureCore(t, identity.Config{})
	c.mustAlice(t)
	const ip = "203.0.113.7"
	for i := range 50 {
		refuse(c.loginFrom(ip, identity.LoginInput{AccountName: "acme", UserName: "user" + strconv.Itoa(i), Password: "guess"}))
	}
	ctx := identity.WithRequest(context.Background(), identity.Request{IP: ip})
	captcha := func() (string, string) {
		id, err := c.svc.Recovery.NewCaptcha(ctx)
		if err != nil {
			t.Fatal(err)
		}
		stored, err := c.db.FindCaptcha(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return id, stored.Answer
	}
	in := secAliceLogin(secAlicePassword)
	in.CaptchaID, _ = captcha()
	in.CaptchaAnswer = "000000x"
	_, err := c.loginFrom(ip, in)
	wantFault(t, err, fault.Invalid, "captcha.invalid")
	in.CaptchaID, in.CaptchaAnswer = captcha()
	if _, err := c.loginFrom(ip, in); err != nil {
		t.Fatalf("a slowed-down address with its CAPTCHA answered: %v", err)
	}
	_, err = c.loginFrom(ip, in)
	wantFault(t, err, fault.Invalid, "captcha.invalid")
}

// TestRefusedGuessesSpendNothingWider: an address that keeps guessing at a
// user it locked out for itself is refused before the user's daily count
// is charged, so however long it goes on, the user signs in from elsewhere.
func TestRefusedGuessesSpendNothingWider(t *testing.T) {
	c := mustSecureCore(t, identity.Config{})
	alice, _ := c.mustAlice(t)
	for range 150 {
		if _, err := c.loginFrom("203.0.113.7", secAliceLogin("wrong-password")); err == nil {
			t.Fatal("a wrong password was accepted")
		}
	}
	st, err := c.db.FindLoginThrottles(context.Background(), []string{"user:" + alice.ID + "|day"})
	if err != nil || len(st) != 1 || st[0].Failures != 5 {
		t.Fatalf("the user's day was charged for refused guesses: %+v %v", st, err)
	}
	if _, err := c.loginFrom("198.51.100.1", secAliceLogin(secAlicePassword)); err != nil {
		t.Fatalf("alice from another address: %v", err)
	}
}

// TestLockoutPerUserAndIP: the login policy's lock holds for the address
// the failures came from, so anyone can lock a user out only for
// themselves: the user signs in from elsewhere, and so does everyone else
// behind the attacker's address.
func TestLockoutPerUserAndIP(t *testing.T) {
	refuse := refusals(t)
	c := mustSecureCore(t, identity.Config{})
	c.mustAlice(t)
	for range 5 {
		refuse(c.loginFrom("203.0.113.7", secAliceLogin("wrong-password")))
	}
	refuse(c.loginFrom("203.0.113.7", secAliceLogin(secAlicePassword)))
	refuse(c.loginFrom("203.0.113.7", identity.LoginInput{AccountName: "acme", Password: "wrong"}))
	if _, err := c.loginFrom("203.0.113.7", identity.LoginInput{AccountName: "acme", Password: secRootPassword}); err != nil {
		t.Fatalf("root locked by guesses at alice from the same address: %v", err)
	}
	if _, err := c.loginFrom("198.51.100.1", secAliceLogin(secAlicePassword)); err != nil {
		t.Fatalf("alice locked out from another address: %v", err)
	}
	// Her success elsewhere does not lift the attacker's lock.
	refuse(c.loginFrom("203.0.113.7", secAliceLogin(secAlicePassword)))
}

// TestLockoutDailyCap: failures from many addresses add up per user and
// day; past 100 the user is locked everywhere, until a completed reset.
func TestLockoutDailyCap(t *testing.T) {
	refuse := refusals(t)
	c := mustSecureCore(t, identity.Config{})
	c.mustAlice(t)
	for i := range 100 {
		refuse(c.loginFrom("203.0.113."+strconv.Itoa(i/4+1), secAliceLogin("wrong-password")))
	}
	hashes := c.hashes.Load()
	refuse(c.loginFrom("198.51.100.1", secAliceLogin(secAlicePassword)))
	if n := c.hashes.Load() - hashes; n != 1 {
		t.Fatalf("a capped user still costs the dummy hash: %d", n)
	}
	until, err := c.svc.Users.LockedUntil(c.admin, mustUserID(t, c, "alice"))
	if err != nil || !until.Equal(c.clock.Now().Add(24*time.Hour)) {
		t.Fatalf("daily cap lock: %v %v", until, err)
	}
	// The one notice says the lock holds from every address.
	var everywhere []notify.Message
	for _, m := range c.drain(t) {
		if m.Template == notify.Lockout && m.Data["everywhere"] == "true" {
			everywhere = append(everywhere, m)
		}
	}
	if len(everywhere) != 1 || everywhere[0].Data["expires_minutes"] != "1440" {
		t.Fatalf("daily cap notices: %+v", everywhere)
	}
	c.clock.Add(24 * time.Hour)
	if _, err := c.loginFrom("198.51.100.1", secAliceLogin(secAlicePassword)); err != nil {
		t.Fatalf("after a day: %v", err)
	}
}

func TestBruteForceDisabled(t *testing.T) {
	refuse := refusals(t)
	c := mustSecureCore(t, identity.Config{BruteForceDisabled: true})
	c.mustAlice(t)
	for range 12 {
		refuse(c.login(secAliceLogin("wrong-password")))
	}
	if _, err := c.login(secAliceLogin(secAlicePassword)); err != nil {
		t.Fatalf("with brute-force protection off: %v", err)
	}
}

func TestLoginPolicySessionAndInfo(t *testing.T) {
	refuse := refusals(t)
	c := mustSecureCore(t, identity.Config{})
	pol := identity.LoginPolicy{SessionTimeout: 30, ShowRecentLoginInfo: true, CustomInfoForLogin: "Authorised use only"}
	got, err := c.svc.Accounts.SetLoginPolicy(c.admin, pol)
	if err != nil || got.LockoutDuration != 15 || got.LoginFailedTimes != 5 || got.PeriodWithLoginFailures != 15 || got.SessionTimeout != 30 {
		t.Fatalf("set: %+v %v", got, err)
	}
	if read, err := c.svc.Accounts.LoginPolicy(c.admin); err != nil || read != got {
		t.Fatalf("read back: %+v %v", read, err)
	}
	first := c.clock.Now()
	refuse(c.loginFrom("198.51.100.1", identity.LoginInput{AccountName: "acme", Password: "wrong"}))
	c.clock.Add(time.Minute)
	res, err := c.loginFrom("198.51.100.2", identity.LoginInput{AccountName: "acme", Password: secRootPassword})
	if err != nil || res.Notice != "Authorised use only" || res.Recent == nil || !res.Recent.At.Equal(first) ||
		res.Recent.IP != secIP || res.Recent.FailedAttempts != 1 {
		t.Fatalf("recent login info: %+v %+v %v", res, res.Recent, err)
	}
	now := c.clock.Now()
	if !res.Session.IdleUntil.Equal(now.Add(30*time.Minute)) || !res.Session.ExpiresAt.Equal(now.Add(12*time.Hour)) {
		t.Fatalf("session times: idle %v expires %v", res.Session.IdleUntil, res.Session.ExpiresAt)
	}
	// Each use moves the idle deadline by the policy's timeout, not the server's.
	c.clock.Add(29 * time.Minute)
	c.mustAuth(t, res.Token)
	c.clock.Add(29 * time.Minute)
	c.mustAuth(t, res.Token)
	c.clock.Add(31 * time.Minute)
	_, err = c.svc.Auth.Authenticate(context.Background(), res.Token)
	wantFault(t, err, fault.Unauthenticated, "auth.invalid_token")

	_, err = c.svc.Accounts.SetLoginPolicy(c.admin, identity.LoginPolicy{LoginFailedTimes: 2})
	wantFault(t, err, fault.Invalid, "login_policy.invalid")
}

func TestLoginPolicyAccountValidity(t *testing.T) {
	refuse := refusals(t)
	c := mustSecureCore(t, identity.Config{})
	alice, _ := c.mustAlice(t)
	if _, err := c.svc.Accounts.SetLoginPolicy(c.admin, identity.LoginPolicy{AccountValidityPeriod: 30}); err != nil {
		t.Fatal(err)
	}
	c.clock.Add(29 * 24 * time.Hour)
	if _, err := c.login(secAliceLogin(secAlicePassword)); err != nil {
		t.Fatal(err)
	}
	c.clock.Add(31 * 24 * time.Hour)
	refuse(c.login(secAliceLogin(secAlicePassword)))
	// The root user is exempt, and may reactivate the dormant user.
	res, err := c.login(identity.LoginInput{AccountName: "acme", Password: secRootPassword})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.svc.Users.Unlock(c.mustAuth(t, res.Token), alice.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.login(secAliceLogin(secAlicePassword)); err != nil {
		t.Fatalf("after reactivation: %v", err)
	}
}
