package console_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/console"
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
	titles := map[string]map[string]string{
		"en": {"/login": "Log in", "/profile": "Profile and access keys", "/account/edit": "Update information",
			"/password": "Change password", "/sessions": "Sessions", "/no-such-page": "This page does not exist."},
		"fr": {"/login": "Connexion", "/profile": "Profil et access keys", "/account/edit": "Mettre à jour les informations",
			"/password": "Modifier le mot de passe", "/sessions": "Sessions", "/no-such-page": "Cette page n’existe pas."},
	}
	for _, lang := range []string{"en", "fr"} {
		t.Run(lang, func(t *testing.T) {
			anon := s.browser(t)
			anon.Lang = lang
			b := s.browser(t)
			b.Lang = lang
			b.mustLogin("acme", "", rootPassword)
			for path, title := range titles[lang] {
				c := b
				if path == "/login" {
					c = anon
				}
				p := c.get(console.Path + path)
				want := http.StatusOK
				if path == "/no-such-page" {
					want = http.StatusNotFound
				}
				if p.Status != want {
					t.Errorf("%s: status %d, want %d\n%s", path, p.Status, want, text(p.Body))
					continue
				}
				checkHeaders(t, path, p)
				body := text(p.Body)
				if !strings.Contains(body, title) {
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
