package identity_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/password"
)

func TestAccountCreate(t *testing.T) {
	c := mustCore(t)
	t.Run("OK", func(t *testing.T) {
		if len(c.acct.ID) != 12 || c.acct.Name != "acme" || c.acct.Profile.Email != "root@acme.test" ||
			!reflect.DeepEqual(c.acct.PasswordPolicy, password.DefaultPolicy()) {
			t.Fatalf("account: %+v", c.acct)
		}
		if !c.root.Root || !c.root.IsAdmin() || c.root.Name != "acme" || c.root.PasswordOrigin != identity.OriginLocal {
			t.Fatalf("root user: %+v", c.root)
		}
	})
	for _, tt := range []struct {
		name string
		in   identity.NewAccount
		want [3]string
	}{
		{"ErrNameTaken", identity.NewAccount{Name: "acme", Email: "other@acme.test", Password: rootPassword},
			[3]string{string(fault.Conflict), "account.name_taken", "an account with this name already exists"}},
		{"ErrEmailTaken", identity.NewAccount{Name: "acme2", Email: "ROOT@acme.test", Password: rootPassword},
			[3]string{string(fault.Conflict), "email.taken", "this email address is already in use"}},
		{"ErrName", identity.NewAccount{Name: "", Email: "x@acme.test", Password: rootPassword},
			[3]string{string(fault.Invalid), "validation.name", "name must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"}},
		{"ErrLocale", identity.NewAccount{Name: "initech", Password: rootPassword, Locale: "EN"},
			[3]string{string(fault.Invalid), "validation.locale", "locale must look like en or fr-FR"}},
		{"ErrPasswordIsName", identity.NewAccount{Name: "initech-1234", Password: "initech-1234"},
			[3]string{string(fault.Policy), "password.policy",
				"the password does not meet the password policy: it must not be the username or the account name, nor either spelled backwards, even with digits or symbols added"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := c.svc.Accounts.Create(context.Background(), tt.in)
			checkFaultOf(t, err, tt.want)
		})
	}
}

func TestAccountUpdate(t *testing.T) {
	c := mustCore(t)
	c.mustAlice(t)
	t.Run("OKEveryField", func(t *testing.T) {
		upd := identity.AccountUpdate{FirstName: ptr("Wile"), LastName: ptr("Coyote"), CompanyName: ptr("ACME Corp"),
			JobTitle: ptr("Engineer"), Email: ptr("Boss@Acme.test"), AdditionalEmails: ptr([]string{"Ops@acme.test", " ", "billing@acme.test"}),
			MobileNumber: ptr("+15555550100"), PhoneNumber: ptr("+1 555 555 0101"), City: ptr("Phoenix"),
			StateProvince: ptr("AZ"), Country: ptr("US"), ZipCode: ptr("85001"), VatNumber: ptr("US123")}
		a, err := c.svc.Accounts.Update(c.admin, upd)
		if err != nil {
			t.Fatal(err)
		}
		want := identity.AccountProfile{FirstName: "Wile", LastName: "Coyote", CompanyName: "ACME Corp", JobTitle: "Engineer",
			Email: "root@acme.test", AdditionalEmails: []string{"ops@acme.test", "billing@acme.test"},
			PhoneNumber: "+1 555 555 0101", City: "Phoenix", StateProvince: "AZ", Country: "US", ZipCode: "85001", VatNumber: "US123"}
		if !reflect.DeepEqual(a.Profile, want) {
			t.Fatalf("profile:\n got %+v\nwant %+v", a.Profile, want)
		}
		if a.ID != c.acct.ID || a.Name != "acme" {
			t.Fatalf("the account ID and name must not change: %+v", a)
		}
		got, err := c.svc.Accounts.Get(c.admin)
		if err != nil || !reflect.DeepEqual(got.Profile, want) || got.ID != c.acct.ID {
			t.Fatalf("get after update: %+v %v", got, err)
		}
		// The email and mobile are pending until a code proves them
		// (account_contact_test.go); the root user keeps the proven ones.
		if len(a.PendingContacts) != 2 {
			t.Fatalf("pending %+v, want the email and the mobile", a.PendingContacts)
		}
		root, _ := c.db.FindUserByID(context.Background(), c.root.ID)
		if root.Email != "root@acme.test" || root.Mobile != "" {
			t.Fatalf("the root user's email and mobile moved before any proof: %+v", root)
		}
		c.mustLogin(t, identity.LoginInput{Email: "root@acme.test", Password: rootPassword})
	})
	t.Run("OKPartial", func(t *testing.T) {
		a, err := c.svc.Accounts.Update(c.admin, identity.AccountUpdate{City: ptr("Tucson")})
		if err != nil || a.Profile.City != "Tucson" || a.Profile.FirstName != "Wile" || len(a.Profile.AdditionalEmails) != 2 {
			t.Fatalf("partial update: %+v %v", a, err)
		}
	})
	for _, tt := range []struct {
		name string
		upd  identity.AccountUpdate
		want [3]string
	}{
		{"ErrEmailRemoved", identity.AccountUpdate{Email: ptr("")},
			[3]string{string(fault.Invalid), "validation.email", "email cannot be removed from an account"}},
		{"ErrEmailTaken", identity.AccountUpdate{Email: ptr("alice@acme.test")},
			[3]string{string(fault.Conflict), "email.taken", "this email address is already in use"}},
		{"ErrAdditionalEmail", identity.AccountUpdate{AdditionalEmails: ptr([]string{"nope"})},
			[3]string{string(fault.Invalid), "validation.email", "additional_emails is not a valid email address"}},
		{"ErrMobile", identity.AccountUpdate{MobileNumber: ptr("12")},
			[3]string{string(fault.Invalid), "validation.mobile", "mobile_number must be an international number such as +33612345678"}},
		{"ErrText", identity.AccountUpdate{City: ptr("a\r\nb")},
			[3]string{string(fault.Invalid), "validation.text", "city must be at most 255 characters on one line"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.svc.Accounts.Update(c.admin, tt.upd)
			checkFaultOf(t, err, tt.want)
		})
	}
	t.Run("ErrNotAdmin", func(t *testing.T) {
		_, err := c.svc.Accounts.Update(c.mustLogin(t, aliceLogin), identity.AccountUpdate{City: ptr("x")})
		checkFaultOf(t, err, adminRequired)
	})
	t.Run("ErrUnauthenticated", func(t *testing.T) {
		_, err := c.svc.Accounts.Get(context.Background())
		checkFault(t, err, fault.Unauthenticated, "auth.required", "authentication required")
	})
}

func TestAccountPasswordPolicy(t *testing.T) {
	c := mustCore(t)
	c.mustAlice(t)
	t.Run("OK", func(t *testing.T) {
		p := password.PresetHuawei()
		if err := c.svc.Accounts.SetPasswordPolicy(c.admin, p); err != nil {
			t.Fatal(err)
		}
		a, err := c.svc.Accounts.Get(c.admin)
		if err != nil || !reflect.DeepEqual(a.PasswordPolicy, p) {
			t.Fatalf("policy: %+v %v", a.PasswordPolicy, err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		err := c.svc.Accounts.SetPasswordPolicy(c.admin, password.Policy{MinLength: 0})
		if fault.KindOf(err) != fault.Invalid {
			t.Fatalf("got %v, want an Invalid fault", err)
		}
	})
	t.Run("ErrNotAdmin", func(t *testing.T) {
		err := c.svc.Accounts.SetPasswordPolicy(c.mustLogin(t, aliceLogin), password.DefaultPolicy())
		checkFaultOf(t, err, adminRequired)
	})
}
