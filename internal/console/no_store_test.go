package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/watchword/watchword/internal/console"
	"github.com/watchword/watchword/internal/i18n"
)

// TestEveryPageAnswersNoStore walks the console's route table and calls
// every route without a session: each answer says Cache-Control: no-store
// (a static file that exists may be cached; "x" does not exist).
func TestEveryPageAnswersNoStore(t *testing.T) {
	s := mustConsole(t)
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	face, err := console.New(console.Config{}, s.Svc, cat, nil)
	if err != nil {
		t.Fatal(err)
	}
	routes, ok := face.(chi.Routes)
	if !ok {
		t.Fatal("the console is no longer a chi router: walk its route table another way")
	}
	b := s.browser(t)
	n := 0
	err = chi.Walk(routes, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		n++
		path := console.Path + strings.NewReplacer("{id}", "x", "{name}", "x", "{token}", "x", "{serial}", "x").Replace(route)
		req, err := http.NewRequest(method, s.URL+path, strings.NewReader(""))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		p := b.do(req)
		if got := p.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s %s: %d with Cache-Control %q, want no-store", method, route, p.Status, got)
		}
		return nil
	})
	if err != nil || n < 40 {
		t.Fatalf("walked %d routes: %v", n, err)
	}
}

// TestSecretPagesNoStore: the pages that show a secret, reached with a
// session, say no-store. A page added later that shows a secret goes in
// this list.
func TestSecretPagesNoStore(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)
	for _, c := range []struct {
		method, path string
		form         url.Values
		status       int
	}{
		{"POST", "/access-keys", url.Values{"tag": {"ci"}}, http.StatusCreated},
		{"POST", "/credentials/mfa", nil, http.StatusOK},
		{"GET", "/credentials/mfa/qr", nil, http.StatusOK},
	} {
		var p page
		if c.method == "POST" {
			p = b.post(console.Path+c.path, c.form)
		} else {
			p = b.get(console.Path + c.path)
		}
		if p.Status != c.status || p.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s %s: %d with Cache-Control %q", c.method, c.path, p.Status, p.Header.Get("Cache-Control"))
		}
	}
}
