package console_test

import (
	"fmt"
	stdhtml "html"
	"net/http"
	"regexp"
	"testing"

	"github.com/watchword/watchword/internal/console"
	"github.com/watchword/watchword/internal/identity"
)

var nextLinkRE = regexp.MustCompile(`<a class="button" href="([^"]+)" rel="next">`)

// TestUsersPageByPage: the users page shows a page of users and a link to
// the next; following the links shows every user once.
func TestUsersPageByPage(t *testing.T) {
	s := mustConsole(t)
	for i := range 55 {
		s.mustUser(t, identity.NewUser{Name: fmt.Sprintf("user%02d", i)})
	}
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)
	seen := map[string]bool{}
	path, pages := console.Path+"/users", 0
	for path != "" {
		p := b.get(path)
		if p.Status != http.StatusOK {
			t.Fatalf("%s: %d", path, p.Status)
		}
		ids := userLinkRE.FindAllStringSubmatch(p.Body, -1)
		for _, m := range ids {
			if seen[m[1]] {
				t.Fatalf("user %s shown twice", m[1])
			}
			seen[m[1]] = true
		}
		pages++
		path = ""
		if m := nextLinkRE.FindStringSubmatch(p.Body); m != nil {
			if len(ids) != identity.DefaultPageSize {
				t.Fatalf("page %d holds %d users and links to another", pages, len(ids))
			}
			path = stdhtml.UnescapeString(m[1])
		}
	}
	if pages != 2 || len(seen) != 56 {
		t.Fatalf("%d pages, %d users; want 2 pages and all 56", pages, len(seen))
	}
}
