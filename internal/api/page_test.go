package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/api/client"
)

// TestListsPageByCursor: every list reads, a page at a time, exactly what
// one big page holds, in the same order, each item once; the last page has
// no cursor; the Link header names the next page; a cursor works only on its
// own list; the page size is bounded.
func TestListsPageByCursor(t *testing.T) {
	s := mustAPIServer(t)
	ctx := context.Background()
	for i := range 5 {
		name := fmt.Sprintf("user%d", 5-i) // created out of name order
		if _, err := s.Root.CreateUser(ctx, client.NewUser{Name: name, Email: name + "@acme.test",
			Password: "Marble-Orchid-Lantern-" + fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Root.CreateAPIClient(ctx, fmt.Sprintf("client-%d", 5-i)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Root.CreateAccessKey(ctx, "", client.NewAccessKey{}); err != nil {
			t.Fatal(err)
		}
		s.mustLogin(t, client.Credentials{Account: "acme", Password: rootPassword})
		if _, err := s.Anon.RequestRecovery(ctx, client.RecoveryRequest{Method: "link",
			RecoveryIdentifier: client.RecoveryIdentifier{Email: name + "@acme.test"}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Root.AddDictionaryWords(ctx, []string{"zebra", "apple", "mango", "kiwi", "fig"}); err != nil {
		t.Fatal(err)
	}
	tok := s.Root.Token()
	lists := []string{"/v1/users", "/v1/me/sessions", "/v1/me/access-keys", "/v1/api-clients", "/v1/account/dictionary",
		"/v1/account/notifications", "/v1/account/notifications?status=pending"}
	for _, path := range lists {
		t.Run(strings.TrimPrefix(path, "/v1/"), func(t *testing.T) {
			whole := s.page(t, tok, path, "limit=200")
			if len(whole.Items) < 5 || whole.NextCursor != "" {
				t.Fatalf("one big page: %d items, cursor %q", len(whole.Items), whole.NextCursor)
			}
			var paged []json.RawMessage
			q := "limit=2"
			for pages := 0; ; pages++ {
				p := s.page(t, tok, path, q)
				paged = append(paged, p.Items...)
				if p.NextCursor == "" {
					if pages != (len(whole.Items)-1)/2 {
						t.Fatalf("%d pages for %d items", pages+1, len(whole.Items))
					}
					break
				}
				if len(p.Items) != 2 {
					t.Fatalf("a page before the last holds %d items", len(p.Items))
				}
				if !strings.Contains(p.Link, "cursor="+url.QueryEscape(p.NextCursor)) || !strings.HasSuffix(p.Link, `>; rel="next"`) {
					t.Fatalf("Link %q does not name the next page", p.Link)
				}
				q = "limit=2&cursor=" + url.QueryEscape(p.NextCursor)
			}
			if len(paged) != len(whole.Items) {
				t.Fatalf("paged %d items, one page %d", len(paged), len(whole.Items))
			}
			for i := range paged {
				if string(paged[i]) != string(whole.Items[i]) {
					t.Fatalf("item %d differs:\n paged %s\n whole %s", i, paged[i], whole.Items[i])
				}
			}
		})
	}
	t.Run("Sorted", func(t *testing.T) {
		var words []string
		_ = json.Unmarshal([]byte("["+joinRaw(s.page(t, tok, "/v1/account/dictionary", "").Items)+"]"), &words)
		if strings.Join(words, ",") != "apple,fig,kiwi,mango,zebra" {
			t.Fatalf("dictionary order %v", words)
		}
		var users []struct{ Name string }
		_ = json.Unmarshal([]byte("["+joinRaw(s.page(t, tok, "/v1/users", "").Items)+"]"), &users)
		if len(users) != 6 || users[0].Name != "acme" || users[1].Name != "user1" || users[5].Name != "user5" {
			t.Fatalf("users order %+v", users)
		}
	})
	t.Run("ErrCursorOfAnotherList", func(t *testing.T) {
		c := s.page(t, tok, "/v1/users", "limit=1").NextCursor
		mustProblem(t, s.raw(t, http.MethodGet, "/v1/api-clients?cursor="+url.QueryEscape(c), tok, "", nil), http.StatusBadRequest, "page.cursor")
	})
	t.Run("ErrLimit", func(t *testing.T) {
		for _, path := range lists {
			sep := "?"
			if strings.Contains(path, "?") {
				sep = "&"
			}
			mustProblem(t, s.raw(t, http.MethodGet, path+sep+"limit=201", tok, "", nil), http.StatusBadRequest, "page.limit")
		}
	})
}

type pageBody struct {
	Items      []json.RawMessage `json:"items"`
	NextCursor string            `json:"next_cursor"`
	Link       string            `json:"-"`
}

func (s *apiServer) page(t *testing.T, tok, path, query string) pageBody {
	t.Helper()
	if query != "" {
		if strings.Contains(path, "?") {
			path += "&" + query
		} else {
			path += "?" + query
		}
	}
	r := s.raw(t, http.MethodGet, path, tok, "", nil)
	var p pageBody
	if r.Status != http.StatusOK || json.Unmarshal(r.Body, &p) != nil {
		t.Fatalf("GET %s: %d %s", path, r.Status, r.Body)
	}
	p.Link = r.Header.Get("Link")
	return p
}

func joinRaw(items []json.RawMessage) string {
	parts := make([]string, len(items))
	for i, it := range items {
		parts[i] = string(it)
	}
	return strings.Join(parts, ",")
}
