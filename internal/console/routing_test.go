package console_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/console"
	"github.com/watchword/watchword/internal/i18n"
	"github.com/watchword/watchword/internal/metrics"
	"github.com/watchword/watchword/internal/server"
)

// TestRouting: what the console answers around its route table, each in its
// own look: the home page, an unknown page (404; an unclean path is not
// redirected), a path taking other methods (405 and Allow, after the CSRF
// check, which runs first; HEAD is no GET page's), a missing static file,
// and a body the live password check cannot read.
func TestRouting(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)
	anon := s.browser(t)
	tests := []struct {
		name, method, path, body string
		anon, token              bool
		status                   int
		location, allow, want    string
	}{
		{"HomeNoSlash", "GET", "", "", true, false, http.StatusSeeOther, console.Path + "/login", "", ""},
		{"Home", "GET", "/", "", true, false, http.StatusSeeOther, console.Path + "/login", "", ""},
		{"HomeSignedIn", "GET", "/", "", false, false, http.StatusSeeOther, console.Path + "/profile", "", ""},
		{"ErrNotFound", "GET", "/no-such-page", "", false, false, http.StatusNotFound, "", "", "error.route.not_found"},
		{"ErrNotFoundDeeper", "GET", "/users/x/y/z", "", false, false, http.StatusNotFound, "", "", "error.route.not_found"},
		{"ErrNotFoundUnclean", "GET", "//login", "", true, false, http.StatusNotFound, "", "", "error.route.not_found"},
		{"ErrMethodHead", "HEAD", "/login", "", true, false, http.StatusMethodNotAllowed, "", "GET, POST", ""},
		{"ErrNotFoundTrailingSlash", "GET", "/login/", "", true, false, http.StatusNotFound, "", "", "error.route.not_found"},
		{"ErrStaticMissing", "GET", "/static/nothing.js", "", true, false, http.StatusNotFound, "", "", "error.route.not_found"},
		{"ErrMethodGetOnPost", "GET", "/logout", "", false, false, http.StatusMethodNotAllowed, "", "POST", "error.request.method"},
		{"ErrMethodPutNoCSRF", "PUT", "/login", "", true, false, http.StatusForbidden, "", "", "error.csrf.invalid"},
		{"ErrMethodPut", "PUT", "/login", "", true, true, http.StatusMethodNotAllowed, "", "GET, POST", "error.request.method"},
		{"ErrMethodDeleteOnGet", "DELETE", "/reset/abc", "", true, true, http.StatusMethodNotAllowed, "", "GET", "error.request.method"},
		{"ErrCheckMalformed", "POST", "/password/check", `{"password":`, false, true, http.StatusBadRequest, "", "", "error.request.form"},
		{"ErrCheckNotObject", "POST", "/password/check", `["x"]`, false, true, http.StatusBadRequest, "", "", "error.request.form"},
		{"ErrCheckType", "POST", "/password/check", `{"password":1}`, false, true, http.StatusBadRequest, "", "", "error.request.form"},
		{"ErrCheckTooLarge", "POST", "/password/check", `{"password":"` + strings.Repeat("a", 64<<10) + `"}`, false, true, http.StatusBadRequest, "", "", "error.request.form"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := b
			if tt.anon {
				c = anon
			}
			req, _ := http.NewRequest(tt.method, c.base.String()+console.Path+tt.path, strings.NewReader(tt.body))
			if tt.token {
				req.Header.Set("X-CSRF-Token", c.csrf())
			}
			if tt.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			p := c.do(req)
			if p.Status != tt.status || p.Location() != tt.location && tt.location != "" || p.Header.Get("Allow") != tt.allow {
				t.Fatalf("%s %s: %d to %q, Allow %q\n%s", tt.method, tt.path, p.Status, p.Location(), p.Header.Get("Allow"), text(p.Body))
			}
			checkHeaders(t, tt.path, p)
			if p.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control %q", p.Header.Get("Cache-Control"))
			}
			if tt.want == "" {
				return
			}
			if msg := tr(t, "en", tt.want); !strings.Contains(html(p.Body), msg) {
				t.Errorf("%q not in\n%s", msg, p.Body)
			}
			if strings.HasPrefix(tt.path, "/password/check") {
				if ct := p.Header.Get("Content-Type"); ct != "application/json" || !strings.HasPrefix(p.Body, `{"strength":0,"rules":null,"error":`) {
					t.Errorf("live check answer %q: %s", ct, p.Body)
				}
			} else if !strings.Contains(p.Body, `<html lang="en"`) {
				t.Errorf("not the console's error page:\n%s", p.Body)
			}
		})
	}
}

// TestResetTokenNotLogged follows a mailed reset link through the whole
// stack, logging at debug level: the server's access log shows its path
// with the token hidden.
func TestResetTokenNotLogged(t *testing.T) {
	const token = "yOZJDd21RBcJT78f2SKx092gT9byOospqh2VAqTx"
	s := mustConsole(t)
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	c, err := console.New(console.Config{}, s.Svc, cat, log)
	if err != nil {
		t.Fatal(err)
	}
	h := server.Handler(server.Config{}, server.Faces{Mounts: map[string]http.Handler{console.Path: c}}, s.DB, metrics.New(), log)
	for _, p := range []string{"/reset/" + token, console.Path + "/reset/" + token} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
		// The made-up token gets the invalid-link page (400).
		if rec.Code != http.StatusFound && rec.Code != http.StatusBadRequest {
			t.Fatalf("GET %s: %d", p, rec.Code)
		}
	}
	if strings.Contains(logs.String(), token) {
		t.Fatalf("the reset token is in the log:\n%s", logs.String())
	}
	if n := strings.Count(logs.String(), console.Path+"/reset/[redacted]"); n != 1 {
		t.Fatalf("want the console's reset page logged once with the token hidden, got %d:\n%s", n, logs.String())
	}
}
