package identity_test

import (
	"context"
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

func TestUpdateMe(t *testing.T) {
	c := mustCore(t)
	alice := c.mustAlice(t)
	ctx := c.mustLogin(t, aliceLogin)
	t.Run("OK", func(t *testing.T) {
		u, err := c.svc.Users.UpdateMe(ctx, identity.ProfileUpdate{DisplayName: ptr("Alice A."), Locale: ptr("en-GB"), Theme: ptr("dark")})
		if err != nil {
			t.Fatal(err)
		}
		if u.ID != alice.ID || u.DisplayName != "Alice A." || u.Locale != "en-GB" || u.Theme != "dark" || u.Email != alice.Email {
			t.Fatalf("after update: %+v", u)
		}
		u, err = c.svc.Users.UpdateMe(ctx, identity.ProfileUpdate{Theme: ptr("")})
		if err != nil || u.Theme != "" || u.DisplayName != "Alice A." || u.Locale != "en-GB" {
			t.Fatalf("a nil field must stay as it is: %+v %v", u, err)
		}
		if got, _ := c.svc.Users.Me(ctx); got.DisplayName != "Alice A." {
			t.Fatalf("Me after update: %+v", got)
		}
	})
	for _, tt := range []struct {
		name string
		in   identity.ProfileUpdate
		want [3]string
	}{
		{"ErrLocale", identity.ProfileUpdate{Locale: ptr("french")},
			[3]string{string(fault.Invalid), "validation.locale", "locale must look like en or fr-FR"}},
		{"ErrDisplayNameLong", identity.ProfileUpdate{DisplayName: ptr(string(make([]byte, 129)))},
			[3]string{string(fault.Invalid), "validation.text", "display_name must be at most 128 characters on one line"}},
		{"ErrDisplayNameNewline", identity.ProfileUpdate{DisplayName: ptr("a\nb")},
			[3]string{string(fault.Invalid), "validation.text", "display_name must be at most 128 characters on one line"}},
		{"ErrTheme", identity.ProfileUpdate{Theme: ptr("../etc")},
			[3]string{string(fault.Invalid), "validation.name", "theme must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.svc.Users.UpdateMe(ctx, tt.in)
			checkFaultOf(t, err, tt.want)
		})
	}
	t.Run("ErrClientToken", func(t *testing.T) {
		cl, _ := c.svc.Auth.CreateClient(c.admin, "ci")
		token, _, err := c.svc.Auth.ClientToken(context.Background(), cl.Client.ID, cl.Secret)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.svc.Users.Me(c.mustAuth(t, token))
		checkFault(t, err, fault.Forbidden, "auth.user_token_required",
			"this operation requires a user access token; API client tokens are not accepted")
	})
}

func TestUserAdministration(t *testing.T) {
	c := mustCore(t)
	var bob *identity.User
	t.Run("OKCreate", func(t *testing.T) {
		var err error
		bob, err = c.svc.Users.Create(c.admin, identity.NewUser{Name: "bob", DisplayName: "Bob", Email: "Bob@Acme.test",
			Mobile: "+33612345678", Locale: "fr", Password: alicePassword})
		if err != nil {
			t.Fatal(err)
		}
		if bob.AccountID != c.acct.ID || bob.Root || bob.Admin || bob.Email != "bob@acme.test" || bob.PasswordOrigin != identity.OriginLocal ||
			bob.ForcePasswordChange || !bob.Enabled || bob.PasswordChangedAt.IsZero() {
			t.Fatalf("created: %+v", bob)
		}
		c.mustLogin(t, identity.LoginInput{AccountName: "acme", UserName: "bob", Password: alicePassword})
	})
	t.Run("OKCreateWithoutPassword", func(t *testing.T) {
		u := c.mustUser(t, identity.NewUser{Name: "uma"})
		if u.PasswordOrigin != identity.OriginUnset || u.PasswordHash != "" {
			t.Fatalf("created: %+v", u)
		}
	})
	t.Run("OKCreateFederated", func(t *testing.T) {
		u := c.mustUser(t, identity.NewUser{Name: "fred", Origin: identity.OriginFederated})
		if u.PasswordOrigin != identity.OriginFederated || u.PasswordHash != "" {
			t.Fatalf("created: %+v", u)
		}
	})
	t.Run("OKCreateForceChange", func(t *testing.T) {
		c.mustUser(t, identity.NewUser{Name: "newbie", Password: alicePassword, ForceChange: true})
		res, err := c.svc.Auth.Login(context.Background(), identity.LoginInput{AccountName: "acme", UserName: "newbie", Password: alicePassword})
		if err != nil || !res.PasswordChangeRequired {
			t.Fatalf("login: %+v %v", res, err)
		}
	})
	for _, tt := range []struct {
		name string
		in   identity.NewUser
		want [3]string
	}{
		{"ErrNameTaken", identity.NewUser{Name: "bob"},
			[3]string{string(fault.Conflict), "user.name_taken", "a user with this name already exists"}},
		{"ErrNameIsAccountName", identity.NewUser{Name: "acme"},
			[3]string{string(fault.Conflict), "user.name_taken", "a user with this name already exists"}},
		{"ErrEmailTaken", identity.NewUser{Name: "bobby", Email: "BOB@acme.test"},
			[3]string{string(fault.Conflict), "email.taken", "this email address is already in use"}},
		{"ErrName", identity.NewUser{Name: "-bob"},
			[3]string{string(fault.Invalid), "validation.name", "name must be 1 to 128 letters, digits, '.', '_', '-', '@' or '+', starting with a letter or digit"}},
		{"ErrEmail", identity.NewUser{Name: "eve", Email: "eve@"},
			[3]string{string(fault.Invalid), "validation.email", "email is not a valid email address"}},
		{"ErrMobile", identity.NewUser{Name: "eve", Mobile: "0612345678"},
			[3]string{string(fault.Invalid), "validation.mobile", "mobile must be an international number such as +33612345678"}},
		{"ErrPolicy", identity.NewUser{Name: "eve", Password: "eve"},
			[3]string{string(fault.Policy), "password.policy", "the password does not meet the password policy: it must be at least 8 characters long"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.svc.Users.Create(c.admin, tt.in)
			checkFaultOf(t, err, tt.want)
		})
	}
	t.Run("OKGet", func(t *testing.T) {
		u, err := c.svc.Users.Get(c.admin, bob.ID)
		if err != nil || u.Name != "bob" || u.AccountName != "acme" {
			t.Fatalf("get: %+v %v", u, err)
		}
	})
	t.Run("OKList", func(t *testing.T) {
		all, total, err := c.svc.Users.List(c.admin, identity.UserFilter{})
		if err != nil || total != 5 || len(all) != 5 || !all[0].Root {
			t.Fatalf("list: %d %v %v", total, all, err)
		}
		page, total, err := c.svc.Users.List(c.admin, identity.UserFilter{Offset: 1, Limit: 2})
		if err != nil || total != 5 || len(page) != 2 || page[0].Name != "bob" || page[1].Name != "fred" {
			t.Fatalf("page: %d %v %v", total, page, err)
		}
		one, total, err := c.svc.Users.List(c.admin, identity.UserFilter{Name: ptr("uma")})
		if err != nil || total != 1 || len(one) != 1 || one[0].Name != "uma" {
			t.Fatalf("by name: %d %v %v", total, one, err)
		}
	})
	t.Run("OKUpdateEveryField", func(t *testing.T) {
		upd := identity.UserUpdate{Name: ptr("robert"), DisplayName: ptr("Robert"), Email: ptr("Robert@acme.test"),
			EmailVerified: ptr(true), Mobile: ptr("+33687654321"), MobileVerified: ptr(true), Locale: ptr("en"),
			Theme: ptr("dark"), Admin: ptr(true), Enabled: ptr(true)}
		u, err := c.svc.Users.Update(c.admin, bob.ID, upd)
		if err != nil {
			t.Fatal(err)
		}
		if u.Name != "robert" || u.DisplayName != "Robert" || u.Email != "robert@acme.test" || !u.EmailVerified ||
			u.Mobile != "+33687654321" || !u.MobileVerified || u.Locale != "en" || u.Theme != "dark" || !u.Admin || !u.Enabled ||
			u.ID != bob.ID || u.PasswordHash != c.hashOf(t, bob.ID) {
			t.Fatalf("after update: %+v", u)
		}
		c.mustLogin(t, identity.LoginInput{AccountName: "acme", UserName: "robert", Password: alicePassword})
	})
	for _, tt := range []struct {
		name string
		id   func() string
		upd  identity.UserUpdate
		want [3]string
	}{
		{"ErrRenameTaken", func() string { return bob.ID }, identity.UserUpdate{Name: ptr("uma")},
			[3]string{string(fault.Conflict), "user.name_taken", "a user with this name already exists"}},
		{"ErrRenameToAccountName", func() string { return bob.ID }, identity.UserUpdate{Name: ptr("acme")},
			[3]string{string(fault.Conflict), "user.name_taken", "a user with this name already exists"}},
		{"ErrEmailTaken", func() string { return bob.ID }, identity.UserUpdate{Email: ptr("root@acme.test")},
			[3]string{string(fault.Conflict), "email.taken", "this email address is already in use"}},
		{"ErrRootRename", func() string { return c.root.ID }, identity.UserUpdate{Name: ptr("boss")},
			[3]string{string(fault.Invalid), "user.root_rename", "the root user is named after its account and cannot be renamed"}},
		{"ErrRootDisable", func() string { return c.root.ID }, identity.UserUpdate{Enabled: ptr(false)},
			[3]string{string(fault.Invalid), "user.root_protected", "the root user cannot be disabled or lose administration"}},
		{"ErrRootDemote", func() string { return c.root.ID }, identity.UserUpdate{Admin: ptr(false)},
			[3]string{string(fault.Invalid), "user.root_protected", "the root user cannot be disabled or lose administration"}},
		{"ErrUnknown", func() string { return "nope" }, identity.UserUpdate{DisplayName: ptr("x")}, noSuchUser},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.svc.Users.Update(c.admin, tt.id(), tt.upd)
			checkFaultOf(t, err, tt.want)
		})
	}
	t.Run("OKDisableRevokesSessions", func(t *testing.T) {
		_, token := c.mustSession(t, identity.LoginInput{AccountName: "acme", UserName: "robert", Password: alicePassword})
		if _, err := c.svc.Users.Update(c.admin, bob.ID, identity.UserUpdate{Enabled: ptr(false)}); err != nil {
			t.Fatal(err)
		}
		_, err := c.svc.Auth.Authenticate(context.Background(), token)
		checkFaultOf(t, err, badToken)
		_, err = c.svc.Auth.Login(context.Background(), identity.LoginInput{AccountName: "acme", UserName: "robert", Password: alicePassword})
		checkFaultOf(t, err, badCredentials)
	})
	t.Run("ErrDeleteRoot", func(t *testing.T) {
		err := c.svc.Users.Delete(c.admin, c.root.ID)
		checkFault(t, err, fault.Invalid, "user.root_protected", "the root user cannot be deleted")
	})
	t.Run("OKDelete", func(t *testing.T) {
		if err := c.svc.Users.Delete(c.admin, bob.ID); err != nil {
			t.Fatal(err)
		}
		_, err := c.svc.Users.Get(c.admin, bob.ID)
		checkFaultOf(t, err, noSuchUser)
		err = c.svc.Users.Delete(c.admin, bob.ID)
		checkFaultOf(t, err, noSuchUser)
	})
}

// TestUpdateDetailUserRules: an administrator's whole change (the Keystone
// and SCIM faces' update) keeps the rules of Update: the account's name is
// not a user's, and disabling a user ends its sessions.
func TestUpdateDetailUserRules(t *testing.T) {
	c := mustCore(t)
	bob := c.mustUser(t, identity.NewUser{Name: "bob", Password: alicePassword})
	t.Run("ErrRenameToAccountName", func(t *testing.T) {
		_, err := c.svc.Users.UpdateDetail(c.admin, bob.ID, identity.UserChange{User: identity.UserUpdate{Name: ptr("acme")}})
		checkFaultOf(t, err, [3]string{string(fault.Conflict), "user.name_taken", "a user with this name already exists"})
	})
	t.Run("OKDisableRevokesSessions", func(t *testing.T) {
		_, token := c.mustSession(t, identity.LoginInput{AccountName: "acme", UserName: "bob", Password: alicePassword})
		if _, err := c.svc.Users.UpdateDetail(c.admin, bob.ID, identity.UserChange{User: identity.UserUpdate{Enabled: ptr(false)}}); err != nil {
			t.Fatal(err)
		}
		_, err := c.svc.Auth.Authenticate(context.Background(), token)
		checkFaultOf(t, err, badToken)
	})
}

func TestUserAdministrationBoundaries(t *testing.T) {
	c := mustCore(t)
	c.mustAlice(t)
	other, otherAdmin := c.mustOtherAccount(t)
	alice := c.mustLogin(t, aliceLogin)
	t.Run("ErrOtherAccountsUser", func(t *testing.T) {
		_, err := c.svc.Users.Get(c.admin, other.ID)
		checkFaultOf(t, err, noSuchUser)
		_, err = c.svc.Users.Update(c.admin, other.ID, identity.UserUpdate{DisplayName: ptr("pwned")})
		checkFaultOf(t, err, noSuchUser)
		err = c.svc.Users.Delete(c.admin, other.ID)
		checkFaultOf(t, err, noSuchUser)
		if u, _ := c.db.FindUserByID(context.Background(), other.ID); u.DisplayName != "" {
			t.Fatalf("another account's user was changed: %+v", u)
		}
	})
	t.Run("OKListOnlyOwnAccount", func(t *testing.T) {
		users, total, err := c.svc.Users.List(otherAdmin, identity.UserFilter{})
		if err != nil || total != 1 || users[0].ID != other.ID {
			t.Fatalf("globex sees: %d %v %v", total, users, err)
		}
	})
	t.Run("ErrNotAdmin", func(t *testing.T) {
		_, err := c.svc.Users.Create(alice, identity.NewUser{Name: "mallory"})
		checkFaultOf(t, err, adminRequired)
		_, _, err = c.svc.Users.List(alice, identity.UserFilter{})
		checkFaultOf(t, err, adminRequired)
		_, err = c.svc.Users.Get(alice, c.root.ID)
		checkFaultOf(t, err, adminRequired)
		_, err = c.svc.Users.Update(alice, c.root.ID, identity.UserUpdate{DisplayName: ptr("x")})
		checkFaultOf(t, err, adminRequired)
		err = c.svc.Users.Delete(alice, c.root.ID)
		checkFaultOf(t, err, adminRequired)
	})
	t.Run("ErrUnauthenticated", func(t *testing.T) {
		_, err := c.svc.Users.Create(context.Background(), identity.NewUser{Name: "mallory"})
		checkFault(t, err, fault.Unauthenticated, "auth.required", "authentication required")
	})
	t.Run("OKClientTokenAdministers", func(t *testing.T) {
		cl, err := c.svc.Auth.CreateClient(c.admin, "provisioner")
		if err != nil {
			t.Fatal(err)
		}
		token, _, err := c.svc.Auth.ClientToken(context.Background(), cl.Client.ID, cl.Secret)
		if err != nil {
			t.Fatal(err)
		}
		u, err := c.svc.Users.Create(c.mustAuth(t, token), identity.NewUser{Name: "carol"})
		if err != nil || u.AccountID != c.acct.ID {
			t.Fatalf("create by client: %+v %v", u, err)
		}
	})
}

// TestRootUserAnswersToItself checks that no one but the root user changes
// the root user: an IAM administrator (or an API client) that could set its
// email or password could take the whole account over.
func TestRootUserAnswersToItself(t *testing.T) {
	c := mustCore(t)
	c.mustUser(t, identity.NewUser{Name: "ada", Email: "ada@acme.test", Admin: true, Password: alicePassword})
	ada := c.mustLogin(t, identity.LoginInput{Email: "ada@acme.test", Password: alicePassword})
	cl, err := c.svc.Auth.CreateClient(c.admin, "ci")
	if err != nil {
		t.Fatal(err)
	}
	token, _, err := c.svc.Auth.ClientToken(context.Background(), cl.Client.ID, cl.Secret)
	if err != nil {
		t.Fatal(err)
	}
	machine := c.mustAuth(t, token)
	rootOnly := [3]string{string(fault.Forbidden), "user.root_protected", "only the root user can change the root user"}
	rootContact := [3]string{string(fault.Forbidden), "user.root_protected",
		"only the root user can change the account's email address or mobile number"}
	for name, ctx := range map[string]context.Context{"IAMAdmin": ada, "APIClient": machine} {
		t.Run("Err"+name+"UpdatesRoot", func(t *testing.T) {
			_, err := c.svc.Users.Update(ctx, c.root.ID, identity.UserUpdate{Email: ptr("evil@acme.test")})
			checkFaultOf(t, err, rootOnly)
		})
		t.Run("Err"+name+"SetsRootPassword", func(t *testing.T) {
			_, err := c.svc.Passwords.AdminSet(ctx, c.root.ID, "Taken-Over-Battery-42", false)
			checkFaultOf(t, err, rootOnly)
		})
		t.Run("Err"+name+"ChangesAccountEmail", func(t *testing.T) {
			_, err := c.svc.Accounts.Update(ctx, identity.AccountUpdate{Email: ptr("evil@acme.test")})
			checkFaultOf(t, err, rootContact)
			_, err = c.svc.Accounts.Update(ctx, identity.AccountUpdate{MobileNumber: ptr("+33600000000")})
			checkFaultOf(t, err, rootContact)
		})
		t.Run("OK"+name+"ReadsRootAndEditsProfile", func(t *testing.T) {
			if _, err := c.svc.Users.Get(ctx, c.root.ID); err != nil {
				t.Fatal(err)
			}
			// Sending the current email back unchanged is not a change.
			if _, err := c.svc.Accounts.Update(ctx, identity.AccountUpdate{Email: ptr("ROOT@acme.test"), City: ptr("Paris")}); err != nil {
				t.Fatal(err)
			}
		})
	}
	if u, _ := c.db.FindUserByID(context.Background(), c.root.ID); u.Email != "root@acme.test" {
		t.Fatalf("the root user was changed: %+v", u)
	}
	c.mustLogin(t, identity.LoginInput{AccountName: "acme", Password: rootPassword})
	t.Run("OKRootItself", func(t *testing.T) {
		if _, err := c.svc.Users.Update(c.admin, c.root.ID, identity.UserUpdate{DisplayName: ptr("Boss")}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.svc.Accounts.Update(c.admin, identity.AccountUpdate{Email: ptr("boss@acme.test")}); err != nil {
			t.Fatal(err)
		}
	})
}

// TestLookupCancelled checks that a request whose client has gone reads as
// Unavailable, not as an internal error to log and answer with a 500.
func TestLookupCancelled(t *testing.T) {
	c := mustCore(t)
	ctx, cancel := context.WithCancel(c.admin)
	cancel()
	_, err := c.svc.Users.Me(ctx)
	checkFault(t, err, fault.Unavailable, "store.timeout", "the request was cancelled")
	_, err = c.svc.Accounts.Get(ctx)
	checkFault(t, err, fault.Unavailable, "store.timeout", "the request was cancelled")
	_, err = c.svc.Auth.Login(ctx, identity.LoginInput{Email: "root@acme.test", Password: rootPassword})
	checkFault(t, err, fault.Unavailable, "store.timeout", "the request was cancelled")
}
