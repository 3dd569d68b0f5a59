package console_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/console"
	"github.com/watchword/watchword/internal/notify"
)

// untranslated finds an i18n key left in a page's text.
var untranslated = regexp.MustCompile(`\b(page|form|error|policy)\.[a-z_]+\.[a-z_.0-9]+\b`)

// checkHeaders fails unless a page carries the console's security headers.
func checkHeaders(t *testing.T, path string, p page) {
	t.Helper()
	want := map[string]string{
		"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
		"X-Frame-Options":         "DENY",
		"Referrer-Policy":         "no-referrer",
		"X-Content-Type-Options":  "nosniff",
	}
	for k, v := range want {
		if got := p.Header.Get(k); got != v {
			t.Errorf("%s: %s = %q, want %q", path, k, got, v)
		}
	}
}

// TestEveryPageRendersInEveryLocale opens each page in English and French
// and checks its status, language, title, headers, and that no key is left
// untranslated and no inline script or style slipped in.
func TestEveryPageRendersInEveryLocale(t *testing.T) {
	s := mustConsole(t)
	root, err := s.Svc.Users.Me(s.asRoot(t))
	if err != nil {
		t.Fatal(err)
	}
	// A live reset link opens the form; a made-up one the invalid-link page.
	if err := s.Svc.Recovery.SendResetLink(context.Background(), "root@acme.test"); err != nil {
		t.Fatal(err)
	}
	link := s.lastNote(t, "root@acme.test", notify.ResetLink).Secret["link"]
	reset := "/reset/" + link[strings.LastIndex(link, "/")+1:]
	// Each page and the message its title (or text) comes from.
	pages := map[string]string{
		"/login":                          "page.login.title",
		"/forgot":                         "page.forgot.title",
		reset:                             "page.reset.title",
		"/reset/AbCdEf0123":               "page.reset.invalid_title",
		"/profile":                        "page.profile.title",
		"/account/edit":                   "page.account_edit.title",
		"/password":                       "page.password.title",
		"/sessions":                       "page.sessions.title",
		"/credentials":                    "page.credentials.title",
		"/credentials/contact/email":      "page.contact.email.title",
		"/credentials/contact/mobile":     "page.contact.mobile.title",
		"/credentials/verification":       "page.verification.title",
		"/credentials/mfa":                "page.mfa.title",
		"/users":                          "page.users.title",
		"/users/new":                      "page.user_new.title",
		"/users/" + root.ID:               "page.user.details",
		"/policies":                       "page.policies.title",
		"/groups":                         "page.groups.title",
		"/groups/admin-" + root.AccountID: "page.group.members",
		"/no-such-page":                   "error.route.not_found",
	}
	anonymous := map[string]bool{"/login": true, "/forgot": true, reset: true, "/reset/AbCdEf0123": true}
	for _, lang := range []string{"en", "fr"} {
		t.Run(lang, func(t *testing.T) {
			anon := s.browser(t)
			anon.Lang = lang
			b := s.browser(t)
			b.Lang = lang
			b.mustLogin("acme", "", rootPassword)
			for path, key := range pages {
				c := b
				if anonymous[path] {
					c = anon
				}
				p := c.get(console.Path + path)
				want := http.StatusOK
				switch path {
				case "/no-such-page":
					want = http.StatusNotFound
				case "/reset/AbCdEf0123":
					want = http.StatusBadRequest
				}
				if p.Status != want {
					t.Errorf("%s: status %d, want %d\n%s", path, p.Status, want, text(p.Body))
					continue
				}
				checkHeaders(t, path, p)
				body := text(p.Body)
				if title := tr(t, lang, key); !strings.Contains(body, title) {
					t.Errorf("%s: %q not in\n%s", path, title, body)
				}
				if !strings.Contains(p.Body, `<html lang="`+lang+`"`) {
					t.Errorf("%s: not marked as %s", path, lang)
				}
				if m := untranslated.FindString(body); m != "" {
					t.Errorf("%s: untranslated key %q", path, m)
				}
				if strings.Contains(p.Body, "style=") || regexp.MustCompile(`<script>|<script [^s]`).MatchString(p.Body) {
					t.Errorf("%s: inline style or script", path)
				}
			}
		})
	}
}
