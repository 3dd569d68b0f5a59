package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/console"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
)

// TestCreateUserWithoutPasswordInvites: an IAM user created in the console
// without a password gets the invitation mail with a link that sets the
// first one (issue 18, point 10).
func TestCreateUserWithoutPasswordInvites(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)
	p := b.post(console.Path+"/users", url.Values{"name": {"dora"}, "email": {"dora@acme.example"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", p.Status, text(p.Body))
	}
	note := s.lastNote(t, "dora@acme.example", notify.Invitation)
	if !strings.Contains(note.Secret["link"], "/reset/") || note.Data["user"] != "dora" {
		t.Errorf("invitation %+v", note)
	}
	// Its link opens the page that sets the first password, checklist included.
	link := note.Secret["link"]
	if p := b.get(console.Path + link[strings.Index(link, "/reset/"):]); p.Status != http.StatusOK ||
		!strings.Contains(p.Body, `data-rule="min_length"`) {
		t.Errorf("invitation link: %d\n%s", p.Status, text(p.Body))
	}
}

// TestSignedInPagesKeepTheirFrame: a missing page keeps the navigation of a
// signed-in user, and the sessions page names the sign-in method and the
// browser in words (issue 18, point 10).
func TestSignedInPagesKeepTheirFrame(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)
	p := b.get(console.Path + "/no-such-page")
	if p.Status != http.StatusNotFound || !strings.Contains(p.Body, `<nav class="nav"`) || !strings.Contains(p.Body, `action="/console/logout"`) {
		t.Errorf("404 when signed in: %d\n%s", p.Status, text(p.Body))
	}
	if p := s.browser(t).get(console.Path + "/no-such-page"); strings.Contains(p.Body, `<nav class="nav"`) {
		t.Errorf("404 when signed out shows the navigation")
	}
	body := text(b.get(console.Path + "/sessions").Body)
	if !strings.Contains(body, "Go HTTP client") || !strings.Contains(body, "Password") || strings.Contains(body, "Go-http-client/") {
		t.Errorf("sessions page:\n%s", body)
	}
}

// TestLanguageSwitchAfterRefusedForm: the language switch of a page shown
// again after a refused post comes back to that page, not to Profile
// (issue 18, point 7).
func TestLanguageSwitchAfterRefusedForm(t *testing.T) {
	s := mustConsole(t)
	alice := s.mustUser(t, identity.NewUser{Name: "alice", Email: "alice@acme.example", Password: "Tr0ubadour-Zebra-Quilt"})
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)
	for _, tt := range []struct {
		post string
		form url.Values
		page string
	}{
		{"/users/" + alice.ID + "/password", url.Values{"password": {"ab"}, "confirm": {"ab"}}, "/users/" + alice.ID},
		{"/password", url.Values{"current": {"wrong"}, "new": {"ab"}, "confirm": {"ab"}}, "/password"},
		{"/access-keys", url.Values{"expires": {"not-a-date"}}, "/profile"},
		{"/users", url.Values{"name": {"bad name!"}}, "/users/new"},
	} {
		p := b.post(console.Path+tt.post, tt.form)
		if p.Status < 400 {
			t.Fatalf("%s: %d, want a refusal", tt.post, p.Status)
		}
		if want := `name="next" value="` + console.Path + tt.page + `"`; !strings.Contains(p.Body, want) {
			t.Errorf("%s: the language switch lacks %s", tt.post, want)
		}
	}
}

// TestAccountCardHidesRootContact: an IAM user who is not an administrator
// does not see the root user's email and mobile on the account card
// (issue 18, point 4); an administrator does.
func TestAccountCardHidesRootContact(t *testing.T) {
	s := mustConsole(t)
	const pw = "Tr0ubadour-Zebra-Quilt"
	s.mustUser(t, identity.NewUser{Name: "bob", Password: pw})
	s.mustUser(t, identity.NewUser{Name: "carol", Password: pw, Admin: true})
	for user, sees := range map[string]bool{"bob": false, "carol": true} {
		b := s.browser(t)
		b.mustLogin("acme", user, pw)
		p := b.get(console.Path + "/profile")
		if p.Status != http.StatusOK {
			t.Fatalf("%s: profile %d", user, p.Status)
		}
		if got := strings.Contains(text(p.Body), "root@acme.test"); got != sees {
			t.Errorf("%s sees the root user's email: %v, want %v", user, got, sees)
		}
	}
}
