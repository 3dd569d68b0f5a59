package identity_test

import (
	"context"
	"reflect"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/password"
	"github.com/watchword/watchword/internal/verify"
)

const newPassword = "Fresh-Meadow-Lantern-93"

func TestResetByLink(t *testing.T) {
	c := mustRecoveryCore(t, nil)
	ctx := from("192.0.2.7")
	other, otherToken := c.fx.MustLogin(t, identity.LoginInput{Email: "root@acme.test", Password: rcRootPassword})
	if err := c.svc.Recovery.SendResetLink(ctx, "ROOT@acme.test"); err != nil {
		t.Fatal(err)
	}
	m := c.oneMessage(t, notify.ResetLink, "root@acme.test")
	if m.Channel != notify.Email || m.Data["expires_minutes"] != "30" || m.Data["account"] != "acme" || m.AccountID != c.root.AccountID {
		t.Fatalf("reset mail %+v", m)
	}
	token := tokenIn(t, m)
	if len(token) != verify.TokenLength {
		t.Fatalf("token %q", token)
	}
	u, err := c.svc.Recovery.ResetWithToken(ctx, token, newPassword)
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != c.root.ID || u.Email != "root@acme.test" || u.LoginVerification != c.root.LoginVerification {
		t.Fatalf("reset user %+v", u)
	}
	c.login(t, identity.LoginInput{AccountName: "acme", Password: newPassword})
	if _, err := c.svc.Auth.Login(context.Background(), identity.LoginInput{AccountName: "acme", Password: rcRootPassword}); err == nil {
		t.Fatal("the old password still works")
	}
	for _, ctx := range []context.Context{c.admin, other} {
		p, _ := identity.PrincipalFrom(ctx)
		if sessions, _ := c.db.FindSessions(context.Background(), p.UserID); containsSession(sessions, p.SessionID) {
			t.Fatal("a session from before the reset survived")
		}
	}
	_, err = c.svc.Auth.Authenticate(context.Background(), otherToken)
	wantFault(t, err, fault.Unauthenticated, "auth.invalid_token")
	c.oneMessage(t, notify.PasswordChangedShowEmail, "root@acme.test")
	_, err = c.svc.Recovery.ResetWithToken(ctx, token, "Another-Meadow-Lantern-94")
	wantFault(t, err, fault.Invalid, "verify.token_invalid")
}

func containsSession(list []*identity.Session, id string) bool {
	for _, s := range list {
		if s.ID == id {
			return true
		}
	}
	return false
}

// Every request is answered alike, and only the right people hear of it.
func TestResetRequestSameAnswer(t *testing.T) {
	c := mustRecoveryCore(t, generous)
	noFactor, err := c.svc.Users.Create(c.admin, identity.NewUser{Name: "nofactor", Password: "Nofactor-Pass-2026"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.svc.Users.Create(c.admin, identity.NewUser{Name: "fed", Email: "fed@acme.test", Origin: identity.OriginFederated}); err != nil {
		t.Fatal(err)
	}
	off, err := c.svc.Users.Create(c.admin, identity.NewUser{Name: "off", Email: "off@acme.test"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.svc.Users.Update(c.admin, off.ID, identity.UserUpdate{Enabled: new(false)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.svc.Users.Create(c.admin, identity.NewUser{Name: "mailonly", Email: "mailonly@acme.test"}); err != nil {
		t.Fatal(err)
	}
	c.messages(t)
	tests := []struct {
		name     string
		id       identity.RecoveryIdentifier
		method   identity.RecoveryMethod
		template string // the one message queued, or "" for none
		to       string
	}{
		{"RootByEmail", identity.RecoveryIdentifier{Email: "root@acme.test"}, identity.RecoverByEmail, notify.ResetCode, "root@acme.test"},
		{"RootBySMS", identity.RecoveryIdentifier{AccountName: "acme"}, identity.RecoverBySMS, notify.ResetCode, rcRootMobile},
		{"RootByMobile", identity.RecoveryIdentifier{Mobile: rcRootMobile}, identity.RecoverByLink, notify.ResetLink, "root@acme.test"},
		{"UnknownEmail", identity.RecoveryIdentifier{Email: "nobody@acme.test"}, identity.RecoverByLink, "", ""},
		{"UnknownAccount", identity.RecoveryIdentifier{AccountName: "nope"}, identity.RecoverByLink, "", ""},
		{"UnknownUser", identity.RecoveryIdentifier{AccountName: "acme", UserName: "nope"}, identity.RecoverBySMS, "", ""},
		{"WrongConfirmation", identity.RecoveryIdentifier{AccountName: "acme", Email: "other@acme.test"}, identity.RecoverByLink, "", ""},
		{"NoFactorAsksAdministrator", identity.RecoveryIdentifier{AccountName: "acme", UserName: "nofactor"}, identity.RecoverByLink, notify.AskAdministrator, "root@acme.test"},
		{"Federated", identity.RecoveryIdentifier{Email: "fed@acme.test"}, identity.RecoverByLink, "", ""},
		{"Disabled", identity.RecoveryIdentifier{Email: "off@acme.test"}, identity.RecoverByLink, "", ""},
		{"FactorNotBound", identity.RecoveryIdentifier{AccountName: "acme", UserName: "mailonly"}, identity.RecoverBySMS, "", ""},
	}
	// The answer depends on the method asked for, and on nothing else.
	answers := map[identity.RecoveryMethod]identity.ResetRequested{
		identity.RecoverByLink:  {Method: identity.RecoverByLink, ExpiresIn: 30 * time.Minute},
		identity.RecoverByEmail: {Method: identity.RecoverByEmail, ExpiresIn: 10 * time.Minute},
		identity.RecoverBySMS:   {Method: identity.RecoverBySMS, ExpiresIn: 10 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.svc.Recovery.RequestReset(from("192.0.2.8"), identity.ResetRequest{RecoveryIdentifier: tt.id, Method: tt.method})
			if err != nil {
				t.Fatal(err)
			}
			if want := answers[tt.method]; !reflect.DeepEqual(*got, want) {
				t.Fatalf("answer %+v, want %+v", *got, want)
			}
			msgs := c.messages(t)
			switch {
			case tt.template == "":
				if len(msgs) != 0 {
					t.Fatalf("queued %+v, want nothing", msgs)
				}
			case len(msgs) != 1 || msgs[0].Template != tt.template || msgs[0].To != tt.to:
				t.Fatalf("queued %+v, want one %s to %s", msgs, tt.template, tt.to)
			}
		})
	}
	t.Run("AskAdministratorNamesTheUser", func(t *testing.T) {
		if _, err := c.svc.Recovery.RequestReset(from("192.0.2.9"), identity.ResetRequest{
			RecoveryIdentifier: identity.RecoveryIdentifier{AccountName: "acme", UserName: noFactor.Name}, Method: identity.RecoverBySMS}); err != nil {
			t.Fatal(err)
		}
		m := c.oneMessage(t, notify.AskAdministrator, "root@acme.test")
		if m.Data["user"] != "nofactor" || m.Data["ip"] != "192.0.2.9" || m.Data["link"] != "" || m.Data["code"] != "" {
			t.Fatalf("ask-administrator mail %+v", m.Data)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, in := range []identity.ResetRequest{
			{Method: identity.RecoverByLink},
			{RecoveryIdentifier: identity.RecoveryIdentifier{UserName: "alice"}, Method: identity.RecoverByLink},
			{RecoveryIdentifier: identity.RecoveryIdentifier{Email: "root@acme.test"}, Method: "fax"},
			{RecoveryIdentifier: identity.RecoveryIdentifier{Email: "not an email"}, Method: identity.RecoverByLink},
			{RecoveryIdentifier: identity.RecoveryIdentifier{Mobile: "0611"}, Method: identity.RecoverBySMS},
		} {
			if _, err := c.svc.Recovery.RequestReset(from("192.0.2.8"), in); fault.KindOf(err) != fault.Invalid {
				t.Errorf("%+v: got %v, want Invalid", in, err)
			}
		}
	})
}

// distinctCodes returns a code source whose codes never repeat: 100001,
// 100002, ... Changing a code's first digit never gives another one.
func distinctCodes() func() string {
	var n atomic.Int64
	return func() string { return strconv.FormatInt(100000+n.Add(1), 10) }
}

func TestResetByCode(t *testing.T) {
	c := mustRecoveryCoreCodes(t, generous, distinctCodes())
	ctx := from("192.0.2.10")
	id := identity.RecoveryIdentifier{AccountName: "acme"}
	request := func() string {
		t.Helper()
		if _, err := c.svc.Recovery.RequestReset(ctx, identity.ResetRequest{RecoveryIdentifier: id, Method: identity.RecoverBySMS}); err != nil {
			t.Fatal(err)
		}
		m := c.oneMessage(t, notify.ResetCode, rcRootMobile)
		if m.Channel != notify.SMS {
			t.Fatalf("channel %q", m.Channel)
		}
		return codeIn(t, m)
	}
	verifyCode := func(code string) (*identity.Ticket, error) {
		return c.svc.Recovery.VerifyResetCode(ctx, identity.ResetCodeCheck{RecoveryIdentifier: id, Code: code})
	}
	wrong := func(code string) string { return string([]byte{'0' + (code[0]-'0'+1)%10}) + code[1:] }

	t.Run("SixthAttemptRefused", func(t *testing.T) {
		code := request()
		for range 5 {
			_, err := verifyCode(wrong(code))
			wantFault(t, err, fault.Invalid, "verify.code_invalid")
		}
		_, err := verifyCode(code)
		wantFault(t, err, fault.Invalid, "verify.code_invalid")
	})
	t.Run("VoidedByNewer", func(t *testing.T) {
		old := request()
		code := request()
		_, err := verifyCode(old)
		wantFault(t, err, fault.Invalid, "verify.code_invalid")
		if _, err := verifyCode(code); err != nil {
			t.Fatalf("the newer code: %v", err)
		}
	})
	t.Run("Expired", func(t *testing.T) {
		code := request()
		c.clock.Add(10 * time.Minute)
		_, err := verifyCode(code)
		wantFault(t, err, fault.Invalid, "verify.code_invalid")
	})
	t.Run("UnknownIdentifier", func(t *testing.T) {
		code := request()
		_, err := c.svc.Recovery.VerifyResetCode(ctx, identity.ResetCodeCheck{
			RecoveryIdentifier: identity.RecoveryIdentifier{AccountName: "nope"}, Code: code})
		wantFault(t, err, fault.Invalid, "verify.code_invalid")
	})
	t.Run("TicketSetsPasswordOnce", func(t *testing.T) {
		code := request()
		ticket, err := verifyCode(code)
		if err != nil {
			t.Fatal(err)
		}
		if !ticket.ExpiresAt.Equal(c.clock.Now().Add(10 * time.Minute)) {
			t.Fatalf("ticket expires %v", ticket.ExpiresAt)
		}
		_, err = verifyCode(code)
		wantFault(t, err, fault.Invalid, "verify.code_invalid")
		in := identity.PasswordReset{Token: ticket.Token, Password: newPassword, Confirmation: newPassword}
		if _, err := c.svc.Recovery.Reset(ctx, in); err != nil {
			t.Fatal(err)
		}
		c.login(t, identity.LoginInput{AccountName: "acme", Password: newPassword})
		c.oneMessage(t, notify.PasswordChangedShowEmail, "root@acme.test")
		in.Password, in.Confirmation = "Another-Meadow-Lantern-94", "Another-Meadow-Lantern-94"
		_, err = c.svc.Recovery.Reset(ctx, in)
		wantFault(t, err, fault.Invalid, "verify.token_invalid")
	})
	t.Run("TicketExpires", func(t *testing.T) {
		ticket, err := verifyCode(request())
		if err != nil {
			t.Fatal(err)
		}
		c.clock.Add(10 * time.Minute)
		_, err = c.svc.Recovery.Reset(ctx, identity.PasswordReset{Token: ticket.Token, Password: "Later-Meadow-Lantern-95", Confirmation: "Later-Meadow-Lantern-95"})
		wantFault(t, err, fault.Invalid, "verify.token_invalid")
	})
}

func TestResetPolicy(t *testing.T) {
	c := mustRecoveryCore(t, nil)
	p := password.DefaultPolicy()
	p.HistoryCount = 3
	if err := c.svc.Accounts.SetPasswordPolicy(c.admin, p); err != nil {
		t.Fatal(err)
	}
	ctx := from("192.0.2.11")
	link := func() string {
		t.Helper()
		if err := c.svc.Recovery.SendResetLink(ctx, "root@acme.test"); err != nil {
			t.Fatal(err)
		}
		return tokenIn(t, c.oneMessage(t, notify.ResetLink, "root@acme.test"))
	}
	token := link()
	reset := func(pw, confirm string) error {
		_, err := c.svc.Recovery.Reset(ctx, identity.PasswordReset{Token: token, Password: pw, Confirmation: confirm})
		return err
	}
	wantFault(t, reset(newPassword, newPassword+"x"), fault.Invalid, "password.confirmation_mismatch")
	wantFault(t, reset(rcRootPassword, rcRootPassword), fault.Policy, "password.same_as_current")
	wantFault(t, reset("short", "short"), fault.Policy, "password.policy")
	// Refusals leave the link usable.
	if err := reset(newPassword, newPassword); err != nil {
		t.Fatal(err)
	}
	c.oneMessage(t, notify.PasswordChangedShowEmail, "root@acme.test")
	token = link()
	err := reset(rcRootPassword, rcRootPassword)
	wantFault(t, err, fault.Policy, "password.policy")
	if !hasFailed(fault.As(err).Rules, "history") {
		t.Fatalf("rules %+v, want history failed", fault.As(err).Rules)
	}
}

// generous lifts the rate limits for tests about something else.
func generous(cfg *identity.RecoveryConfig) {
	l := identity.RateLimit{Count: 1000, Window: time.Hour}
	cfg.Limits = identity.RecoveryLimits{RequestPerIP: l, RequestPerIdentifier: l, SendPerUser: l, VerifyPerIP: l,
		VerifyPerIdentifier: l, VerifyPerUser: l, ResetPerIP: l, CaptchaPerIP: l, ContactPerUser: l}
}

func hasFailed(rules []fault.Rule, id string) bool {
	for _, r := range rules {
		if r.ID == id && !r.Passed {
			return true
		}
	}
	return false
}

// A user with no password yet establishes one; a forced change is cleared.
func TestResetFirstPasswordAndForcedChange(t *testing.T) {
	c := mustRecoveryCore(t, nil)
	ctx := from("192.0.2.12")
	bob, err := c.svc.Users.Create(c.admin, identity.NewUser{Name: "bob", Email: "bob@acme.test"})
	if err != nil || bob.PasswordOrigin != identity.OriginUnset {
		t.Fatalf("create bob: %+v %v", bob, err)
	}
	carol, err := c.svc.Users.Create(c.admin, identity.NewUser{Name: "carol", Email: "carol@acme.test", Password: "Initial-Pass-2026x", ForceChange: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []*identity.User{bob, carol} {
		c.messages(t)
		if err := c.svc.Recovery.SendResetLink(ctx, u.Email); err != nil {
			t.Fatal(err)
		}
		got, err := c.svc.Recovery.ResetWithToken(ctx, tokenIn(t, c.oneMessage(t, notify.ResetLink, u.Email)), newPassword)
		if err != nil {
			t.Fatalf("%s: %v", u.Name, err)
		}
		if got.PasswordOrigin != identity.OriginLocal || got.ForcePasswordChange {
			t.Fatalf("%s after reset: origin %q force %v", u.Name, got.PasswordOrigin, got.ForcePasswordChange)
		}
		res, err := c.svc.Auth.Login(context.Background(), identity.LoginInput{AccountName: "acme", UserName: u.Name, Password: newPassword})
		if err != nil || res.PasswordChangeRequired {
			t.Fatalf("%s login: %+v %v", u.Name, res, err)
		}
	}
}

// TestPasswordChangeVoidsResetLink: a reset link mailed before the user
// changed their password cannot undo the change (the core names the reset
// purposes in the write; the store voids what it is told).
func TestPasswordChangeVoidsResetLink(t *testing.T) {
	c := mustRecoveryCore(t, nil)
	ctx := from("192.0.2.7")
	if err := c.svc.Recovery.SendResetLink(ctx, "root@acme.test"); err != nil {
		t.Fatal(err)
	}
	token := tokenIn(t, c.oneMessage(t, notify.ResetLink, "root@acme.test"))
	if _, err := c.svc.Passwords.Change(c.admin, identity.PasswordChange{Current: rcRootPassword, New: newPassword}); err != nil {
		t.Fatal(err)
	}
	_, err := c.svc.Recovery.ResetWithToken(ctx, token, "Another-Meadow-Lantern-94")
	wantFault(t, err, fault.Invalid, "verify.token_invalid")
	c.login(t, identity.LoginInput{AccountName: "acme", Password: newPassword})
}
