package console_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/console"
	"github.com/watchword/watchword/internal/identity"
)

func TestAccountUpdate(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)
	p := b.get(console.Path + "/profile")
	if !strings.Contains(text(p.Body), s.AccountID) {
		t.Fatalf("the account ID is not shown")
	}
	form := url.Values{"first_name": {"Dominique"}, "last_name": {"Dupont"}, "company_name": {"ACME"}, "job_title": {"CTO"},
		"email": {"dominique@acme.test"}, "additional_emails": {"ops@acme.test\nbilling@acme.test"}, "mobile_number": {"+33612345678"},
		"phone_number": {"+33123456789"}, "city": {"Paris"}, "state_province": {"IDF"}, "country": {"France"},
		"zip_code": {"75001"}, "vat_number": {"FR123"}}
	p = b.post(console.Path+"/account", form)
	if p.Status != http.StatusSeeOther {
		t.Fatalf("update: %d\n%s", p.Status, text(p.Body))
	}
	got := text(b.get(console.Path + "/profile").Body)
	// The email and mobile wait for their codes (account_contact_test.go).
	if strings.Contains(got, "dominique@acme.test") || strings.Contains(got, "+33612345678") {
		t.Errorf("the profile shows an unproven address:\n%s", got)
	}
	for _, v := range []string{"The account information has been updated.", "A code was sent to d•••@acme.test.", "Dominique", "Dupont",
		"ACME", "CTO", "root@acme.test", "ops@acme.test, billing@acme.test", "+33123456789", "Paris", "IDF", "France", "75001", "FR123"} {
		if !strings.Contains(got, v) {
			t.Errorf("%q not on the profile page", v)
		}
	}
	edit := b.get(console.Path + "/account/edit")
	if !strings.Contains(edit.Body, `value="Dominique"`) || !strings.Contains(edit.Body, "ops@acme.test\nbilling@acme.test") {
		t.Errorf("the edit form is not filled in")
	}

	form.Set("email", "not-an-email")
	p = b.post(console.Path+"/account", form)
	if p.Status != http.StatusBadRequest || !strings.Contains(text(p.Body), tr(t, "en", "error.validation.email")) {
		t.Errorf("bad email: %d\n%s", p.Status, text(p.Body))
	}
	if !strings.Contains(p.Body, `value="Dominique"`) {
		t.Error("a refused form loses what was typed")
	}

	t.Run("ErrNotAdmin", func(t *testing.T) {
		s.mustUser(t, identity.NewUser{Name: "carol", Password: "Tr0ubadour-Zebra-Quilt"})
		c := s.browser(t)
		c.Lang = "fr"
		c.mustLogin("acme", "carol", "Tr0ubadour-Zebra-Quilt")
		if strings.Contains(c.get(console.Path+"/profile").Body, `href="/console/account/edit"`) {
			t.Error("an IAM user is offered to edit the account")
		}
		p := c.post(console.Path+"/account", form)
		if p.Status != http.StatusForbidden || !strings.Contains(text(p.Body), "Seul un administrateur du compte") {
			t.Errorf("IAM user: %d\n%s", p.Status, text(p.Body))
		}
	})
}

func TestProfileUpdate(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)
	p := b.post(console.Path+"/profile", url.Values{"display_name": {"Root Admin"}, "locale": {"fr"}, "theme": {"dark"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("update: %d\n%s", p.Status, text(p.Body))
	}
	p = b.get(console.Path + "/profile")
	if !strings.Contains(p.Body, `<html lang="fr" data-theme="dark">`) || !strings.Contains(text(p.Body), "Votre profil est mis à jour.") ||
		!strings.Contains(text(p.Body), "Root Admin") {
		t.Errorf("profile after update:\n%s", text(p.Body))
	}
	p = b.post(console.Path+"/profile", url.Values{"locale": {"klingon"}})
	if p.Status != http.StatusBadRequest {
		t.Errorf("bad locale: %d", p.Status)
	}
}

var secretRE = regexp.MustCompile(`<code data-copy>([A-Z0-9]{20})</code>.*?<code data-copy>([A-Za-z0-9]{40})</code>`)

func TestAccessKeys(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)
	if got := text(b.get(console.Path + "/profile").Body); !strings.Contains(got, "You have no access keys.") {
		t.Errorf("no empty state in\n%s", got)
	}
	p := b.post(console.Path+"/access-keys", url.Values{"tag": {"ci"}, "expires": {"2999-01-01"}})
	if p.Status != http.StatusCreated {
		t.Fatalf("create: %d\n%s", p.Status, text(p.Body))
	}
	if p.Header.Get("Cache-Control") != "no-store" {
		t.Error("the page with the secret key may be cached")
	}
	m := secretRE.FindStringSubmatch(strings.ReplaceAll(p.Body, "\n", " "))
	if m == nil {
		t.Fatalf("no key and secret on the page:\n%s", p.Body)
	}
	id, sk := m[1], m[2]
	_, plain, _, err := s.Svc.AccessKeys.ResolveKey(context.Background(), id)
	if err != nil || string(plain) != sk {
		t.Fatalf("the secret shown is not the key's: %v", err)
	}
	p = b.get(console.Path + "/profile")
	if strings.Contains(p.Body, sk) {
		t.Error("the secret key is shown again")
	}
	if !strings.Contains(text(p.Body), id) || !strings.Contains(text(p.Body), "2999-01-01") {
		t.Errorf("the key is not listed:\n%s", text(p.Body))
	}

	p = b.post(console.Path+"/access-keys/"+id+"/state", url.Values{"state": {"INACTIVE"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("deactivate: %d\n%s", p.Status, text(p.Body))
	}
	if got := text(b.get(console.Path + "/profile").Body); !strings.Contains(got, "Access key "+id+" is inactive.") || !strings.Contains(got, "Inactive") {
		t.Errorf("after deactivating:\n%s", got)
	}
	if _, _, _, err := s.Svc.AccessKeys.ResolveKey(context.Background(), id); err == nil {
		t.Error("an inactive key still resolves")
	}
	if p := b.post(console.Path+"/access-keys/"+id+"/state", url.Values{"state": {"ACTIVE"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("activate: %d", p.Status)
	}
	if p := b.post(console.Path+"/access-keys/"+id+"/state", url.Values{"state": {"BROKEN"}}); p.Status != http.StatusBadRequest {
		t.Errorf("bad state: %d", p.Status)
	}
	if p := b.post(console.Path+"/access-keys", url.Values{"expires": {"tomorrow"}}); p.Status != http.StatusBadRequest ||
		!strings.Contains(text(p.Body), "Give a date as YYYY-MM-DD.") {
		t.Errorf("bad date: %d\n%s", p.Status, text(p.Body))
	}
	if p := b.post(console.Path+"/access-keys", url.Values{"expires": {"2001-01-01"}}); p.Status != http.StatusBadRequest {
		t.Errorf("past date: %d", p.Status)
	}
	p = b.post(console.Path+"/access-keys/"+id+"/delete", url.Values{"confirm": {"yes"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("delete: %d", p.Status)
	}
	if got := text(b.get(console.Path + "/profile").Body); !strings.Contains(got, "You have no access keys.") {
		t.Errorf("after delete:\n%s", got)
	}
	if p := b.post(console.Path+"/access-keys/"+id+"/delete", url.Values{"confirm": {"yes"}}); p.Status != http.StatusNotFound {
		t.Errorf("delete twice: %d", p.Status)
	}
}

func TestSessions(t *testing.T) {
	s := mustConsole(t)
	others := []*browser{s.browser(t), s.browser(t)}
	for _, o := range others {
		o.mustLogin("acme", "", rootPassword)
	}
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)
	p := b.get(console.Path + "/sessions")
	if n := strings.Count(p.Body, "/revoke\""); n != 3 {
		t.Fatalf("%d sessions listed, want 3", n)
	}
	if !strings.Contains(text(p.Body), "this session") {
		t.Error("the current session is not marked")
	}
	me, err := s.Svc.Auth.Authenticate(context.Background(), b.cookie("ww_session").Value)
	if err != nil {
		t.Fatal(err)
	}
	var other string
	for _, m := range regexp.MustCompile(`/console/sessions/([0-9a-f]{32})/revoke`).FindAllStringSubmatch(p.Body, -1) {
		if m[1] != me.SessionID {
			other = m[1]
		}
	}
	if p := b.post(console.Path+"/sessions/"+other+"/revoke", nil); p.Status != http.StatusSeeOther || p.Location() != console.Path+"/sessions" {
		t.Fatalf("revoke: %d to %q", p.Status, p.Location())
	}
	alive := 0
	for _, o := range others {
		if o.get(console.Path+"/profile").Status == http.StatusOK {
			alive++
		}
	}
	if alive != 1 {
		t.Fatalf("%d other sessions alive after revoking one, want 1", alive)
	}
	p = b.post(console.Path+"/sessions/revoke-others", url.Values{"confirm": {"yes"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("revoke others: %d", p.Status)
	}
	got := text(b.get(console.Path + "/sessions").Body)
	if !strings.Contains(got, "Sessions signed out:") {
		t.Errorf("no message in\n%s", got)
	}
	for _, o := range others {
		if o.get(console.Path+"/profile").Status == http.StatusOK {
			t.Error("another session survived")
		}
	}
	if p := b.post(console.Path+"/sessions/nope/revoke", nil); p.Status != http.StatusNotFound {
		t.Errorf("unknown session: %d", p.Status)
	}
}
