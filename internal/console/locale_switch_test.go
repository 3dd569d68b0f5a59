package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/console"
)

// TestLocaleSwitch: the FR/EN switch wins over the browser's language and,
// for a signed-in user, is saved to their profile.
func TestLocaleSwitch(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	b.Lang = "en-US,en;q=0.9"
	if p := b.get(console.Path + "/login"); !strings.Contains(p.Body, `<html lang="en"`) {
		t.Fatal("not English by Accept-Language")
	}
	p := b.post(console.Path+"/locale", url.Values{"lang": {"fr"}, "next": {"/console/login"}})
	if p.Status != http.StatusSeeOther || p.Location() != "/console/login" {
		t.Fatalf("switch: %d to %q", p.Status, p.Location())
	}
	if p := b.get(console.Path + "/login"); !strings.Contains(p.Body, `<html lang="fr"`) || !strings.Contains(text(p.Body), "Connexion") {
		t.Fatal("the switch did not make the page French")
	}
	b.mustLogin("acme", "", rootPassword)
	p = b.post(console.Path+"/locale", url.Values{"lang": {"en"}, "next": {"/console/sessions"}})
	if p.Location() != "/console/sessions" {
		t.Fatalf("switch back: to %q", p.Location())
	}
	me, err := s.Svc.Users.Me(s.asRoot(t))
	if err != nil || me.Locale != "en" {
		t.Fatalf("the user's locale is %q (%v), want en", me.Locale, err)
	}
	// Another browser with no choice of its own follows the user's locale.
	c := s.browser(t)
	c.Lang = "fr"
	c.mustLogin("acme", "", rootPassword)
	if p := c.get(console.Path + "/profile"); !strings.Contains(p.Body, `<html lang="en"`) {
		t.Error("the user's locale does not win over Accept-Language")
	}
	if p := b.post(console.Path+"/locale", url.Values{"lang": {"xx"}, "next": {"https://evil.example"}}); p.Location() != "/console/profile" {
		t.Errorf("bad switch: to %q", p.Location())
	}
}

func TestStaticAssets(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	page := b.get(console.Path + "/login").Body
	for _, name := range []string{"console.css", "console.js"} {
		i := strings.Index(page, "/console/static/"+name+"?v=")
		if i < 0 {
			t.Fatalf("%s is not linked", name)
		}
		ref := page[i : i+strings.IndexByte(page[i:], '"')]
		p := b.get(ref)
		if p.Status != http.StatusOK || p.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || p.Header.Get("ETag") == "" {
			t.Errorf("%s: %d %v", ref, p.Status, p.Header)
		}
		if ct := p.Header.Get("Content-Type"); !strings.HasPrefix(ct, map[string]string{"console.css": "text/css", "console.js": "text/javascript"}[name]) {
			t.Errorf("%s: Content-Type %q", name, ct)
		}
		checkHeaders(t, ref, p)
		if p := b.get(console.Path + "/static/" + name); p.Header.Get("Cache-Control") != "public, max-age=300" {
			t.Errorf("%s unversioned: %q", name, p.Header.Get("Cache-Control"))
		}
	}
	if p := b.get(console.Path + "/static/nope.js"); p.Status != http.StatusNotFound {
		t.Errorf("unknown asset: %d", p.Status)
	}
}

// TestServerRoutes: GET / opens the console and a mailed reset link opens
// its page, while a POST to / still reaches the root face (ICU).
func TestServerRoutes(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	for path, want := range map[string]string{"/": "/console/", "/reset/AbC123": "/console/reset/AbC123"} {
		if p := b.get(path); p.Status != http.StatusFound || p.Location() != want {
			t.Errorf("GET %s: %d to %q", path, p.Status, p.Location())
		}
	}
	if p := b.get(console.Path + "/"); p.Status != http.StatusSeeOther || p.Location() != console.Path+"/login" {
		t.Errorf("GET /console/: %d to %q", p.Status, p.Location())
	}
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/", strings.NewReader("{}"))
	if p := b.do(req); p.Status != http.StatusTeapot {
		t.Errorf("POST /: %d, want the root face's 418", p.Status)
	}
}
