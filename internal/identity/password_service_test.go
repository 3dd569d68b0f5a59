package identity_test

import (
	"context"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/password"
	"github.com/watchword/watchword/internal/store/sqldb"
)

// aliceLogin is alice's login by email with her first password.
var aliceLogin = identity.LoginInput{Email: "alice@acme.test", Password: alicePassword}

// outbox returns every queued notification.
func outbox(t *testing.T, db *sqldb.DB) []sqldb.OutboxEntry {
	t.Helper()
	rows, err := db.FindOutbox(context.Background(), "", 100)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestPasswordChange(t *testing.T) {
	const next = "Fresh-Battery-43"
	t.Run("OK", func(t *testing.T) {
		c := mustCore(t)
		alice := c.mustAlice(t)
		mine, mineToken := c.mustSession(t, aliceLogin)
		_, otherToken := c.mustSession(t, aliceLogin)
		before := len(outbox(t, c.db))
		res, err := c.svc.Passwords.Change(mine, identity.PasswordChange{Current: alicePassword, New: next})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Evaluation.Failed()) != 0 || len(res.Evaluation.Rules) == 0 {
			t.Fatalf("evaluation: %+v", res.Evaluation)
		}
		if _, err := c.svc.Auth.Authenticate(context.Background(), mineToken); err != nil {
			t.Fatalf("the session that changed the password must survive: %v", err)
		}
		_, err = c.svc.Auth.Authenticate(context.Background(), otherToken)
		checkFaultOf(t, err, badToken)
		_, err = c.svc.Auth.Login(context.Background(), aliceLogin)
		checkFaultOf(t, err, badCredentials)
		c.mustLogin(t, identity.LoginInput{Email: "alice@acme.test", Password: next})

		rows := outbox(t, c.db)
		if len(rows) != before+1 {
			t.Fatalf("outbox has %d new rows, want 1", len(rows)-before)
		}
		n := rows[0]
		if n.Template != notify.PasswordChangedShowEmail || n.To != "alice@acme.test" || n.Channel != string(notify.Email) || n.Status != "pending" {
			t.Fatalf("notification: %+v", n)
		}
		evs, _ := c.db.FindAuditEvents(context.Background(), c.acct.ID, 100)
		found := false
		for _, ev := range evs {
			found = found || (ev.Action == "password.change" && ev.UserID == alice.ID && ev.ActorID == alice.ID && ev.Outcome == "success")
		}
		if !found {
			t.Fatalf("no password.change audit event in %+v", evs)
		}
	})
	t.Run("OKNotifyNone", func(t *testing.T) {
		c := mustCore(t)
		c.mustAlice(t)
		before := len(outbox(t, c.db))
		ctx := c.mustLogin(t, aliceLogin)
		if _, err := c.svc.Passwords.Change(ctx, identity.PasswordChange{Current: alicePassword, New: next,
			Notify: identity.NotifyOptions{None: true}}); err != nil {
			t.Fatal(err)
		}
		if n := len(outbox(t, c.db)) - before; n != 0 {
			t.Fatalf("notifyType NONE queued %d notifications", n)
		}
	})
	t.Run("OKHideEmailAndTheme", func(t *testing.T) {
		c := mustCore(t)
		c.mustAlice(t)
		ctx := c.mustLogin(t, aliceLogin)
		if _, err := c.svc.Passwords.Change(ctx, identity.PasswordChange{Current: alicePassword, New: next,
			Notify: identity.NotifyOptions{HideEmail: true, Theme: "dark"}}); err != nil {
			t.Fatal(err)
		}
		msgs, err := c.db.ClaimOutbox(context.Background(), 10, time.Minute)
		if err != nil || len(msgs) != 1 || msgs[0].Template != notify.PasswordChangedHideEmail || msgs[0].Theme != "dark" ||
			msgs[0].Locale != "fr" || msgs[0].Data["account"] != "acme" {
			t.Fatalf("notification: %+v %v", msgs, err)
		}
	})
	t.Run("OKSMSWithoutEmail", func(t *testing.T) {
		c := mustCore(t)
		c.mustUser(t, identity.NewUser{Name: "sam", Mobile: "+33612345678", Password: alicePassword})
		ctx := c.mustLogin(t, identity.LoginInput{AccountName: "acme", UserName: "sam", Password: alicePassword})
		if _, err := c.svc.Passwords.Change(ctx, identity.PasswordChange{Current: alicePassword, New: next}); err != nil {
			t.Fatal(err)
		}
		rows := outbox(t, c.db)
		if len(rows) != 1 || rows[0].Channel != string(notify.SMS) || rows[0].To != "+33612345678" {
			t.Fatalf("notification: %+v", rows)
		}
	})
	t.Run("ErrCurrentInvalid", func(t *testing.T) {
		c := mustCore(t)
		alice := c.mustAlice(t)
		ctx := c.mustLogin(t, aliceLogin)
		before, queued := c.hashOf(t, alice.ID), len(outbox(t, c.db))
		_, err := c.svc.Passwords.Change(ctx, identity.PasswordChange{Current: "Wrong-Battery-42", New: next})
		checkFault(t, err, fault.Unauthenticated, "password.current_invalid", "the current password is incorrect")
		if c.hashOf(t, alice.ID) != before || len(outbox(t, c.db)) != queued {
			t.Fatal("a refused change wrote something")
		}
		c.mustLogin(t, aliceLogin)
	})
	t.Run("ErrSameAsCurrent", func(t *testing.T) {
		c := mustCore(t)
		c.mustAlice(t)
		ctx := c.mustLogin(t, aliceLogin)
		_, err := c.svc.Passwords.Change(ctx, identity.PasswordChange{Current: alicePassword, New: alicePassword})
		checkFault(t, err, fault.Policy, "password.same_as_current", "the new password must differ from the current one")
	})
	t.Run("ErrPolicy", func(t *testing.T) {
		c := mustCore(t)
		c.mustAlice(t)
		ctx := c.mustLogin(t, aliceLogin)
		_, err := c.svc.Passwords.Change(ctx, identity.PasswordChange{Current: alicePassword, New: "ecila"})
		checkFault(t, err, fault.Policy, password.CodePolicy, "the password does not meet the password policy: it must be at least 8 characters long")
		failed := map[string]bool{}
		for _, r := range fault.As(err).Rules {
			if !r.Passed {
				failed[r.ID] = true
			}
		}
		want := map[string]bool{password.RuleMinLength: true, password.RuleCharTypes: true, password.RuleNotUsername: true}
		if len(failed) != len(want) || !failed[password.RuleMinLength] || !failed[password.RuleCharTypes] || !failed[password.RuleNotUsername] {
			t.Fatalf("failed rules = %v, want %v (all rules: %+v)", failed, want, fault.As(err).Rules)
		}
	})
	t.Run("ErrPolicyEmail", func(t *testing.T) {
		c := mustCore(t)
		c.mustAlice(t)
		ctx := c.mustLogin(t, aliceLogin)
		_, err := c.svc.Passwords.Change(ctx, identity.PasswordChange{Current: alicePassword, New: "x-alice@acme.test-1"})
		checkFault(t, err, fault.Policy, password.CodePolicy,
			"the password does not meet the password policy: it must not contain the name part of the email address (before the @) or the mobile number")
	})
	t.Run("ErrClientToken", func(t *testing.T) {
		c := mustCore(t)
		cl, err := c.svc.Auth.CreateClient(c.admin, "ci")
		if err != nil {
			t.Fatal(err)
		}
		token, _, err := c.svc.Auth.ClientToken(context.Background(), cl.Client.ID, cl.Secret)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.svc.Passwords.Change(c.mustAuth(t, token), identity.PasswordChange{Current: rootPassword, New: next})
		checkFault(t, err, fault.Forbidden, "auth.user_token_required",
			"this operation requires a user access token; API client tokens are not accepted")
	})
	t.Run("ErrFederated", func(t *testing.T) {
		c := mustCore(t)
		fred := c.mustUser(t, identity.NewUser{Name: "fred", Email: "fred@acme.test", Origin: identity.OriginFederated})
		// A federated user's token comes from its identity provider, not from a password login.
		ctx := identity.WithPrincipal(context.Background(), identity.Principal{SessionID: "s", Kind: identity.UserToken,
			UserID: fred.ID, AccountID: c.acct.ID})
		_, err := c.svc.Passwords.Change(ctx, identity.PasswordChange{Current: "anything", New: next})
		checkFault(t, err, fault.Forbidden, "password.federated",
			"the password of a federated user is managed by its identity provider and cannot be changed here")
	})
	t.Run("ErrUnsetOrigin", func(t *testing.T) {
		c := mustCore(t)
		uma := c.mustUser(t, identity.NewUser{Name: "uma", Email: "uma@acme.test"})
		ctx := identity.WithPrincipal(context.Background(), identity.Principal{SessionID: "s", Kind: identity.UserToken,
			UserID: uma.ID, AccountID: c.acct.ID})
		_, err := c.svc.Passwords.Change(ctx, identity.PasswordChange{Current: "", New: next})
		checkFault(t, err, fault.Unauthenticated, "password.current_invalid", "the current password is incorrect")
	})
	t.Run("ErrUnauthenticated", func(t *testing.T) {
		c := mustCore(t)
		_, err := c.svc.Passwords.Change(context.Background(), identity.PasswordChange{Current: rootPassword, New: next})
		checkFault(t, err, fault.Unauthenticated, "auth.required", "authentication required")
	})
}

func TestPasswordHistory(t *testing.T) {
	c := mustCore(t)
	c.mustAlice(t)
	c.mustPolicy(t, func(p *password.Policy) { p.HistoryCount = 3 })
	ctx := c.mustLogin(t, aliceLogin)
	change := func(cur, next string) error {
		c.clock.Add(time.Minute) // history is ordered by time
		_, err := c.svc.Passwords.Change(ctx, identity.PasswordChange{Current: cur, New: next})
		return err
	}
	const b, cc, d = "Bravo-Battery-42", "Charlie-Battery-42", "Delta-Battery-42"
	if err := change(alicePassword, b); err != nil {
		t.Fatal(err)
	}
	if err := change(b, cc); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, cur, next string }{
		{"ErrReuseFirst", cc, alicePassword},
		{"ErrReusePrevious", cc, b},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := change(tt.cur, tt.next)
			checkFault(t, err, fault.Policy, password.CodePolicy,
				"the password does not meet the password policy: it must not be one of the last 3 passwords")
			rules := fault.As(err).Rules
			last := rules[len(rules)-1]
			if last.ID != "history" || last.Passed || last.Args["count"] != 3 {
				t.Fatalf("history rule: %+v", last)
			}
		})
	}
	t.Run("OKOutsideWindow", func(t *testing.T) {
		if err := change(cc, d); err != nil {
			t.Fatal(err)
		}
		// Now the last three are d (current), cc and b: the first is free again.
		if err := change(d, alicePassword); err != nil {
			t.Fatalf("a password older than the history window was refused: %v", err)
		}
	})
}

func TestPasswordMinAge(t *testing.T) {
	c := mustCore(t)
	c.mustAlice(t)
	c.mustPolicy(t, func(p *password.Policy) { p.MinAgeMinutes = 60 })
	const b, cc = "Bravo-Battery-42", "Charlie-Battery-42"
	c.clock.Add(61 * time.Minute)
	ctx := c.mustLogin(t, aliceLogin)
	if _, err := c.svc.Passwords.Change(ctx, identity.PasswordChange{Current: alicePassword, New: b}); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrTooSoon", func(t *testing.T) {
		c.clock.Add(59 * time.Minute)
		_, err := c.svc.Passwords.Change(ctx, identity.PasswordChange{Current: b, New: cc})
		checkFault(t, err, fault.Policy, "password.min_age", "the password was changed too recently to be changed again")
		r := fault.As(err).Rules
		if len(r) != 1 || r[0].ID != "min_age" || r[0].Passed || r[0].Message != "At least 60 minutes since the last change" {
			t.Fatalf("rules: %+v", r)
		}
	})
	t.Run("OK", func(t *testing.T) {
		c.clock.Add(2 * time.Minute)
		if _, err := c.svc.Passwords.Change(ctx, identity.PasswordChange{Current: b, New: cc}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestPasswordAdminSet(t *testing.T) {
	const set, chosen = "Admin-Battery-42", "Chosen-Battery-42"
	t.Run("OKForceChange", func(t *testing.T) {
		c := mustCore(t)
		alice := c.mustAlice(t)
		c.mustPolicy(t, func(p *password.Policy) { p.MinAgeMinutes = 60 }) // does not hold up a forced change
		_, oldToken := c.mustSession(t, aliceLogin)
		if _, err := c.svc.Passwords.AdminSet(c.admin, alice.ID, set, true); err != nil {
			t.Fatal(err)
		}
		_, err := c.svc.Auth.Authenticate(context.Background(), oldToken)
		checkFaultOf(t, err, badToken)

		res, err := c.svc.Auth.Login(context.Background(), identity.LoginInput{Email: "alice@acme.test", Password: set})
		if err != nil || !res.PasswordChangeRequired || res.Session.Restricted != "password_change" {
			t.Fatalf("login after admin set: %+v %v", res, err)
		}
		ctx := c.mustAuth(t, res.Token)
		if u, err := c.svc.Users.Me(ctx); err != nil || !u.ForcePasswordChange {
			t.Fatalf("a restricted token still reads who it is: %+v %v", u, err)
		}
		if _, err := c.svc.Auth.SessionsPage(ctx, identity.Page{}); err != nil {
			t.Fatalf("a restricted token still lists its sessions: %v", err)
		}
		_, err = c.svc.Users.UpdateMe(ctx, identity.ProfileUpdate{Locale: ptr("en")})
		checkFaultOf(t, err, changeRequired)

		if _, err := c.svc.Passwords.Change(ctx, identity.PasswordChange{Current: set, New: chosen}); err != nil {
			t.Fatal(err)
		}
		ctx = c.mustAuth(t, res.Token)
		if p, _ := identity.PrincipalFrom(ctx); p.Restricted != "" {
			t.Fatalf("still restricted after the change: %+v", p)
		}
		if _, err := c.svc.Users.UpdateMe(ctx, identity.ProfileUpdate{Locale: ptr("en")}); err != nil {
			t.Fatal(err)
		}
		res, err = c.svc.Auth.Login(context.Background(), identity.LoginInput{Email: "alice@acme.test", Password: chosen})
		if err != nil || res.PasswordChangeRequired {
			t.Fatalf("login after the change: %+v %v", res, err)
		}
	})
	t.Run("OKRestrictedAdminCannotAdminister", func(t *testing.T) {
		c := mustCore(t)
		ada := c.mustUser(t, identity.NewUser{Name: "ada", Email: "ada@acme.test", Admin: true, Password: alicePassword})
		if _, err := c.svc.Passwords.AdminSet(c.admin, ada.ID, set, true); err != nil {
			t.Fatal(err)
		}
		ctx := c.mustLogin(t, identity.LoginInput{Email: "ada@acme.test", Password: set})
		_, _, err := c.svc.Users.List(ctx, identity.UserFilter{})
		checkFaultOf(t, err, changeRequired)
		_, err = c.svc.Auth.CreateClient(ctx, "sneaky")
		checkFaultOf(t, err, changeRequired)
	})
	t.Run("OKWithoutForceChange", func(t *testing.T) {
		c := mustCore(t)
		alice := c.mustAlice(t)
		c.mustPolicy(t, func(p *password.Policy) { p.ForceChangeAfterAdminSet = false })
		if _, err := c.svc.Passwords.AdminSet(c.admin, alice.ID, set, false); err != nil {
			t.Fatal(err)
		}
		res, err := c.svc.Auth.Login(context.Background(), identity.LoginInput{Email: "alice@acme.test", Password: set})
		if err != nil || res.PasswordChangeRequired {
			t.Fatalf("login: %+v %v", res, err)
		}
		if rows := outbox(t, c.db); len(rows) != 1 || rows[0].To != "alice@acme.test" {
			t.Fatalf("an administrator's change notifies the user: %+v", rows)
		}
	})
	t.Run("OKPolicyForcesChange", func(t *testing.T) {
		c := mustCore(t) // the default policy forces a change after an administrator sets a password
		alice := c.mustAlice(t)
		if _, err := c.svc.Passwords.AdminSet(c.admin, alice.ID, set, false); err != nil {
			t.Fatal(err)
		}
		res, err := c.svc.Auth.Login(context.Background(), identity.LoginInput{Email: "alice@acme.test", Password: set})
		if err != nil || !res.PasswordChangeRequired {
			t.Fatalf("ForceChangeAfterAdminSet was not applied: %+v %v", res, err)
		}
	})
	t.Run("OKUnsetUserGetsPassword", func(t *testing.T) {
		c := mustCore(t)
		uma := c.mustUser(t, identity.NewUser{Name: "uma", Email: "uma@acme.test"})
		if _, err := c.svc.Passwords.AdminSet(c.admin, uma.ID, set, false); err != nil {
			t.Fatal(err)
		}
		if u, _ := c.db.FindUserByID(context.Background(), uma.ID); u.PasswordOrigin != identity.OriginLocal {
			t.Fatalf("origin after admin set: %q", u.PasswordOrigin)
		}
		c.mustLogin(t, identity.LoginInput{Email: "uma@acme.test", Password: set})
	})
	t.Run("ErrOtherAccount", func(t *testing.T) {
		c := mustCore(t)
		other, _ := c.mustOtherAccount(t)
		_, err := c.svc.Passwords.AdminSet(c.admin, other.ID, set, false)
		checkFaultOf(t, err, noSuchUser)
		_, err = c.svc.Passwords.AdminSet(c.admin, "no-such-id", set, false)
		checkFaultOf(t, err, noSuchUser)
	})
	t.Run("ErrNotAdmin", func(t *testing.T) {
		c := mustCore(t)
		c.mustAlice(t)
		ctx := c.mustLogin(t, aliceLogin)
		_, err := c.svc.Passwords.AdminSet(ctx, c.root.ID, set, false)
		checkFaultOf(t, err, adminRequired)
	})
	t.Run("ErrFederated", func(t *testing.T) {
		c := mustCore(t)
		fred := c.mustUser(t, identity.NewUser{Name: "fred", Email: "fred@acme.test", Origin: identity.OriginFederated})
		_, err := c.svc.Passwords.AdminSet(c.admin, fred.ID, set, false)
		checkFault(t, err, fault.Forbidden, "password.federated",
			"the password of a federated user is managed by its identity provider and cannot be changed here")
	})
	t.Run("ErrPolicy", func(t *testing.T) {
		c := mustCore(t)
		alice := c.mustAlice(t)
		_, err := c.svc.Passwords.AdminSet(c.admin, alice.ID, "short", false)
		checkFault(t, err, fault.Policy, password.CodePolicy, "the password does not meet the password policy: it must be at least 8 characters long")
	})
}
