package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/console"
	"github.com/watchword/watchword/internal/i18n"
	"github.com/watchword/watchword/internal/identity"
)

// consoleRoute is one line of the console's route table, as the handler
// console.New builds lists it, with its path relative to console.Path.
type consoleRoute struct{ method, pattern string }

// walkConsole lists every route of the console's route table.
func walkConsole(t *testing.T, s *consoleServer) []consoleRoute {
	t.Helper()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	h, err := console.New(console.Config{}, s.Svc, cat, nil)
	if err != nil {
		t.Fatal(err)
	}
	table, ok := h.(interface{ Patterns() []string })
	if !ok {
		t.Fatalf("console.New returned a %T, which does not list its routes", h)
	}
	var list []consoleRoute
	for _, p := range table.Patterns() {
		method, path, _ := strings.Cut(p, " ")
		rel, ok := strings.CutPrefix(path, console.Path)
		if !ok {
			t.Fatalf("route %q is outside %s", p, console.Path)
		}
		if rel = strings.TrimSuffix(rel, "{$}"); rel == "" {
			rel = "/"
		}
		list = append(list, consoleRoute{method, rel})
	}
	if len(list) < 40 {
		t.Fatalf("the walk found only %d routes", len(list))
	}
	return list
}

// fill replaces a pattern's parameters: {id} by id, {kind} by email, any
// other by x.
func fill(pattern, id string) string {
	r := strings.NewReplacer("{id}", id, "{kind}", "email", "{token}", "x", "{name}", "x")
	return r.Replace(pattern)
}

// TestEveryPostNeedsCSRF: every route of the console that is not a GET
// refuses, with 403, a signed-in browser's request that carries no CSRF
// token, whatever else it sends; and nothing changes.
func TestEveryPostNeedsCSRF(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)
	target := s.mustUser(t, identity.NewUser{Name: "target", Email: "target@acme.test", Password: "Kettle-Marble-Orbit-77"})
	n := 0
	for _, rt := range walkConsole(t, s) {
		if rt.method == http.MethodGet || rt.method == http.MethodHead {
			continue
		}
		n++
		path := console.Path + fill(rt.pattern, target.ID)
		// PUT, PATCH and DELETE are no route's, but the check runs before
		// routing and must refuse them too rather than reach a handler.
		for _, method := range []string{rt.method, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			t.Run(method+" "+rt.pattern, func(t *testing.T) {
				form := url.Values{"current": {rootPassword}, "new": {"Another-Battery-Horse-1"}, "confirm": {"Another-Battery-Horse-1"},
					"account": {"acme"}, "password": {rootPassword}, "display_name": {"changed"}, "locale": {"fr"}}
				req, _ := http.NewRequest(method, b.base.String()+path, strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Origin", b.base.Scheme+"://"+b.base.Host)
				if p := b.do(req); p.Status != http.StatusForbidden {
					t.Fatalf("without a CSRF token: %d\n%s", p.Status, text(p.Body))
				}
			})
		}
	}
	if n < 30 {
		t.Fatalf("only %d routes that are not GET", n)
	}
	if p := b.get(console.Path + "/profile"); p.Status != http.StatusOK {
		t.Fatalf("the session did not survive: %d", p.Status)
	}
	if u, err := s.Svc.Users.Show(s.asRoot(t), target.ID); err != nil || !u.Enabled {
		t.Fatalf("target after the refused posts: %+v %v", u, err)
	}
	s.browser(t).mustLogin("acme", "", rootPassword)
}

// public are the console's routes that need no session.
var public = map[string]bool{"/": true, "/locale": true, "/login": true, "/login/verify": true, "/login/verify/resend": true, "/forgot": true,
	"/forgot/verify": true, "/captcha/{id}/image": true, "/captcha/{id}/audio": true, "/reset/{token}": true, "/reset": true, "/reset/check": true,
	"/static/{name}": true}

// restrictedAllowed are the routes a session restricted to changing the
// password may use: the password page, its live check, and logout.
var restrictedAllowed = map[string]bool{"GET /password": true, "POST /password": true, "POST /password/check": true,
	"POST /logout": true}

// TestRestrictedSessionWalk: a session restricted to changing the password
// (an administrator set it) is sent to the password page from every other
// route that needs a session, GET or POST, and changes nothing on the way.
func TestRestrictedSessionWalk(t *testing.T) {
	s := mustConsole(t)
	const pw = "Tr0ubadour-Zebra-Quilt"
	bob := s.mustUser(t, identity.NewUser{Name: "bob", Email: "bob@acme.test", Admin: true, Password: pw, ForceChange: true})
	b := s.browser(t)
	p := b.post(console.Path+"/login", url.Values{"account": {"acme"}, "user": {"bob"}, "password": {pw}})
	if p.Status != http.StatusSeeOther || p.Location() != console.Path+"/password" {
		t.Fatalf("login: %d to %q", p.Status, p.Location())
	}
	for _, rt := range walkConsole(t, s) {
		if public[rt.pattern] || restrictedAllowed[rt.method+" "+rt.pattern] {
			continue
		}
		t.Run(rt.method+" "+rt.pattern, func(t *testing.T) {
			path := console.Path + fill(rt.pattern, bob.ID)
			var p page
			if rt.method == http.MethodGet {
				p = b.get(path)
			} else {
				p = b.post(path, url.Values{"display_name": {"changed"}, "name": {"eve"}, "email": {"eve@acme.test"},
					"password": {"Other-Battery-Horse-1"}, "tag": {"t"}})
			}
			if p.Status != http.StatusSeeOther || p.Location() != console.Path+"/password" {
				t.Fatalf("%s %s with a restricted session: %d to %q\n%s", rt.method, path, p.Status, p.Location(), text(p.Body))
			}
		})
	}
	u, err := s.Svc.Users.Show(s.asRoot(t), bob.ID)
	if err != nil || u.DisplayName != "" || !u.Enabled || !u.ForcePasswordChange {
		t.Fatalf("bob after the walk: %+v %v", u, err)
	}
	if p := b.get(console.Path + "/password"); p.Status != http.StatusOK {
		t.Fatalf("the session did not survive the walk: %d", p.Status)
	}
	p = b.post(console.Path+"/password", url.Values{"current": {pw}, "new": {"Kettle-Marble-Orbit-77"}, "confirm": {"Kettle-Marble-Orbit-77"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("change: %d\n%s", p.Status, text(p.Body))
	}
	if p := b.get(console.Path + "/users"); p.Status != http.StatusOK {
		t.Fatalf("users after the change: %d", p.Status)
	}
}

// TestPasswordChangeEndsOtherSessions: a change through the console's form
// ends the user's other console sessions, whose next page sends them to
// sign in again; the session that changed it goes on. (That the core
// revokes the other sessions is identity's
// TestPasswordChangeRevokesOtherSessions; this is the face's answer.)
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	s := mustConsole(t)
	other := s.browser(t)
	other.mustLogin("acme", "", rootPassword)
	if p := other.get(console.Path + "/profile"); p.Status != http.StatusOK {
		t.Fatalf("the other session before the change: %d", p.Status)
	}
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)
	p := b.post(console.Path+"/password", url.Values{"current": {rootPassword}, "new": {"Kettle-Marble-Orbit-77"}, "confirm": {"Kettle-Marble-Orbit-77"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("change: %d\n%s", p.Status, text(p.Body))
	}
	p = other.get(console.Path + "/profile")
	if p.Status != http.StatusSeeOther || p.Location() != console.Path+"/login?next="+url.QueryEscape(console.Path+"/profile") {
		t.Fatalf("the other session after the change: %d to %q, want the sign-in page", p.Status, p.Location())
	}
	if p := b.get(console.Path + "/profile"); p.Status != http.StatusOK {
		t.Fatalf("the changing session after the change: %d", p.Status)
	}
}

// TestMarkupIsEscaped: a display name and an access-key tag holding a
// script render escaped on every console page, for their owner and for the
// administrator who looks at the user.
func TestMarkupIsEscaped(t *testing.T) {
	const payload, tag = "<script>alert(1)</script>", "<script>alert(2)</script>"
	const escaped, escapedTag = "&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;script&gt;alert(2)&lt;/script&gt;"
	s := mustConsole(t)
	root := s.asRoot(t)
	name := payload
	if _, err := s.Svc.Users.UpdateMe(root, identity.ProfileUpdate{DisplayName: &name}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Svc.AccessKeys.Create(root, identity.NewAccessKey{Tag: tag}); err != nil {
		t.Fatal(err)
	}
	const pw = "Kettle-Marble-Orbit-77"
	eve := s.mustUser(t, identity.NewUser{Name: "eve", DisplayName: payload, Email: "eve@acme.test", Password: pw})
	evectx, _ := s.core.MustLogin(t, identity.LoginInput{AccountName: "acme", UserName: "eve", Password: pw})
	if _, err := s.Svc.AccessKeys.Create(evectx, identity.NewAccessKey{Tag: tag}); err != nil {
		t.Fatal(err)
	}
	shows := map[string]bool{}
	for _, who := range []struct{ user, pw string }{{"", rootPassword}, {"eve", pw}} {
		b := s.browser(t)
		b.mustLogin("acme", who.user, who.pw)
		for _, rt := range walkConsole(t, s) {
			if rt.method != http.MethodGet || strings.Contains(rt.pattern, "{name}") || strings.HasPrefix(rt.pattern, "/captcha/") ||
				rt.pattern == "/credentials/mfa/qr" {
				continue
			}
			path := fill(rt.pattern, eve.ID)
			p := b.get(console.Path + path)
			if strings.Contains(p.Body, payload) || strings.Contains(p.Body, tag) {
				t.Errorf("%s as %q renders the script unescaped", path, who.user)
			}
			if strings.Contains(p.Body, escaped) {
				shows[who.user+" "+rt.pattern] = true
			}
			if strings.Contains(p.Body, escapedTag) {
				shows[who.user+" "+rt.pattern+" tag"] = true
			}
		}
	}
	for _, want := range []string{" /profile", " /profile tag", " /users", " /users/{id}", "eve /profile", "eve /profile tag"} {
		if !shows[want] {
			t.Errorf("%q does not show the escaped name or tag; seen on %v", want, shows)
		}
	}
}
