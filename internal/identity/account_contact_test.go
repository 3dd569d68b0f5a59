package identity_test

import (
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
)

// byTemplate indexes queued messages by template and recipient.
func byTemplate(msgs []notify.Message) map[string]notify.Message {
	out := map[string]notify.Message{}
	for _, m := range msgs {
		out[m.Template+" "+m.To] = m
	}
	return out
}

// An account update does not move the root user's email: it sends a code to
// the new address and tells the old one; sign-in and recovery keep the
// proven address until Bind proves the code with an identity ticket.
func TestAccountUpdateEmailIsPending(t *testing.T) {
	c := mustRecoveryCore(t, generous)
	a, err := c.svc.Accounts.Update(c.admin, identity.AccountUpdate{Email: ptr("New@acme.test"), City: ptr("Lyon")})
	if err != nil {
		t.Fatal(err)
	}
	if a.Profile.Email != "root@acme.test" || a.Profile.City != "Lyon" {
		t.Fatalf("profile %+v: the email must stay, the city must change", a.Profile)
	}
	if len(a.PendingContacts) != 1 || a.PendingContacts[0].Channel != notify.Email || a.PendingContacts[0].To != "n•••@acme.test" {
		t.Fatalf("pending %+v", a.PendingContacts)
	}
	msgs := byTemplate(c.messages(t))
	code := codeIn(t, msgs[notify.VerificationCode+" new@acme.test"])
	notice, ok := msgs[notify.EmailChangeRequested+" root@acme.test"]
	if len(msgs) != 2 || !ok || notice.Data["new_email"] != "new@acme.test" || notice.Data["old_email"] != "root@acme.test" {
		t.Fatalf("queued %+v, want a code to the new address and a notice to the old", msgs)
	}

	// Sign-in and recovery keep the proven address.
	_, err = c.svc.Auth.Login(from("192.0.2.1"), identity.LoginInput{Email: "new@acme.test", Password: rcRootPassword})
	wantFault(t, err, fault.Unauthenticated, "auth.invalid_credentials")
	c.login(t, identity.LoginInput{Email: "root@acme.test", Password: rcRootPassword})
	if err := c.svc.Recovery.SendResetLink(from("192.0.2.1"), "new@acme.test"); err != nil {
		t.Fatal(err)
	}
	if msgs := c.messages(t); len(msgs) != 0 {
		t.Fatalf("a reset for the unproven address queued %+v", msgs)
	}
	if err := c.svc.Recovery.SendResetLink(from("192.0.2.1"), "root@acme.test"); err != nil {
		t.Fatal(err)
	}
	c.oneMessage(t, notify.ResetLink, "root@acme.test")

	// The code alone binds nothing: Bind wants the identity ticket too.
	_, err = c.svc.Contacts.Bind(c.admin, identity.ContactEmail, identity.ContactChange{Address: "new@acme.test", Code: code})
	wantFault(t, err, fault.Invalid, "verify.token_invalid")
	if _, err := c.svc.Contacts.SendIdentityCode(c.admin, identity.ContactEmail, notify.Email); err != nil {
		t.Fatal(err)
	}
	ticket, err := c.svc.Contacts.VerifyIdentity(c.admin, identity.ContactEmail,
		identity.IdentityProof{Code: codeIn(t, c.oneMessage(t, notify.VerificationCode, "root@acme.test"))})
	if err != nil {
		t.Fatal(err)
	}
	u, err := c.svc.Contacts.Bind(c.admin, identity.ContactEmail, identity.ContactChange{Ticket: ticket.Token, Address: "new@acme.test", Code: code})
	if err != nil || u.Email != "new@acme.test" || !u.EmailVerified {
		t.Fatalf("bind: %+v %v", u, err)
	}
	c.oneMessage(t, notify.EmailChanged, "root@acme.test")
	if a, _ := c.svc.Accounts.Get(c.admin); a.Profile.Email != "new@acme.test" {
		t.Fatalf("account email %q after the bind", a.Profile.Email)
	}
	c.login(t, identity.LoginInput{Email: "new@acme.test", Password: rcRootPassword})
}

func TestAccountUpdateMobileIsPending(t *testing.T) {
	c := mustRecoveryCore(t, generous)
	a, err := c.svc.Accounts.Update(c.admin, identity.AccountUpdate{MobileNumber: ptr("+33622222222"), FirstName: ptr("Ada")})
	if err != nil {
		t.Fatal(err)
	}
	if a.Profile.MobileNumber != rcRootMobile || a.Profile.FirstName != "Ada" ||
		len(a.PendingContacts) != 1 || a.PendingContacts[0].Channel != notify.SMS {
		t.Fatalf("account %+v", a)
	}
	msgs := byTemplate(c.messages(t))
	code := codeIn(t, msgs[notify.VerificationCode+" +33622222222"])
	_, toOldMobile := msgs[notify.MobileChangeRequested+" "+rcRootMobile]
	_, toEmail := msgs[notify.MobileChangeRequested+" root@acme.test"]
	if len(msgs) != 3 || !toOldMobile || !toEmail {
		t.Fatalf("queued %+v, want a code to the new number and notices to the old one and the email", msgs)
	}
	// Reset codes by SMS still go to the proven number.
	if _, err := c.svc.Recovery.RequestReset(from("192.0.2.1"), identity.ResetRequest{
		RecoveryIdentifier: identity.RecoveryIdentifier{AccountName: "acme"}, Method: identity.RecoverBySMS}); err != nil {
		t.Fatal(err)
	}
	c.oneMessage(t, notify.ResetCode, rcRootMobile)

	if _, err := c.svc.Contacts.SendIdentityCode(c.admin, identity.ContactMobile, notify.Email); err != nil {
		t.Fatal(err)
	}
	ticket, err := c.svc.Contacts.VerifyIdentity(c.admin, identity.ContactMobile,
		identity.IdentityProof{Code: codeIn(t, c.oneMessage(t, notify.VerificationCode, "root@acme.test"))})
	if err != nil {
		t.Fatal(err)
	}
	u, err := c.svc.Contacts.Bind(c.admin, identity.ContactMobile, identity.ContactChange{Ticket: ticket.Token, Address: "+33622222222", Code: code})
	if err != nil || u.Mobile != "+33622222222" {
		t.Fatalf("bind: %+v %v", u, err)
	}
	if a, _ := c.svc.Accounts.Get(c.admin); a.Profile.MobileNumber != "+33622222222" {
		t.Fatalf("account mobile %q after the bind", a.Profile.MobileNumber)
	}
}

func TestAccountUpdateContactRules(t *testing.T) {
	t.Run("ErrMobileRemoved", func(t *testing.T) {
		c := mustRecoveryCore(t, generous)
		_, err := c.svc.Accounts.Update(c.admin, identity.AccountUpdate{MobileNumber: ptr(""), City: ptr("Lyon")})
		wantFault(t, err, fault.Invalid, "validation.mobile")
		if a, _ := c.svc.Accounts.Get(c.admin); a.Profile.MobileNumber != rcRootMobile || a.Profile.City != "" {
			t.Fatalf("a refused update changed %+v", a.Profile)
		}
	})
	t.Run("UnchangedSendsNothing", func(t *testing.T) {
		c := mustRecoveryCore(t, generous)
		a, err := c.svc.Accounts.Update(c.admin, identity.AccountUpdate{Email: ptr("ROOT@acme.test"), MobileNumber: ptr(rcRootMobile)})
		if err != nil || len(a.PendingContacts) != 0 {
			t.Fatalf("update %+v %v", a, err)
		}
		if msgs := c.messages(t); len(msgs) != 0 {
			t.Fatalf("an unchanged address queued %+v", msgs)
		}
	})
	t.Run("ErrEmailTakenWritesNothing", func(t *testing.T) {
		c := mustRecoveryCore(t, generous)
		if _, err := c.svc.Users.Create(c.admin, identity.NewUser{Name: "taken", Email: "taken@acme.test"}); err != nil {
			t.Fatal(err)
		}
		_, err := c.svc.Accounts.Update(c.admin, identity.AccountUpdate{Email: ptr("taken@acme.test"), City: ptr("Lyon")})
		wantFault(t, err, fault.Conflict, "email.taken")
		if a, _ := c.svc.Accounts.Get(c.admin); a.Profile.City != "" {
			t.Fatalf("a refused update changed %+v", a.Profile)
		}
		if msgs := c.messages(t); len(msgs) != 0 {
			t.Fatalf("a refused update queued %+v", msgs)
		}
	})
	t.Run("ErrIAMAdministrator", func(t *testing.T) {
		c := mustRecoveryCore(t, generous)
		if _, err := c.svc.Users.Create(c.admin, identity.NewUser{Name: "boss", Admin: true, Password: "Boss-Starts-Here-1"}); err != nil {
			t.Fatal(err)
		}
		boss := c.login(t, identity.LoginInput{AccountName: "acme", UserName: "boss", Password: "Boss-Starts-Here-1"})
		_, err := c.svc.Accounts.Update(boss, identity.AccountUpdate{Email: ptr("boss@evil.test")})
		wantFault(t, err, fault.Forbidden, "user.root_protected")
		if msgs := c.messages(t); len(msgs) != 0 {
			t.Fatalf("a refused update queued %+v", msgs)
		}
	})
	// The codes an account update sends count against the contact-change
	// budget with its real value: 10 an hour per user.
	t.Run("SendsLimited", func(t *testing.T) {
		c := mustRecoveryCore(t, nil)
		for i := range 10 {
			if _, err := c.svc.Accounts.Update(c.admin, identity.AccountUpdate{Email: ptr("new@acme.test")}); err != nil {
				t.Fatalf("update %d: %v", i+1, err)
			}
		}
		_, err := c.svc.Accounts.Update(c.admin, identity.AccountUpdate{Email: ptr("new@acme.test"), City: ptr("Lyon")})
		wantFault(t, err, fault.RateLimited, "rate_limit.exceeded")
		_, err = c.svc.Contacts.SendIdentityCode(c.admin, identity.ContactEmail, notify.Email)
		wantFault(t, err, fault.RateLimited, "rate_limit.exceeded")
		c.clock.Add(time.Hour)
		if _, err := c.svc.Accounts.Update(c.admin, identity.AccountUpdate{Email: ptr("new@acme.test")}); err != nil {
			t.Fatal(err)
		}
	})
}

// The root user's email and mobile are the account's: editing the root user
// as a user (PATCH /v1/users/{id}, Keystone, SCIM, the console's user page)
// cannot move them either, even by the root user itself.
func TestRootContactNotEditableAsUser(t *testing.T) {
	c := mustRecoveryCore(t, generous)
	for name, upd := range map[string]identity.UserUpdate{
		"Email": {Email: ptr("new@acme.test")}, "Mobile": {Mobile: ptr("+33622222222")}, "RemoveMobile": {Mobile: ptr("")},
	} {
		t.Run("Err"+name, func(t *testing.T) {
			_, err := c.svc.Users.Update(c.admin, c.root.ID, upd)
			wantFault(t, err, fault.Invalid, "user.root_contact")
			_, err = c.svc.Users.UpdateDetail(c.admin, c.root.ID, identity.UserChange{User: upd})
			wantFault(t, err, fault.Invalid, "user.root_contact")
		})
	}
	if u, _ := c.db.FindUserByID(t.Context(), c.root.ID); u.Email != "root@acme.test" || u.Mobile != rcRootMobile {
		t.Fatalf("the root user's contacts moved: %+v", u)
	}
	if msgs := c.messages(t); len(msgs) != 0 {
		t.Fatalf("queued %+v", msgs)
	}
	t.Run("OKUnchanged", func(t *testing.T) {
		if _, err := c.svc.Users.Update(c.admin, c.root.ID, identity.UserUpdate{Email: ptr("ROOT@acme.test"), Mobile: ptr(rcRootMobile),
			DisplayName: ptr("Boss")}); err != nil {
			t.Fatal(err)
		}
	})
}
