package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/console"
)

// TestCSRF: every post needs the browser's token, in the form or header,
// and none may come from another site.
func TestCSRF(t *testing.T) {
	s := mustConsole(t)
	login := url.Values{"account": {"acme"}, "password": {rootPassword}}
	with := func(k, v string) url.Values {
		f := url.Values{}
		for key, vals := range login {
			f[key] = vals
		}
		f.Set(k, v)
		return f
	}
	tests := []struct {
		name   string
		form   url.Values
		header http.Header
		want   int
	}{
		{"OK", login, nil, http.StatusSeeOther},
		{"ErrNoToken", with("csrf_token", ""), nil, http.StatusForbidden},
		{"ErrWrongToken", with("csrf_token", strings.Repeat("A", 43)), nil, http.StatusForbidden},
		{"ErrShortToken", with("csrf_token", "abc"), nil, http.StatusForbidden},
		{"ErrCrossOrigin", login, http.Header{"Origin": {"https://evil.example"}}, http.StatusForbidden},
		{"ErrNullOrigin", login, http.Header{"Origin": {"null"}}, http.StatusForbidden},
		{"OK null origin from our own form", login, http.Header{"Origin": {"null"}, "Sec-Fetch-Site": {"same-origin"}}, http.StatusSeeOther},
		{"ErrNullOriginCrossSite", login, http.Header{"Origin": {"null"}, "Sec-Fetch-Site": {"cross-site"}}, http.StatusForbidden},
		{"ErrSameSite", login, http.Header{"Sec-Fetch-Site": {"same-site"}}, http.StatusForbidden},
		{"ErrCrossSite", login, http.Header{"Sec-Fetch-Site": {"cross-site"}}, http.StatusForbidden},
		{"OK same origin fetch", login, http.Header{"Sec-Fetch-Site": {"same-origin"}}, http.StatusSeeOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, lang := range []string{"en", "fr"} {
				b := s.browser(t)
				b.Lang = lang
				p := b.postWith(console.Path+"/login", tt.form, tt.header)
				if p.Status != tt.want {
					t.Fatalf("%s: status %d, want %d\n%s", lang, p.Status, tt.want, text(p.Body))
				}
				if tt.want == http.StatusForbidden {
					checkHeaders(t, "/login", p)
					want := map[string]string{"en": "This form has expired", "fr": "Ce formulaire a expiré"}[lang]
					if !strings.Contains(text(p.Body), want) {
						t.Errorf("%s: %q not in\n%s", lang, want, text(p.Body))
					}
					if setCookieNamed(p, "ww_session") != nil {
						t.Error("a refused post signed in")
					}
				}
			}
		})
	}
	t.Run("ErrNoCookie", func(t *testing.T) {
		b := s.browser(t)
		p := b.post(console.Path+"/login", with("csrf_token", strings.Repeat("A", 43)))
		if p.Status != http.StatusForbidden {
			t.Fatalf("status %d", p.Status)
		}
	})
	t.Run("signed in", func(t *testing.T) {
		b := s.browser(t)
		b.mustLogin("acme", "", rootPassword)
		for _, path := range []string{"/logout", "/profile", "/account", "/access-keys", "/password", "/sessions/revoke-others", "/locale"} {
			if p := b.post(console.Path+path, url.Values{"csrf_token": {"forged"}}); p.Status != http.StatusForbidden {
				t.Errorf("%s with a forged token: %d", path, p.Status)
			}
		}
		if p := b.get(console.Path + "/profile"); p.Status != http.StatusOK {
			t.Errorf("refused posts ended the session: %d", p.Status)
		}
	})
}
