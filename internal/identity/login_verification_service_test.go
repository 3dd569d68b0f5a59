package identity_test

import (
	"context"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/verify"
)

func TestLoginWithTOTP(t *testing.T) {
	c := mustSecureCore(t, identity.Config{})
	_, actx := c.mustAlice(t)
	secret := c.mustBind(t, actx)
	// Choosing totp is proved with a code of the device.
	_, err := c.svc.LoginVerification.Set(actx, identity.LoginVerificationChange{Method: identity.VerifyTOTP, Code: "000000", CurrentPassword: secAlicePassword})
	wantFault(t, err, fault.Invalid, "verify.code_invalid")
	st, err := c.svc.LoginVerification.Set(actx, identity.LoginVerificationChange{Method: identity.VerifyTOTP, Code: c.nextCode(secret), CurrentPassword: secAlicePassword})
	if err != nil || st.Method != identity.VerifyTOTP {
		t.Fatalf("set totp: %+v %v", st, err)
	}

	// The password alone gives no token, only a challenge.
	res, err := c.login(secAliceLogin(secAlicePassword))
	if err != nil || res.Token != "" || res.Session != nil || res.Challenge == nil || res.Challenge.Method != identity.VerifyTOTP ||
		len(res.Challenge.ID) < 40 || !res.Challenge.ExpiresAt.Equal(c.clock.Now().Add(5*time.Minute)) {
		t.Fatalf("first step: %+v %v", res, err)
	}
	receipt := res.Challenge.ID
	used := verify.TOTPCode(secret, c.clock.Now()) // the code that set totp: already used
	_, err = c.complete(receipt, used)
	wantFault(t, err, fault.Invalid, "verify.code_invalid")
	_, err = c.complete(receipt, "000000")
	wantFault(t, err, fault.Invalid, "verify.code_invalid")
	_, err = c.complete("not-a-receipt", c.nextCode(secret))
	wantFault(t, err, fault.Unauthenticated, "auth.challenge_invalid")

	code := verify.TOTPCode(secret, c.clock.Now())
	done, err := c.complete(receipt, code)
	if err != nil || done.Token == "" || done.Session.Method != "password+totp" || done.Challenge != nil {
		t.Fatalf("second step: %+v %v", done, err)
	}
	c.mustAuth(t, done.Token)
	// The challenge serves once; the code never works twice, even in a new challenge.
	_, err = c.complete(receipt, code)
	wantFault(t, err, fault.Invalid, "verify.code_used")
	res, err = c.login(secAliceLogin(secAlicePassword))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.complete(res.Challenge.ID, code)
	wantFault(t, err, fault.Invalid, "verify.code_invalid")
	// ±1 step of clock skew is forgiven.
	if _, err := c.complete(res.Challenge.ID, verify.TOTPCode(secret, c.clock.Now().Add(30*time.Second))); err != nil {
		t.Fatalf("code of the next step: %v", err)
	}
}

// TestLoginWithCodeByMessage covers sms and email: each delivers its codes
// through the outbox, and neither lets the password alone sign in.
func TestLoginWithCodeByMessage(t *testing.T) {
	tests := []struct {
		method, to string
		channel    notify.Channel
		masked     string
	}{
		{identity.VerifyEmail, "alice@acme.test", notify.Email, "a•••@acme.test"},
		{identity.VerifySMS, "+33698765432", notify.SMS, "+33•••32"},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			c := mustSecureCore(t, identity.Config{})
			_, actx := c.mustAlice(t)
			c.drain(t)
			_, err := c.svc.LoginVerification.Set(actx, identity.LoginVerificationChange{Method: tt.method, Code: "123456", CurrentPassword: secAlicePassword})
			wantFault(t, err, fault.Invalid, "verify.code_invalid") // no code sent yet
			sent, err := c.svc.LoginVerification.SendCode(actx, tt.method)
			if err != nil || sent.Destination != tt.masked || sent.Method != tt.method {
				t.Fatalf("send: %+v %v", sent, err)
			}
			code := c.mustCode(t, tt.to)
			_, err = c.svc.LoginVerification.Set(actx, identity.LoginVerificationChange{Method: tt.method, Code: wrongCode(code), CurrentPassword: secAlicePassword})
			wantFault(t, err, fault.Invalid, "verify.code_invalid")
			if _, err := c.svc.LoginVerification.Set(actx, identity.LoginVerificationChange{Method: tt.method, Code: code, CurrentPassword: secAlicePassword}); err != nil {
				t.Fatal(err)
			}
			_, err = c.svc.LoginVerification.Set(actx, identity.LoginVerificationChange{Method: tt.method, Code: code, CurrentPassword: secAlicePassword})
			wantFault(t, err, fault.Invalid, "login_verification.unchanged")
			msgs := c.drain(t)
			if len(msgs) != 1 || msgs[0].Template != notify.LoginVerificationChanged || msgs[0].Data["method"] != tt.method {
				t.Fatalf("change notice: %+v", msgs)
			}

			res, err := c.login(secAliceLogin(secAlicePassword))
			if err != nil || res.Token != "" || res.Challenge == nil || res.Challenge.Method != tt.method || res.Challenge.Destination != tt.masked {
				t.Fatalf("first step: %+v %v", res, err)
			}
			var login notify.Message
			for _, m := range c.drain(t) {
				login = m
			}
			if login.Template != notify.VerificationCode || login.Channel != tt.channel || login.To != tt.to || login.Data["expires_minutes"] != "5" {
				t.Fatalf("login code: %+v", login)
			}
			_, err = c.complete(res.Challenge.ID, wrongCode(login.Secret["code"]))
			wantFault(t, err, fault.Invalid, "verify.code_invalid")
			done, err := c.complete(res.Challenge.ID, login.Secret["code"])
			if err != nil || done.Token == "" || done.Session.Method != "password+"+tt.method {
				t.Fatalf("second step: %+v %v", done, err)
			}

			// Turning verification off is proved with the factor in use.
			_, err = c.svc.LoginVerification.Set(actx, identity.LoginVerificationChange{Method: identity.VerifyOff, Code: ""})
			wantFault(t, err, fault.Invalid, "verify.code_invalid")
			if _, err := c.svc.LoginVerification.SendCode(actx, identity.VerifyOff); err != nil {
				t.Fatal(err)
			}
			off := c.mustCode(t, tt.to)
			if _, err := c.svc.LoginVerification.Set(actx, identity.LoginVerificationChange{Method: identity.VerifyOff, Code: off}); err != nil {
				t.Fatal(err)
			}
			if res, err := c.login(secAliceLogin(secAlicePassword)); err != nil || res.Token == "" || res.Challenge != nil {
				t.Fatalf("login with verification off: %+v %v", res, err)
			}
		})
	}
}

func wrongCode(code string) string {
	b := []byte(code)
	b[0] = '0' + (b[0]-'0'+1)%10
	return string(b)
}

func TestLoginChallengeLimits(t *testing.T) {
	c := mustSecureCore(t, identity.Config{})
	_, actx := c.mustAlice(t)
	if _, err := c.svc.LoginVerification.SendCode(actx, identity.VerifyEmail); err != nil {
		t.Fatal(err)
	}
	if _, err := c.svc.LoginVerification.Set(actx, identity.LoginVerificationChange{Method: identity.VerifyEmail, Code: c.mustCode(t, "alice@acme.test"), CurrentPassword: secAlicePassword}); err != nil {
		t.Fatal(err)
	}
	c.drain(t)

	t.Run("ErrExpired", func(t *testing.T) {
		res, err := c.login(secAliceLogin(secAlicePassword))
		if err != nil {
			t.Fatal(err)
		}
		code := c.mustCode(t, "alice@acme.test")
		c.clock.Add(5*time.Minute + time.Second)
		_, err = c.complete(res.Challenge.ID, code)
		wantFault(t, err, fault.Invalid, "verify.code_expired")
	})
	t.Run("ErrTooManyAttempts", func(t *testing.T) {
		// Ten failed sign-ins lock the user: more than a challenge allows.
		if _, err := c.svc.Accounts.SetLoginPolicy(c.admin, identity.LoginPolicy{LoginFailedTimes: 10}); err != nil {
			t.Fatal(err)
		}
		res, err := c.login(secAliceLogin(secAlicePassword))
		if err != nil {
			t.Fatal(err)
		}
		code := c.mustCode(t, "alice@acme.test")
		for range identity.LoginChallengeMaxAttempts {
			_, err = c.complete(res.Challenge.ID, wrongCode(code))
			wantFault(t, err, fault.Invalid, "verify.code_invalid")
		}
		_, err = c.complete(res.Challenge.ID, code)
		wantFault(t, err, fault.Invalid, "verify.too_many_attempts")
		// The wrong codes counted as failed sign-ins too.
		if until, err := c.svc.Users.LockedUntil(c.admin, mustUserID(t, c, "alice")); err != nil || !until.IsZero() {
			t.Fatalf("locked after 5 of 10 failures: %v %v", until, err)
		}
		res, err = c.login(secAliceLogin(secAlicePassword))
		if err != nil {
			t.Fatal(err)
		}
		code = c.mustCode(t, "alice@acme.test")
		for range identity.LoginChallengeMaxAttempts {
			_, _ = c.complete(res.Challenge.ID, wrongCode(code))
		}
		_, err = c.complete(res.Challenge.ID, code)
		wantFault(t, err, fault.Unauthenticated, "auth.invalid_credentials")
		if until, err := c.svc.Users.LockedUntil(c.admin, mustUserID(t, c, "alice")); err != nil || until.IsZero() {
			t.Fatalf("not locked after 10 wrong codes: %v", err)
		}
		if err := c.svc.Users.Unlock(c.admin, mustUserID(t, c, "alice")); err != nil {
			t.Fatal(err)
		}
		c.drain(t)
	})
	t.Run("ErrPasswordChangedMeanwhile", func(t *testing.T) {
		res, err := c.login(secAliceLogin(secAlicePassword))
		if err != nil {
			t.Fatal(err)
		}
		code := c.mustCode(t, "alice@acme.test")
		c.clock.Add(time.Second)
		if _, err := c.svc.Passwords.AdminSet(c.admin, mustUserID(t, c, "alice"), "Another-Pass-2027", false); err != nil {
			t.Fatal(err)
		}
		_, err = c.complete(res.Challenge.ID, code)
		wantFault(t, err, fault.Unauthenticated, "auth.challenge_invalid")
	})
	t.Run("ResetKeepsVerification", func(t *testing.T) {
		// An administrator's reset (like Forgot Password) sets the password
		// but never turns login verification off.
		res, err := c.login(secAliceLogin("Another-Pass-2027"))
		if err != nil || res.Token != "" || res.Challenge == nil {
			t.Fatalf("after a reset the second step is still required: %+v %v", res, err)
		}
	})
	t.Run("ErrUnreachable", func(t *testing.T) {
		if _, err := c.svc.Users.Update(c.admin, mustUserID(t, c, "alice"), identity.UserUpdate{Email: ptrTo("")}); err != nil {
			t.Fatal(err)
		}
		_, err := c.login(secAliceLogin("Another-Pass-2027"))
		wantFault(t, err, fault.Forbidden, "login_verification.unreachable")
	})
}

func TestLoginVerificationChoices(t *testing.T) {
	c := mustSecureCore(t, identity.Config{})
	_, actx := c.mustAlice(t)
	st, err := c.svc.LoginVerification.Status(actx)
	if err != nil || st.Method != identity.VerifyOff || len(st.Available) != 3 {
		t.Fatalf("status: %+v %v", st, err)
	}
	tests := []struct{ name, method, code string }{
		{"ErrUnknownMethod", "carrier-pigeon", "login_verification.method"},
		{"ErrUnchanged", identity.VerifyOff, "login_verification.unchanged"},
		{"ErrTOTPHasNoCodeToSend", identity.VerifyTOTP, "login_verification.use_device"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.svc.LoginVerification.SendCode(actx, tt.method)
			wantFault(t, err, fault.Invalid, tt.code)
		})
	}
	_, err = c.svc.LoginVerification.Set(actx, identity.LoginVerificationChange{Method: identity.VerifyTOTP, Code: "123456", CurrentPassword: secAlicePassword})
	wantFault(t, err, fault.Conflict, "login_verification.mfa_required")
	c.mustBind(t, actx)
	if st, _ := c.svc.LoginVerification.Status(actx); len(st.Available) != 4 {
		t.Fatalf("with a device: %+v", st)
	}
	// An API-client token is not a person: it cannot change the setting.
	_, err = c.svc.LoginVerification.SendCode(identity.WithPrincipal(context.Background(),
		identity.Principal{Kind: identity.ClientToken, ClientID: "c", AccountID: c.root.AccountID, Admin: true}), identity.VerifyEmail)
	wantFault(t, err, fault.Forbidden, "auth.user_token_required")
}

func mustUserID(t testing.TB, c *secureCore, name string) string {
	t.Helper()
	u, err := c.db.FindUserByName(context.Background(), "acme", name)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func ptrTo[T any](v T) *T { return &v }
