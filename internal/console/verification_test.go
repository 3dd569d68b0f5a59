package console_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/console"
	"github.com/watchword/watchword/internal/verify"
)

// TestVerificationSwitchProvesFactorInUse: on the console too, a session
// alone cannot swap the second factor. Turning email on asks for the
// password; swapping email for a freshly bound device asks for a code sent
// to the email, which the form can request without JavaScript.
func TestVerificationSwitchProvesFactorInUse(t *testing.T) {
	s := mustConsole(t)
	rootCtx := s.asRoot(t) // signed in before login verification is on
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)
	page := b.get(console.Path + "/credentials/verification")
	if !strings.Contains(page.Body, `name="current_password"`) || strings.Contains(page.Body, `name="current_code"`) {
		t.Fatalf("while off, the form asks for the password:\n%s", page.Body)
	}
	if p := b.post(console.Path+"/credentials/verification/code", url.Values{"method": {"email"}, "factor": {"new"}}); p.Status != http.StatusOK {
		t.Fatalf("send: %d\n%s", p.Status, text(p.Body))
	}
	code := s.lastCode(t, "root@acme.test")
	p := b.post(console.Path+"/credentials/verification", url.Values{"method": {"email"}, "code": {code}})
	if p.Status != http.StatusBadRequest || !strings.Contains(text(p.Body), tr(t, "en", "error.login_verification.password_required")) {
		t.Fatalf("email without the password: %d\n%s", p.Status, text(p.Body))
	}
	if p := b.post(console.Path+"/credentials/verification", url.Values{"method": {"email"}, "code": {code},
		"current_password": {rootPassword}}); p.Status != http.StatusSeeOther {
		t.Fatalf("email on: %d\n%s", p.Status, text(p.Body))
	}

	// A device bound with the session only...
	enr, err := s.Svc.MFA.Begin(rootCtx)
	if err != nil {
		t.Fatal(err)
	}
	now := s.Clock.Now()
	if err := s.Svc.MFA.Confirm(rootCtx, verify.TOTPCode(enr.Secret, now.Add(-30*time.Second)), verify.TOTPCode(enr.Secret, now)); err != nil {
		t.Fatal(err)
	}
	s.Clock.Add(30 * time.Second)
	totp := verify.TOTPCode(enr.Secret, s.Clock.Now())
	// ...does not become the login method without the email's code.
	page = b.get(console.Path + "/credentials/verification")
	if !strings.Contains(page.Body, `name="current_code"`) || !strings.Contains(page.Body, `name="factor" value="current"`) {
		t.Fatalf("while email is on, the form asks for its code:\n%s", page.Body)
	}
	p = b.post(console.Path+"/credentials/verification", url.Values{"method": {"totp"}, "code": {totp}, "current_password": {rootPassword}})
	if p.Status != http.StatusBadRequest || !strings.Contains(text(p.Body), tr(t, "en", "error.login_verification.current_code_required")) {
		t.Fatalf("totp without the email code: %d\n%s", p.Status, text(p.Body))
	}
	if p := b.post(console.Path+"/credentials/verification/code", url.Values{"method": {"totp"}, "factor": {"current"}}); p.Status != http.StatusOK ||
		!strings.Contains(text(p.Body), "A code was sent to r•••@acme.test") {
		t.Fatalf("send to the factor in use: %d\n%s", p.Status, text(p.Body))
	}
	current := s.lastCode(t, "root@acme.test")
	if p := b.post(console.Path+"/credentials/verification", url.Values{"method": {"totp"}, "code": {totp},
		"current_code": {current}}); p.Status != http.StatusSeeOther {
		t.Fatalf("totp with the email code: %d\n%s", p.Status, text(p.Body))
	}
}

// TestVerificationGuessesAreLimited: past 10 codes in 15 minutes the
// console answers 429 with Retry-After, the right code included.
func TestVerificationGuessesAreLimited(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)
	for i := range 10 {
		p := b.post(console.Path+"/credentials/verification", url.Values{"method": {"email"}, "code": {fmt.Sprintf("%06d", i)},
			"current_password": {rootPassword}})
		if p.Status != http.StatusBadRequest {
			t.Fatalf("guess %d: %d\n%s", i, p.Status, text(p.Body))
		}
	}
	if p := b.post(console.Path+"/credentials/verification/code", url.Values{"method": {"email"}}); p.Status != http.StatusOK {
		t.Fatalf("send: %d", p.Status)
	}
	p := b.post(console.Path+"/credentials/verification", url.Values{"method": {"email"}, "code": {s.lastCode(t, "root@acme.test")},
		"current_password": {rootPassword}})
	if p.Status != http.StatusTooManyRequests || p.Header.Get("Retry-After") == "" ||
		!strings.Contains(text(p.Body), tr(t, "en", "error.verify.rate_limited")) {
		t.Fatalf("the right code past the limit: %d %v\n%s", p.Status, p.Header, text(p.Body))
	}
}
