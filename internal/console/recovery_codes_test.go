package console_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/console"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/verify"
)

var recoveryCodeRE = regexp.MustCompile(`<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>`)

// TestRecoveryCodesPages: a TOTP user makes recovery codes in My
// credentials (proved by the password), sees them once, and signs in with
// one at the login verification step; a wrong one is refused on the
// recovery form; the use is mailed.
func TestRecoveryCodesPages(t *testing.T) {
	s := mustConsole(t)
	const pw = "Orbit-Kettle-Marble-99"
	_, secret := s.mustTOTPUser(t, "frank", pw)
	b := s.browser(t)
	if p := b.post(console.Path+"/login", url.Values{"account": {"acme"}, "user": {"frank"}, "password": {pw}}); p.Location() != console.Path+"/login/verify" {
		t.Fatalf("login: %d to %q", p.Status, p.Location())
	}
	if got := text(b.get(console.Path + "/login/verify").Body); !strings.Contains(got, "Lost your device? Use a recovery code") ||
		strings.Contains(got, "Send a new code") {
		t.Errorf("TOTP code page:\n%s", got)
	}
	if p := b.post(console.Path+"/login/verify", url.Values{"code": {verify.TOTPCode(secret, s.Clock.Now())}}); p.Status != http.StatusSeeOther {
		t.Fatalf("verify: %d\n%s", p.Status, text(p.Body))
	}

	page := console.Path + "/credentials/mfa/recovery-codes"
	if got := text(b.get(console.Path + "/credentials/mfa").Body); !strings.Contains(got, "Recovery codes, for when the device is lost") {
		t.Errorf("no link from the device page:\n%s", got)
	}
	if got := text(b.get(page).Body); !strings.Contains(got, "Codes left 0") || !strings.Contains(got, "You have no recovery codes") {
		t.Fatalf("before:\n%s", got)
	}
	if p := b.post(page, url.Values{"password": {"Wrong-Password-0"}}); p.Status != http.StatusUnauthorized || recoveryCodeRE.MatchString(p.Body) {
		t.Fatalf("wrong password: %d\n%s", p.Status, text(p.Body))
	}
	if p := b.post(page, nil); p.Status != http.StatusBadRequest {
		t.Fatalf("no proof: %d\n%s", p.Status, text(p.Body))
	}
	p := b.post(page, url.Values{"password": {pw}})
	found := recoveryCodeRE.FindAllStringSubmatch(p.Body, -1)
	if p.Status != http.StatusOK || len(found) != identity.RecoveryCodeCount || !strings.Contains(text(p.Body), "they are shown only now") {
		t.Fatalf("made: %d, %d codes\n%s", p.Status, len(found), text(p.Body))
	}
	s.lastNote(t, "frank@acme.test", "mfa_changed")
	again := b.get(page)
	if recoveryCodeRE.MatchString(again.Body) || !strings.Contains(text(again.Body), "Codes left 10") {
		t.Fatalf("codes shown twice:\n%s", text(again.Body))
	}
	b.Lang = "fr"
	if got := text(b.get(page).Body); !strings.Contains(got, "Codes restants 10") || !strings.Contains(got, "Créer une nouvelle série") {
		t.Errorf("French page:\n%s", got)
	}

	// Signing in with one, on another browser.
	s.Clock.Add(time.Minute)
	c := s.browser(t)
	c.post(console.Path+"/login", url.Values{"account": {"acme"}, "user": {"frank"}, "password": {pw}})
	p = c.post(console.Path+"/login/verify", url.Values{"code": {"zzzzz-zzzzz"}})
	if p.Status != http.StatusBadRequest || !strings.Contains(p.Body, `<details class="recovery-option" open>`) ||
		!strings.Contains(text(p.Body), tr(t, "en", "error.verify.code_invalid")) {
		t.Fatalf("wrong recovery code: %d\n%s", p.Status, text(p.Body))
	}
	if p := c.post(console.Path+"/login/verify", url.Values{"code": {found[3][1]}}); p.Status != http.StatusSeeOther || p.Location() != console.Path+"/profile" {
		t.Fatalf("sign in with a recovery code: %d to %q\n%s", p.Status, p.Location(), text(p.Body))
	}
	note := s.lastNote(t, "frank@acme.test", "mfa_changed")
	if note.Data["method"] != "recovery_code_used" || note.Data["remaining"] != "9" {
		t.Errorf("use notice: %+v", note.Data)
	}
	if got := text(b.get(page).Body); !strings.Contains(got, "Codes restants 9") {
		t.Errorf("after a use:\n%s", got)
	}
	// The same code never works twice.
	d := s.browser(t)
	d.post(console.Path+"/login", url.Values{"account": {"acme"}, "user": {"frank"}, "password": {pw}})
	if p := d.post(console.Path+"/login/verify", url.Values{"code": {found[3][1]}}); p.Status != http.StatusBadRequest {
		t.Fatalf("a spent code: %d", p.Status)
	}
}

// TestResendLoginCodePage: the code page of an email login verification
// has a "Send a new code" button; the new code works, the old one no
// longer does, and past the user's limit the page answers 429.
func TestResendLoginCodePage(t *testing.T) {
	s := mustConsole(t)
	const pw = "Orbit-Kettle-Marble-99"
	s.mustEmailVerifiedUser(t, "gina", pw)
	b := s.browser(t)
	b.Lang = "fr"
	b.post(console.Path+"/login", url.Values{"account": {"acme"}, "user": {"gina"}, "password": {pw}})
	first := s.lastCode(t, "gina@acme.test")
	if got := text(b.get(console.Path + "/login/verify").Body); !strings.Contains(got, "Envoyer un nouveau code") {
		t.Fatalf("code page:\n%s", got)
	}
	p := b.post(console.Path+"/login/verify/resend", nil)
	if p.Status != http.StatusSeeOther || p.Location() != console.Path+"/login/verify" {
		t.Fatalf("resend: %d to %q\n%s", p.Status, p.Location(), text(p.Body))
	}
	s.lastCode(t, "gina@acme.test")
	if got := text(b.get(console.Path + "/login/verify").Body); !strings.Contains(got, "Un nouveau code a été envoyé à g•••@acme.test") {
		t.Errorf("after the resend:\n%s", got)
	}
	if p := b.post(console.Path+"/login/verify", url.Values{"code": {first}}); p.Status != http.StatusBadRequest {
		t.Errorf("the old code: %d", p.Status)
	}
	// The user's limit on codes sent (5 in 15 minutes; setting the method
	// up sent one): the fifth resend is refused on the page.
	for i := 0; i < 3; i++ {
		if p := b.post(console.Path+"/login/verify/resend", nil); p.Status != http.StatusSeeOther {
			t.Fatalf("resend %d: %d\n%s", i+2, p.Status, text(p.Body))
		}
	}
	latest := s.lastCode(t, "gina@acme.test")
	p = b.post(console.Path+"/login/verify/resend", nil)
	if p.Status != http.StatusTooManyRequests || p.Header.Get("Retry-After") == "" ||
		!strings.Contains(text(p.Body), tr(t, "fr", "error.verify.send_limited")) {
		t.Fatalf("past the limit: %d (Retry-After %q)\n%s", p.Status, p.Header.Get("Retry-After"), text(p.Body))
	}
	if p := b.post(console.Path+"/login/verify", url.Values{"code": {latest}}); p.Status != http.StatusSeeOther {
		t.Fatalf("the newest code: %d\n%s", p.Status, text(p.Body))
	}
	// Without a pending login the button leads back to the login form.
	if p := s.browser(t).post(console.Path+"/login/verify/resend", nil); p.Status != http.StatusSeeOther || p.Location() != console.Path+"/login" {
		t.Errorf("no pending login: %d to %q", p.Status, p.Location())
	}
}
