package api_test

import (
	"net/http"
	"strings"
	"testing"
)

// mailsTo delivers the outbox and counts the mails to addr whose subject
// contains subject.
func (s *recoveryStack) mailsTo(t *testing.T, addr, subject string) int {
	t.Helper()
	s.deliver(t)
	n := 0
	for _, m := range s.Sink.Messages() {
		if len(m.To) == 1 && m.To[0] == addr && strings.Contains(m.Subject, subject) {
			n++
		}
	}
	return n
}

// TestAccountEmailChangeIsPendingOverHTTP: PATCH /v1/account with a new
// email moves nothing the account signs in or recovers with; the new
// address gets a code, the old one a notice, and the change completes only
// through the /v1/me/email steps.
func TestAccountEmailChangeIsPendingOverHTTP(t *testing.T) {
	s := mustRecoveryStack(t, generousLimits)
	tok := s.mustLogin(t, map[string]string{"account": "acme", "password": rsRootPassword})
	var acct struct {
		Email           string `json:"email"`
		City            string `json:"city"`
		PendingContacts []struct {
			Channel string `json:"channel"`
			To      string `json:"to"`
		} `json:"pending_contacts"`
	}
	s.call(t, http.MethodPatch, "/account", tok, map[string]string{"email": "new@acme.test", "city": "Lyon"}).decode(t, http.StatusOK, &acct)
	if acct.Email != "root@acme.test" || acct.City != "Lyon" || len(acct.PendingContacts) != 1 ||
		acct.PendingContacts[0].Channel != "email" || acct.PendingContacts[0].To != "n•••@acme.test" {
		t.Fatalf("account %+v", acct)
	}
	notice := s.mailTo(t, "root@acme.test", "change of your Watchword email address was requested")
	if !strings.Contains(notice.Text, "new@acme.test") {
		t.Fatalf("notice %q does not name the new address", notice.Text)
	}
	code := codeOf(t, s.mailTo(t, "new@acme.test", "verification code"))
	acct.PendingContacts = nil
	s.call(t, http.MethodGet, "/account", tok, nil).decode(t, http.StatusOK, &acct)
	if acct.Email != "root@acme.test" || acct.PendingContacts != nil {
		t.Fatalf("GET /v1/account %+v", acct)
	}

	// (a) sign-in by the new email fails, by the old one works.
	if _, a := s.login(t, map[string]string{"email": "new@acme.test", "password": rsRootPassword}); a.Status != http.StatusUnauthorized {
		t.Fatalf("login by the unproven email: %d %s", a.Status, a.Body)
	}
	s.mustLogin(t, map[string]string{"email": "root@acme.test", "password": rsRootPassword})
	// (b) recovery sends nothing to the new address, and still works by the old.
	s.call(t, http.MethodPost, "/recovery/requests", "", map[string]string{"email": "new@acme.test", "method": "link"}).decode(t, http.StatusAccepted, nil)
	if n := s.mailsTo(t, "new@acme.test", "Reset your Watchword password"); n != 0 {
		t.Fatalf("%d reset mails went to the unproven address", n)
	}
	s.call(t, http.MethodPost, "/recovery/requests", "", map[string]string{"email": "root@acme.test", "method": "link"}).decode(t, http.StatusAccepted, nil)
	s.mailTo(t, "root@acme.test", "Reset your Watchword password")

	// (d) the code proves the new address through the existing steps.
	s.call(t, http.MethodPost, "/me/email", tok, map[string]string{"email": "new@acme.test", "code": code}).
		problem(t, http.StatusBadRequest, "verify.token_invalid")
	s.call(t, http.MethodPost, "/me/email/identity-code", tok, map[string]string{"channel": "email"}).decode(t, http.StatusAccepted, nil)
	var ticket struct {
		Ticket string `json:"ticket"`
	}
	s.call(t, http.MethodPost, "/me/email/verify-identity", tok,
		map[string]string{"code": codeOf(t, s.mailTo(t, "root@acme.test", "verification code"))}).decode(t, http.StatusOK, &ticket)
	s.call(t, http.MethodPost, "/me/email", tok, map[string]string{"ticket": ticket.Ticket, "email": "new@acme.test", "code": code}).
		decode(t, http.StatusOK, nil)
	s.mailTo(t, "root@acme.test", "email address was changed")
	s.call(t, http.MethodGet, "/account", tok, nil).decode(t, http.StatusOK, &acct)
	if acct.Email != "new@acme.test" {
		t.Fatalf("account email %q after the proof", acct.Email)
	}
	s.mustLogin(t, map[string]string{"email": "new@acme.test", "password": rsRootPassword})
}

// TestAccountMobileChangeIsPendingOverHTTP: the same for the mobile, whose
// old number and the email are told.
func TestAccountMobileChangeIsPendingOverHTTP(t *testing.T) {
	s := mustRecoveryStack(t, generousLimits)
	tok := s.mustLogin(t, map[string]string{"account": "acme", "password": rsRootPassword})
	var acct struct {
		MobileNumber string `json:"mobile_number"`
	}
	s.call(t, http.MethodPatch, "/account", tok, map[string]string{"mobile_number": "+33622222222"}).decode(t, http.StatusOK, &acct)
	if acct.MobileNumber != "+33611111111" {
		t.Fatalf("mobile %q before any proof", acct.MobileNumber)
	}
	s.mailTo(t, "root@acme.test", "change of your Watchword mobile number was requested")
	s.call(t, http.MethodPatch, "/account", tok, map[string]string{"mobile_number": ""}).problem(t, http.StatusBadRequest, "validation.mobile")
}

// TestRootContactNotEditableAsUserOverHTTP: PATCH /v1/users/{id} on the
// root user, by the root user itself, cannot move its email or mobile.
func TestRootContactNotEditableAsUserOverHTTP(t *testing.T) {
	s := mustRecoveryStack(t, generousLimits)
	tok := s.mustLogin(t, map[string]string{"account": "acme", "password": rsRootPassword})
	var me struct {
		ID string `json:"id"`
	}
	s.call(t, http.MethodGet, "/me", tok, nil).decode(t, http.StatusOK, &me)
	s.call(t, http.MethodPatch, "/users/"+me.ID, tok, map[string]string{"email": "new@acme.test"}).problem(t, http.StatusBadRequest, "user.root_contact")
	s.call(t, http.MethodPatch, "/users/"+me.ID, tok, map[string]string{"mobile": "+33622222222"}).problem(t, http.StatusBadRequest, "user.root_contact")
	if _, a := s.login(t, map[string]string{"email": "new@acme.test", "password": rsRootPassword}); a.Status != http.StatusUnauthorized {
		t.Fatalf("login by the refused email: %d %s", a.Status, a.Body)
	}
}
