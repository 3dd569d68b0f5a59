package identity_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/verify"
)

// countProofs counts acme's audit events of action and outcome about userID.
func (c *secureCore) countProofs(t *testing.T, action, outcome, userID string) int {
	t.Helper()
	evs, err := c.db.FindAuditEvents(t.Context(), c.root.AccountID, 1000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ev := range evs {
		if ev.Action == action && ev.Outcome == outcome && ev.UserID == userID {
			n++
		}
	}
	return n
}

// wrongTOTP is the i-th code that secret does not accept now (±1 step).
func (c *secureCore) wrongTOTP(secret string, i int) string {
	now := c.clock.Now()
	valid := map[string]bool{}
	for _, d := range []time.Duration{-30 * time.Second, 0, 30 * time.Second} {
		valid[verify.TOTPCode(secret, now.Add(d))] = true
	}
	for ; ; i++ {
		if code := fmt.Sprintf("%06d", (i*7919+13)%1000000); !valid[code] {
			return code
		}
	}
}

// TestCodeProofDailyCap: codes proving a change count per user and action
// in 15 minutes (10) and per day (30), whatever the windows; every
// evaluated failure and every refusal is audited, and the right code is
// refused like any other past a limit.
func TestCodeProofDailyCap(t *testing.T) {
	c := mustSecureCore(t, identity.Config{})
	alice, actx := c.mustAlice(t)
	secret := c.mustBind(t, actx)
	for window := range 3 {
		c.clock.Add(15 * time.Minute)
		for i := range 10 {
			err := c.svc.MFA.Unbind(actx, identity.MFAUnbind{Code: c.wrongTOTP(secret, window*10+i)})
			wantFault(t, err, fault.Invalid, "verify.code_invalid")
		}
		err := c.svc.MFA.Unbind(actx, identity.MFAUnbind{Code: verify.TOTPCode(secret, c.clock.Now())})
		wantFault(t, err, fault.RateLimited, "verify.rate_limited")
		if fault.As(err).RetryAfter <= 0 {
			t.Fatal("no RetryAfter")
		}
	}
	// A fresh window, but the day's 30 are spent.
	c.clock.Add(15 * time.Minute)
	err := c.svc.MFA.Unbind(actx, identity.MFAUnbind{Code: verify.TOTPCode(secret, c.clock.Now())})
	wantFault(t, err, fault.RateLimited, "verify.rate_limited")
	if n := c.countProofs(t, identity.ProofMFAUnbind, "verify.code_invalid", alice.ID); n != 30 {
		t.Fatalf("%d wrong codes audited, want 30", n)
	}
	if n := c.countProofs(t, identity.ProofMFAUnbind, "verify.rate_limited", alice.ID); n != 4 {
		t.Fatalf("%d refusals audited, want 4", n)
	}
	// Other actions keep their own count.
	if _, err := c.svc.LoginVerification.SendCode(actx, identity.VerifyEmail); err != nil {
		t.Fatal(err)
	}
	if _, err := c.svc.LoginVerification.Set(actx, identity.LoginVerificationChange{Method: identity.VerifyEmail,
		Code: c.mustCode(t, "alice@acme.test"), CurrentPassword: secAlicePassword}); err != nil {
		t.Fatal(err)
	}
	// A day later the device can go with its code.
	c.clock.Add(24 * time.Hour)
	res, err := c.login(secAliceLogin(secAlicePassword))
	if err != nil || res.Challenge == nil {
		t.Fatalf("login: %+v %v", res, err)
	}
	done, err := c.complete(res.Challenge.ID, c.mustCode(t, "alice@acme.test"))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.svc.MFA.Unbind(c.mustAuth(t, done.Token), identity.MFAUnbind{Code: verify.TOTPCode(secret, c.clock.Now())}); err != nil {
		t.Fatalf("unbind a day later: %v", err)
	}
}

// TestCodeProofReservedUnderConcurrency: parallel guesses cannot outrun
// the count; at most 10 are ever evaluated.
func TestCodeProofReservedUnderConcurrency(t *testing.T) {
	c := mustSecureCore(t, identity.Config{})
	alice, actx := c.mustAlice(t)
	secret := c.mustBind(t, actx)
	errs := make(chan error, 40)
	for i := range 40 {
		go func() { errs <- c.svc.MFA.Unbind(actx, identity.MFAUnbind{Code: c.wrongTOTP(secret, i)}) }()
	}
	evaluated := 0
	for range 40 {
		err := <-errs
		switch fault.CodeOf(err) {
		case "verify.code_invalid":
			evaluated++
		case "verify.rate_limited":
		default:
			t.Fatalf("unexpected answer: %v", err)
		}
	}
	if evaluated != 10 {
		t.Fatalf("%d guesses evaluated, want 10", evaluated)
	}
	if n := c.countProofs(t, identity.ProofMFAUnbind, "verify.code_invalid", alice.ID); n != 10 {
		t.Fatalf("%d audited, want 10", n)
	}
}

// TestLoginVerificationProvesFactorInUse: each switch proves the factor in
// use (its code, or the password while off) and the new one.
func TestLoginVerificationProvesFactorInUse(t *testing.T) {
	c := mustSecureCore(t, identity.Config{})
	alice, actx := c.mustAlice(t)
	set := func(in identity.LoginVerificationChange) error {
		_, err := c.svc.LoginVerification.Set(actx, in)
		return err
	}
	// off → sms: the password.
	if _, err := c.svc.LoginVerification.SendCurrentCode(actx, identity.VerifySMS); fault.CodeOf(err) != "login_verification.use_password" {
		t.Fatalf("current code while off: %v", err)
	}
	if _, err := c.svc.LoginVerification.SendCode(actx, identity.VerifySMS); err != nil {
		t.Fatal(err)
	}
	sms := c.mustCode(t, "+33698765432")
	wantFault(t, set(identity.LoginVerificationChange{Method: identity.VerifySMS, Code: sms}), fault.Invalid, "login_verification.password_required")
	err := set(identity.LoginVerificationChange{Method: identity.VerifySMS, Code: sms, CurrentPassword: "Wrong-Pass-123"})
	wantFault(t, err, fault.Unauthenticated, "password.current_invalid")
	if fault.As(err).Field != "current_password" {
		t.Fatalf("field %q", fault.As(err).Field)
	}
	if err := set(identity.LoginVerificationChange{Method: identity.VerifySMS, Code: sms, CurrentPassword: secAlicePassword}); err != nil {
		t.Fatal(err)
	}
	c.drain(t)

	// sms → email: a code to each; the sms code proves the one in use.
	if _, err := c.svc.LoginVerification.SendCode(actx, identity.VerifyEmail); err != nil {
		t.Fatal(err)
	}
	email := c.mustCode(t, "alice@acme.test")
	wantFault(t, set(identity.LoginVerificationChange{Method: identity.VerifyEmail, Code: email, CurrentPassword: secAlicePassword}),
		fault.Invalid, "login_verification.current_code_required")
	sent, err := c.svc.LoginVerification.SendCurrentCode(actx, identity.VerifyEmail)
	if err != nil || sent.Method != identity.VerifySMS {
		t.Fatalf("current code: %+v %v", sent, err)
	}
	cur := c.mustCode(t, "+33698765432")
	// The code sent to the new factor does not prove the one in use.
	err = set(identity.LoginVerificationChange{Method: identity.VerifyEmail, Code: email, CurrentCode: email})
	wantFault(t, err, fault.Invalid, "verify.code_invalid")
	if fault.As(err).Field != "current_code" {
		t.Fatalf("field %q", fault.As(err).Field)
	}
	if err := set(identity.LoginVerificationChange{Method: identity.VerifyEmail, Code: email, CurrentCode: cur}); err != nil {
		t.Fatal(err)
	}
	// Both codes are spent.
	c.clock.Add(time.Second)
	if u, _ := c.db.FindUserByID(t.Context(), alice.ID); u.LoginVerification != identity.VerifyEmail {
		t.Fatalf("method %q", u.LoginVerification)
	}
	if n := c.countProofs(t, identity.ProofLoginVerification, "success", alice.ID); n != 2 {
		t.Fatalf("%d successful changes audited, want 2", n)
	}
}

// TestContactIdentityCodeGuessesAreLimited: the code proving who changes a
// contact counts like every code proof: 10 in 15 minutes, however many
// codes were sent, then even the right one is refused.
func TestContactIdentityCodeGuessesAreLimited(t *testing.T) {
	c := mustSecureCore(t, identity.Config{})
	alice, actx := c.mustAlice(t)
	c.drain(t)
	wrong := 0
	for range 2 {
		if _, err := c.svc.Contacts.SendIdentityCode(actx, identity.ContactEmail, notify.Email); err != nil {
			t.Fatal(err)
		}
		code := c.mustCode(t, "alice@acme.test")
		for range 5 {
			_, err := c.svc.Contacts.VerifyIdentity(actx, identity.ContactEmail, identity.IdentityProof{Code: wrongCode(code)})
			wantFault(t, err, fault.Invalid, "verify.code_invalid")
			wrong++
		}
	}
	if _, err := c.svc.Contacts.SendIdentityCode(actx, identity.ContactEmail, notify.Email); err != nil {
		t.Fatal(err)
	}
	_, err := c.svc.Contacts.VerifyIdentity(actx, identity.ContactEmail, identity.IdentityProof{Code: c.mustCode(t, "alice@acme.test")})
	wantFault(t, err, fault.RateLimited, "verify.rate_limited")
	if n := c.countProofs(t, identity.ProofContactIdentity, "verify.code_invalid", alice.ID); n != wrong {
		t.Fatalf("%d wrong codes audited, want %d", n, wrong)
	}
}
