package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/console"
)

// TestEveryPageAnswersNoStore walks the console's route table and calls
// every route without a session: each answer says Cache-Control: no-store
// (a static file that exists may be cached; "x" does not exist).
func TestEveryPageAnswersNoStore(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	n := 0
	for _, rt := range walkConsole(t, s) {
		n++
		path := console.Path + strings.NewReplacer("{id}", "x", "{name}", "x", "{token}", "x", "{serial}", "x").Replace(rt.pattern)
		req, err := http.NewRequest(rt.method, s.URL+path, strings.NewReader(""))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		p := b.do(req)
		if got := p.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s %s: %d with Cache-Control %q, want no-store", rt.method, rt.pattern, p.Status, got)
		}
	}
	if n < 40 {
		t.Fatalf("walked %d routes", n)
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
