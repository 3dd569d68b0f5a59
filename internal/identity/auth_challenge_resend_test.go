package identity_test

import (
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// TestResendLoginCode: at the login verification step a new code can be
// asked for; it replaces the old challenge (whose code stops working),
// within the user's limit on codes sent, and never for a device.
func TestResendLoginCode(t *testing.T) {
	c := mustSecureCore(t, identity.Config{Proof: identity.ProofLimits{SendPerUser: identity.RateLimit{Count: 3, Window: time.Hour}}})
	_, actx := c.mustAlice(t)
	if _, err := c.svc.LoginVerification.SendCode(actx, identity.VerifyEmail); err != nil {
		t.Fatal(err)
	}
	if _, err := c.svc.LoginVerification.Set(actx, identity.LoginVerificationChange{Method: identity.VerifyEmail,
		Code: c.mustCode(t, "alice@acme.test"), CurrentPassword: secAlicePassword}); err != nil {
		t.Fatal(err)
	}
	c.drain(t)
	res, err := c.login(secAliceLogin(secAlicePassword))
	if err != nil {
		t.Fatal(err)
	}
	first := c.mustCode(t, "alice@acme.test")

	_, err = c.svc.Auth.ResendLoginCode(c.admin, "not-a-receipt")
	wantFault(t, err, fault.Unauthenticated, "auth.challenge_invalid")
	again, err := c.svc.Auth.ResendLoginCode(c.admin, res.Challenge.ID)
	if err != nil || again.ID == res.Challenge.ID || again.Destination != "a•••@acme.test" || again.Method != identity.VerifyEmail {
		t.Fatalf("resend: %+v %v", again, err)
	}
	c.mustCode(t, "alice@acme.test")
	// The old receipt and its code are void.
	_, err = c.complete(res.Challenge.ID, first)
	wantFault(t, err, fault.Invalid, "verify.code_expired")
	_, err = c.svc.Auth.ResendLoginCode(c.admin, res.Challenge.ID)
	wantFault(t, err, fault.Unauthenticated, "auth.challenge_invalid")
	_, err = c.complete(again.ID, first)
	wantFault(t, err, fault.Invalid, "verify.code_invalid")

	// The user's limit on codes sent holds (the first send of the setup
	// counted too: 3 an hour).
	third, err := c.svc.Auth.ResendLoginCode(c.admin, again.ID)
	if err != nil {
		t.Fatalf("second resend: %v", err)
	}
	thirdCode := c.mustCode(t, "alice@acme.test")
	_, err = c.svc.Auth.ResendLoginCode(c.admin, third.ID)
	wantFault(t, err, fault.RateLimited, "verify.send_limited")
	if fault.As(err).RetryAfter <= 0 {
		t.Errorf("no wait given: %+v", err)
	}
	if msgs := c.drain(t); len(msgs) != 0 {
		t.Fatalf("a refused resend sent %d messages", len(msgs))
	}
	// The last code sent still signs in; a spent challenge is not renewed.
	if done, err := c.complete(third.ID, thirdCode); err != nil || done.Token == "" {
		t.Fatalf("sign in with the resent code: %+v %v", done, err)
	}
	_, err = c.svc.Auth.ResendLoginCode(c.admin, third.ID)
	wantFault(t, err, fault.Unauthenticated, "auth.challenge_invalid")
	// Nor is one past its five minutes.
	res, err = c.login(secAliceLogin(secAlicePassword))
	if err != nil {
		t.Fatal(err)
	}
	c.clock.Add(identity.LoginChallengeLifetime + time.Second)
	_, err = c.svc.Auth.ResendLoginCode(c.admin, res.Challenge.ID)
	wantFault(t, err, fault.Unauthenticated, "auth.challenge_invalid")

	// A device's code is never sent.
	c2 := mustSecureCore(t, identity.Config{})
	_, bctx := c2.mustAlice(t)
	secret := c2.mustBind(t, bctx)
	if _, err := c2.svc.LoginVerification.Set(bctx, identity.LoginVerificationChange{Method: identity.VerifyTOTP,
		Code: c2.nextCode(secret), CurrentPassword: secAlicePassword}); err != nil {
		t.Fatal(err)
	}
	res, err = c2.login(secAliceLogin(secAlicePassword))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c2.svc.Auth.ResendLoginCode(c2.admin, res.Challenge.ID)
	wantFault(t, err, fault.Invalid, "login_verification.use_device")
}
