package api_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestChangeEmailOverHTTP is seed 003's Change Email Address: verify
// identity with a code, then bind the new address with its own code; the
// old address is told.
func TestChangeEmailOverHTTP(t *testing.T) {
	s := mustRecoveryStack(t, generousLimits)
	tok := s.mustLogin(t, map[string]string{"account": "acme", "password": rsRootPassword})
	var sent struct {
		Channel string `json:"channel"`
		To      string `json:"to"`
	}
	s.call(t, http.MethodPost, "/me/email/identity-code", tok, map[string]string{"channel": "email"}).decode(t, http.StatusAccepted, &sent)
	if sent.Channel != "email" || sent.To != "r•••@acme.test" {
		t.Fatalf("sent %+v", sent)
	}
	code := codeOf(t, s.mailTo(t, "root@acme.test", "verification code"))
	s.call(t, http.MethodPost, "/me/email/verify-identity", tok, map[string]string{"password": rsRootPassword}).
		problem(t, http.StatusBadRequest, "contact.code_required")
	var ticket struct {
		Ticket string `json:"ticket"`
	}
	s.call(t, http.MethodPost, "/me/email/verify-identity", tok, map[string]string{"code": code}).decode(t, http.StatusOK, &ticket)
	s.call(t, http.MethodPost, "/me/mobile/code", tok, map[string]string{"ticket": ticket.Ticket, "mobile": "+33622222222"}).
		problem(t, http.StatusBadRequest, "verify.token_invalid")
	s.call(t, http.MethodPost, "/me/email/code", tok, map[string]string{"ticket": ticket.Ticket, "mobile": "+33622222222"}).
		problem(t, http.StatusBadRequest, "request.unknown_field")
	s.call(t, http.MethodPost, "/me/email/code", tok, map[string]string{"ticket": ticket.Ticket, "email": "new@acme.test"}).
		decode(t, http.StatusAccepted, nil)
	newCode := codeOf(t, s.mailTo(t, "new@acme.test", "verification code"))

	var me struct {
		Email         string `json:"email"`
		EmailVerified bool   `json:"email_verified"`
	}
	bind := map[string]string{"ticket": ticket.Ticket, "email": "new@acme.test", "code": newCode}
	s.call(t, http.MethodPost, "/me/email", tok, bind).decode(t, http.StatusOK, &me)
	if me.Email != "new@acme.test" || !me.EmailVerified {
		t.Fatalf("me %+v", me)
	}
	m := s.mailTo(t, "root@acme.test", "email address was changed")
	if !strings.Contains(m.Text, "new@acme.test") {
		t.Fatalf("notice %q does not name the new address", m.Text)
	}
	s.call(t, http.MethodPost, "/me/email", tok, bind).problem(t, http.StatusBadRequest, "verify.token_invalid")
	s.mustLogin(t, map[string]string{"email": "new@acme.test", "password": rsRootPassword})
}

// TestChangeEmailTaken: an address another user holds is refused.
func TestChangeEmailTaken(t *testing.T) {
	s := mustRecoveryStack(t, generousLimits)
	tok := s.mustLogin(t, map[string]string{"account": "acme", "password": rsRootPassword})
	s.call(t, http.MethodPost, "/users", tok, map[string]any{"name": "bob", "email": "bob@acme.test"}).decode(t, http.StatusCreated, nil)
	s.call(t, http.MethodPost, "/me/email/identity-code", tok, map[string]string{"channel": "email"}).decode(t, http.StatusAccepted, nil)
	var ticket struct {
		Ticket string `json:"ticket"`
	}
	s.call(t, http.MethodPost, "/me/email/verify-identity", tok, map[string]string{"code": codeOf(t, s.mailTo(t, "root@acme.test", "verification code"))}).
		decode(t, http.StatusOK, &ticket)
	s.call(t, http.MethodPost, "/me/email/code", tok, map[string]string{"ticket": ticket.Ticket, "email": "bob@acme.test"}).
		problem(t, http.StatusConflict, "email.taken")
	s.call(t, http.MethodPost, "/me/email/code", "", map[string]string{"ticket": ticket.Ticket, "email": "x@acme.test"}).
		problem(t, http.StatusUnauthorized, "auth.required")
}
