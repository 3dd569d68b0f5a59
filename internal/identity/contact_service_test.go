package identity_test

import (
	"context"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
)

func TestChangeEmail(t *testing.T) {
	c := mustRecoveryCore(t, generous)
	if _, err := c.svc.Users.Create(c.admin, identity.NewUser{Name: "taken", Email: "taken@acme.test"}); err != nil {
		t.Fatal(err)
	}
	c.messages(t)
	sent, err := c.svc.Contacts.SendIdentityCode(c.admin, identity.ContactEmail, notify.SMS)
	if err != nil {
		t.Fatal(err)
	}
	if sent.Channel != notify.SMS || sent.To != "+33 •• •• •• 11" || !sent.ExpiresAt.Equal(c.clock.Now().Add(10*time.Minute)) {
		t.Fatalf("sent %+v", sent)
	}
	code := codeIn(t, c.oneMessage(t, notify.VerificationCode, rcRootMobile))
	_, err = c.svc.Contacts.VerifyIdentity(c.admin, identity.ContactEmail, identity.IdentityProof{Password: rcRootPassword})
	wantFault(t, err, fault.Invalid, "contact.code_required")
	_, err = c.svc.Contacts.VerifyIdentity(c.admin, identity.ContactMobile, identity.IdentityProof{Code: code})
	wantFault(t, err, fault.Invalid, "verify.code_invalid")
	ticket, err := c.svc.Contacts.VerifyIdentity(c.admin, identity.ContactEmail, identity.IdentityProof{Code: code})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.svc.Contacts.VerifyIdentity(c.admin, identity.ContactEmail, identity.IdentityProof{Code: code})
	wantFault(t, err, fault.Invalid, "verify.code_used")

	// The ticket is for the email only.
	_, err = c.svc.Contacts.SendBindCode(c.admin, identity.ContactMobile, ticket.Token, "+33622222222")
	wantFault(t, err, fault.Invalid, "verify.token_invalid")
	_, err = c.svc.Contacts.SendBindCode(c.admin, identity.ContactEmail, ticket.Token, "Taken@acme.test")
	wantFault(t, err, fault.Conflict, "email.taken")
	_, err = c.svc.Contacts.SendBindCode(c.admin, identity.ContactEmail, ticket.Token, "root@acme.test")
	wantFault(t, err, fault.Invalid, "contact.unchanged")
	if _, err := c.svc.Contacts.SendBindCode(c.admin, identity.ContactEmail, ticket.Token, "other@acme.test"); err != nil {
		t.Fatal(err)
	}
	otherCode := codeIn(t, c.oneMessage(t, notify.VerificationCode, "other@acme.test"))
	if _, err := c.svc.Contacts.SendBindCode(c.admin, identity.ContactEmail, ticket.Token, "New@acme.test"); err != nil {
		t.Fatal(err)
	}
	newCode := codeIn(t, c.oneMessage(t, notify.VerificationCode, "new@acme.test"))
	// The first address's code was voided by the second; neither proves the other address.
	_, err = c.svc.Contacts.Bind(c.admin, identity.ContactEmail, identity.ContactChange{Ticket: ticket.Token, Address: "other@acme.test", Code: otherCode})
	if err == nil {
		t.Fatal("a voided code bound its address")
	}
	_, err = c.svc.Contacts.Bind(c.admin, identity.ContactEmail, identity.ContactChange{Ticket: ticket.Token, Address: "other@acme.test", Code: newCode})
	wantFault(t, err, fault.Invalid, "verify.code_invalid")

	u, err := c.svc.Contacts.Bind(c.admin, identity.ContactEmail, identity.ContactChange{Ticket: ticket.Token, Address: "new@acme.test", Code: newCode})
	if err != nil {
		t.Fatal(err)
	}
	if u.Email != "new@acme.test" || !u.EmailVerified {
		t.Fatalf("user after bind %+v", u)
	}
	m := c.oneMessage(t, notify.EmailChanged, "root@acme.test")
	if m.Data["old_email"] != "root@acme.test" || m.Data["new_email"] != "new@acme.test" {
		t.Fatalf("notice %+v", m.Data)
	}
	acct, _ := c.svc.Accounts.Get(c.admin)
	if acct.Profile.Email != "new@acme.test" {
		t.Fatalf("account email %q", acct.Profile.Email)
	}
	c.login(t, identity.LoginInput{Email: "new@acme.test", Password: rcRootPassword})
	_, err = c.svc.Contacts.Bind(c.admin, identity.ContactEmail, identity.ContactChange{Ticket: ticket.Token, Address: "new@acme.test", Code: newCode})
	wantFault(t, err, fault.Invalid, "verify.token_invalid")
}

func TestChangeMobileNotifiesOldNumber(t *testing.T) {
	c := mustRecoveryCore(t, generous)
	if _, err := c.svc.Contacts.SendIdentityCode(c.admin, identity.ContactMobile, notify.Email); err != nil {
		t.Fatal(err)
	}
	ticket, err := c.svc.Contacts.VerifyIdentity(c.admin, identity.ContactMobile,
		identity.IdentityProof{Code: codeIn(t, c.oneMessage(t, notify.VerificationCode, "root@acme.test"))})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.svc.Contacts.SendBindCode(c.admin, identity.ContactMobile, ticket.Token, "+33622222222"); err != nil {
		t.Fatal(err)
	}
	m := c.oneMessage(t, notify.VerificationCode, "+33622222222")
	u, err := c.svc.Contacts.Bind(c.admin, identity.ContactMobile, identity.ContactChange{Ticket: ticket.Token, Address: "+33622222222", Code: codeIn(t, m)})
	if err != nil || u.Mobile != "+33622222222" || !u.MobileVerified {
		t.Fatalf("bind: %+v %v", u, err)
	}
	msgs := c.messages(t)
	if len(msgs) != 2 || msgs[0].Template != notify.MobileChanged || msgs[1].Template != notify.MobileChanged ||
		msgs[0].To+msgs[1].To != rcRootMobile+"root@acme.test" && msgs[0].To+msgs[1].To != "root@acme.test"+rcRootMobile {
		t.Fatalf("notices %+v, want the old number and the email told", msgs)
	}
}

// With nothing bound, the password proves identity for a first binding.
func TestFirstBindingWithPassword(t *testing.T) {
	c := mustRecoveryCore(t, generous)
	if _, err := c.svc.Users.Create(c.admin, identity.NewUser{Name: "dave", Password: "Dave-Starts-Here-1"}); err != nil {
		t.Fatal(err)
	}
	dave := c.login(t, identity.LoginInput{AccountName: "acme", UserName: "dave", Password: "Dave-Starts-Here-1"})
	_, err := c.svc.Contacts.SendIdentityCode(dave, identity.ContactEmail, notify.Email)
	wantFault(t, err, fault.Invalid, "contact.factor_unbound")
	_, err = c.svc.Contacts.VerifyIdentity(dave, identity.ContactEmail, identity.IdentityProof{Password: "wrong"})
	wantFault(t, err, fault.Unauthenticated, "password.current_invalid")
	_, err = c.svc.Contacts.VerifyIdentity(dave, identity.ContactEmail, identity.IdentityProof{})
	wantFault(t, err, fault.Invalid, "contact.proof_required")
	ticket, err := c.svc.Contacts.VerifyIdentity(dave, identity.ContactEmail, identity.IdentityProof{Password: "Dave-Starts-Here-1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.svc.Contacts.SendBindCode(dave, identity.ContactEmail, ticket.Token, "dave@acme.test"); err != nil {
		t.Fatal(err)
	}
	code := codeIn(t, c.oneMessage(t, notify.VerificationCode, "dave@acme.test"))
	u, err := c.svc.Contacts.Bind(dave, identity.ContactEmail, identity.ContactChange{Ticket: ticket.Token, Address: "dave@acme.test", Code: code})
	if err != nil || u.Email != "dave@acme.test" || !u.EmailVerified {
		t.Fatalf("bind: %+v %v", u, err)
	}
	if msgs := c.messages(t); len(msgs) != 0 {
		t.Fatalf("a first binding told %+v", msgs)
	}
	// Now that an email is bound, the password alone no longer does.
	_, err = c.svc.Contacts.VerifyIdentity(dave, identity.ContactMobile, identity.IdentityProof{Password: "Dave-Starts-Here-1"})
	wantFault(t, err, fault.Invalid, "contact.code_required")
}

func TestContactCodeLimits(t *testing.T) {
	c := mustRecoveryCore(t, generous)
	send := func() string {
		t.Helper()
		if _, err := c.svc.Contacts.SendIdentityCode(c.admin, identity.ContactEmail, notify.Email); err != nil {
			t.Fatal(err)
		}
		return codeIn(t, c.oneMessage(t, notify.VerificationCode, "root@acme.test"))
	}
	check := func(code string) error {
		_, err := c.svc.Contacts.VerifyIdentity(c.admin, identity.ContactEmail, identity.IdentityProof{Code: code})
		return err
	}
	code := send()
	wrong := string([]byte{'0' + (code[0]-'0'+1)%10}) + code[1:]
	for range 5 {
		wantFault(t, check(wrong), fault.Invalid, "verify.code_invalid")
	}
	wantFault(t, check(code), fault.Invalid, "verify.too_many_attempts")
	code = send()
	c.clock.Add(10 * time.Minute)
	wantFault(t, check(code), fault.Invalid, "verify.code_expired")

	t.Run("ClientTokenRefused", func(t *testing.T) {
		p, _ := identity.PrincipalFrom(c.admin)
		client := identity.WithPrincipal(context.Background(), identity.Principal{Kind: identity.ClientToken, ClientID: "x", AccountID: p.AccountID, Admin: true})
		_, err := c.svc.Contacts.SendIdentityCode(client, identity.ContactEmail, notify.Email)
		wantFault(t, err, fault.Forbidden, "auth.user_token_required")
	})
	t.Run("SendsLimited", func(t *testing.T) {
		c := mustRecoveryCore(t, func(cfg *identity.RecoveryConfig) {
			cfg.Limits.ContactPerUser = identity.RateLimit{Count: 2, Window: time.Hour}
		})
		for range 2 {
			if _, err := c.svc.Contacts.SendIdentityCode(c.admin, identity.ContactEmail, notify.Email); err != nil {
				t.Fatal(err)
			}
		}
		_, err := c.svc.Contacts.SendIdentityCode(c.admin, identity.ContactEmail, notify.Email)
		wantFault(t, err, fault.RateLimited, "rate_limit.exceeded")
	})
}
