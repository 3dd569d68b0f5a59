package outscale_test

import (
	"net/http"
	"testing"

	osc "github.com/outscale/osc-sdk-go/v2"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
)

// pendingEmailFixture changes the root user's email with update (an OAPI
// or ICU UpdateAccount signed by the root user's key) and checks what
// follows: nothing the account signs in or recovers with moves, the old
// address is told, the new one gets a code, and that code binds it only
// through the contact-change steps.
func pendingEmailFixture(t *testing.T, update func(f *fixture, email string)) {
	f := mustFixture(t)
	const attacker = "attacker@evil.test"
	f.outbox(t) // the key the fixture made
	update(f, attacker)
	queued := map[string]notify.Message{}
	for _, m := range f.outbox(t) {
		queued[m.Template+" "+m.To] = m
	}
	// (c) the old address is told; (d) the new one gets a code.
	notice, told := queued[notify.EmailChangeRequested+" "+f.email]
	code := queued[notify.VerificationCode+" "+attacker].Secret["code"]
	if len(queued) != 2 || !told || notice.Data["new_email"] != attacker || code == "" {
		t.Fatalf("queued %+v, want a notice to %s and a code to %s", queued, f.email, attacker)
	}
	// ReadAccounts shows the proven address.
	read, _, err := f.client().AccountApi.ReadAccounts(signedCtx(f.ak, f.sk)).ReadAccountsRequest(*osc.NewReadAccountsRequest()).Execute()
	if err != nil || read.GetAccounts()[0].GetEmail() != f.email {
		t.Fatalf("ReadAccounts %+v %v", read, err)
	}

	// (a) sign-in by the new email fails, by the old one works.
	resp, body := f.checkAuth(t, attacker, f.pass)
	wantOAPI(t, resp, body, 400, "4120")
	resp, body = f.checkAuth(t, f.email, f.pass)
	wantOAPI(t, resp, body, 200, "")

	// (b) hole 1's chain: SendResetPasswordEmail to the new address mails
	// nothing, so there is no token for ResetAccountPassword; the old
	// address still gets its link.
	resp, body = f.oldSDK(t, "SendResetPasswordEmail", `{"Email":"`+attacker+`"}`)
	wantOAPI(t, resp, body, 200, "")
	if msgs := f.outbox(t); len(msgs) != 0 {
		t.Fatalf("a reset for the unproven address queued %+v", msgs)
	}
	resp, body = f.oldSDK(t, "SendResetPasswordEmail", `{"Email":"`+f.email+`"}`)
	wantOAPI(t, resp, body, 200, "")
	f.mustResetToken(t, f.email)

	// (d) the code binds the address through the existing steps, which
	// want the identity ticket (a code to the proven address) too.
	if _, err := f.svc.Contacts.Bind(f.admin, identity.ContactEmail, identity.ContactChange{Address: attacker, Code: code}); err == nil {
		t.Fatal("the code alone bound the address")
	}
	if _, err := f.svc.Contacts.SendIdentityCode(f.admin, identity.ContactEmail, notify.Email); err != nil {
		t.Fatal(err)
	}
	msgs := f.outbox(t)
	if len(msgs) != 1 || msgs[0].To != f.email {
		t.Fatalf("identity code: %+v", msgs)
	}
	ticket, err := f.svc.Contacts.VerifyIdentity(f.admin, identity.ContactEmail, identity.IdentityProof{Code: msgs[0].Secret["code"]})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Contacts.Bind(f.admin, identity.ContactEmail, identity.ContactChange{Ticket: ticket.Token, Address: attacker, Code: code}); err != nil {
		t.Fatal(err)
	}
	if msgs := f.outbox(t); len(msgs) != 1 || msgs[0].Template != notify.EmailChanged || msgs[0].To != f.email {
		t.Fatalf("after the bind %+v, want the old address told", msgs)
	}
	resp, body = f.checkAuth(t, attacker, f.pass)
	wantOAPI(t, resp, body, 200, "")
}

func TestOAPIUpdateAccountEmailIsPending(t *testing.T) {
	pendingEmailFixture(t, func(f *fixture, email string) {
		req := osc.NewUpdateAccountRequest()
		req.SetEmail(email)
		req.SetCity("Lyon")
		resp, _, err := f.client().AccountApi.UpdateAccount(signedCtx(f.ak, f.sk)).UpdateAccountRequest(*req).Execute()
		if err != nil {
			t.Fatal(err)
		}
		// The answer keeps its shape: the Account, with the proven email.
		if resp.Account.GetEmail() != f.email || resp.Account.GetCity() != "Lyon" {
			t.Fatalf("UpdateAccount answered %+v", resp.Account)
		}
	})
}

func TestICUUpdateAccountEmailIsPending(t *testing.T) {
	pendingEmailFixture(t, func(f *fixture, email string) {
		resp, body := f.oscCLIICU(t, "UpdateAccount", icuBody("UpdateAccount", `, "Email": "`+email+`", "City": "Lyon"`, accessKeyAuth), f.ak, f.sk)
		got := wantICU(t, resp, body, http.StatusOK, "")
		if a := got["Account"].(map[string]any); a["Email"] != f.email || a["City"] != "Lyon" {
			t.Fatalf("UpdateAccount answered %s", body)
		}
	})
}
