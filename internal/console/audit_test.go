package console_test

import (
	stdhtml "html"
	"net/http"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/console"
	"github.com/watchword/watchword/internal/identity"
)

// TestAuditPage: an administrator reads the trail newest first, filters it
// by action family and outcome, pages with the filters kept; a user who is
// not an administrator neither sees the link nor reads the page.
func TestAuditPage(t *testing.T) {
	s := mustConsole(t)
	s.mustUser(t, identity.NewUser{Name: "bob", Password: "Correct-Battery-42"})
	for range 3 {
		s.browser(t).post(console.Path+"/login", map[string][]string{"account": {"acme"}, "user": {"bob"}, "password": {"Wrong-Battery-00"}})
	}
	for i := range 55 {
		s.mustUser(t, identity.NewUser{Name: "user" + string(rune('a'+i%26)) + string(rune('a'+i/26))})
	}
	root := s.browser(t)
	root.mustLogin("acme", "", rootPassword)

	p := root.get(console.Path + "/audit?action=auth.&outcome=auth.invalid_credentials")
	if p.Status != http.StatusOK {
		t.Fatalf("audit: %d", p.Status)
	}
	if n := strings.Count(p.Body, "<code>auth.login</code>"); n != 3 {
		t.Fatalf("%d failed sign-ins shown, want 3:\n%s", n, text(p.Body))
	}
	if strings.Contains(p.Body, "<code>user.create</code>") || !strings.Contains(p.Body, `value="auth."`) {
		t.Fatalf("filter not applied or not kept in the form:\n%s", text(p.Body))
	}

	p = root.get(console.Path + "/audit?action=user.create")
	m := nextLinkRE.FindStringSubmatch(p.Body)
	if m == nil || strings.Count(p.Body, "<code>user.create</code>") != identity.DefaultPageSize {
		t.Fatalf("first page of 56 user.create events: no next link or not a full page")
	}
	next := stdhtml.UnescapeString(m[1])
	if !strings.Contains(next, "action=user.create") {
		t.Fatalf("next link %q drops the filter", next)
	}
	p = root.get(next)
	if n := strings.Count(p.Body, "<code>user.create</code>"); n != 56-identity.DefaultPageSize || strings.Contains(p.Body, "<code>auth.login</code>") {
		t.Fatalf("second page holds %d user.create events", n)
	}
	if fr := root.get(console.Path + "/audit?action=nothing.&lang=fr"); !strings.Contains(fr.Body, "No event matches.") && !strings.Contains(fr.Body, "Aucun événement ne correspond.") {
		t.Fatalf("empty trail: %s", text(fr.Body))
	}

	bob := s.browser(t)
	bob.mustLogin("acme", "bob", "Correct-Battery-42")
	if home := bob.get(console.Path + "/profile"); strings.Contains(home.Body, console.Path+"/audit") {
		t.Fatal("a user who is not an administrator sees the audit link")
	}
	if p := bob.get(console.Path + "/audit"); p.Status != http.StatusForbidden {
		t.Fatalf("bob reads the audit page: %d", p.Status)
	}
}
