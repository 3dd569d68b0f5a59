package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/console"
	"github.com/watchword/watchword/internal/identity"
)

func TestLogin(t *testing.T) {
	s := mustConsole(t)
	s.mustUser(t, identity.NewUser{Name: "alice", Email: "alice@acme.test", Password: "Tr0ubadour-Zebra-Quilt"})
	tests := []struct {
		name           string
		account, user  string
		password       string
		status         int
		wantEN, wantFR string
	}{
		{"OK root", "acme", "", rootPassword, http.StatusSeeOther, "", ""},
		{"OK root by email", "root@acme.test", "", rootPassword, http.StatusSeeOther, "", ""},
		{"OK IAM user", "acme", "alice", "Tr0ubadour-Zebra-Quilt", http.StatusSeeOther, "", ""},
		{"ErrWrongPassword", "acme", "", "nope", http.StatusUnauthorized,
			"The login or password is incorrect.", "L’identifiant ou le mot de passe est incorrect."},
		{"ErrUnknownUser", "acme", "bob", "Tr0ubadour-Zebra-Quilt", http.StatusUnauthorized,
			"The login or password is incorrect.", "L’identifiant ou le mot de passe est incorrect."},
		{"ErrNoIdentifier", "", "", "x", http.StatusBadRequest,
			"Give an account name, or an email address.", "Indiquez un nom de compte ou une adresse e-mail."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for lang, want := range map[string]string{"en": tt.wantEN, "fr": tt.wantFR} {
				b := s.browser(t)
				b.Lang = lang
				p := b.post(console.Path+"/login", url.Values{"account": {tt.account}, "user": {tt.user}, "password": {tt.password}})
				if p.Status != tt.status {
					t.Fatalf("%s: status %d, want %d\n%s", lang, p.Status, tt.status, text(p.Body))
				}
				if tt.status == http.StatusSeeOther {
					if p.Location() != console.Path+"/profile" {
						t.Errorf("redirect to %q", p.Location())
					}
					if b.get(console.Path+"/profile").Status != http.StatusOK {
						t.Error("the profile page does not open after login")
					}
					continue
				}
				checkHeaders(t, "/login", p)
				if !strings.Contains(text(p.Body), want) {
					t.Errorf("%s: %q not in\n%s", lang, want, text(p.Body))
				}
				if strings.Contains(p.Body, tt.password) && tt.password != "x" {
					t.Error("the password is echoed back into the form")
				}
			}
		})
	}
}

// TestLoginComesBack: a page asked for while signed out is where the
// login goes; a "next" leading off the console is ignored.
func TestLoginComesBack(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	p := b.get(console.Path + "/sessions")
	if p.Status != http.StatusSeeOther || p.Location() != console.Path+"/login?next=%2Fconsole%2Fsessions" {
		t.Fatalf("signed out: %d to %q", p.Status, p.Location())
	}
	for next, want := range map[string]string{
		"/console/sessions":    "/console/sessions",
		"https://evil.example": "/console/profile",
		"//evil.example/x":     "/console/profile",
		"/console/../v1/me":    "/console/profile",
	} {
		b := s.browser(t)
		p := b.post(console.Path+"/login", url.Values{"account": {"acme"}, "password": {rootPassword}, "next": {next}})
		if p.Location() != want {
			t.Errorf("next %q: redirect to %q, want %q", next, p.Location(), want)
		}
	}
}

func TestSessionCookie(t *testing.T) {
	for _, tt := range []struct {
		name       string
		publicURL  string
		wantSecure bool
	}{{"http", "", false}, {"https public URL", "https://id.acme.test", true}} {
		t.Run(tt.name, func(t *testing.T) {
			s := mustConsoleWith(t, console.Config{PublicURL: tt.publicURL})
			b := s.browser(t)
			p := b.get(console.Path + "/login")
			csrf := setCookieNamed(p, "ww_csrf")
			if csrf == nil || !csrf.HttpOnly || csrf.SameSite != http.SameSiteStrictMode || csrf.Path != "/console" || csrf.Secure != tt.wantSecure {
				t.Errorf("CSRF cookie %+v", csrf)
			}
			if tt.wantSecure {
				return // the test client does not send Secure cookies over http
			}
			p = b.post(console.Path+"/login", url.Values{"account": {"acme"}, "password": {rootPassword}})
			c := setCookieNamed(p, "ww_session")
			if c == nil || c.Value == "" {
				t.Fatal("no session cookie")
			}
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/console" || c.Secure != tt.wantSecure || c.Expires.IsZero() {
				t.Errorf("session cookie %+v", c)
			}
		})
	}
	t.Run("Secure over TLS", func(t *testing.T) {
		s := mustConsoleTLS(t)
		b := s.browser(t)
		p := b.post(console.Path+"/login", url.Values{"account": {"acme"}, "password": {rootPassword}})
		for _, name := range []string{"ww_session", "ww_csrf"} {
			if c := setCookieNamed(p, name); name == "ww_session" && (c == nil || !c.Secure) {
				t.Errorf("%s over TLS: %+v", name, c)
			}
		}
	})
}

func TestLogout(t *testing.T) {
	s := mustConsole(t)
	b := s.browser(t)
	b.mustLogin("acme", "", rootPassword)
	token := b.cookie("ww_session").Value
	p := b.post(console.Path+"/logout", nil)
	if p.Status != http.StatusSeeOther || p.Location() != console.Path+"/login" {
		t.Fatalf("logout: %d to %q", p.Status, p.Location())
	}
	if c := setCookieNamed(p, "ww_session"); c == nil || c.MaxAge >= 0 {
		t.Errorf("the session cookie is not cleared: %+v", c)
	}
	if got := text(b.get(console.Path + "/login").Body); !strings.Contains(got, "You are signed out.") {
		t.Errorf("no signed-out message in\n%s", got)
	}
	if _, err := s.Svc.Auth.Authenticate(context.Background(), token); err == nil {
		t.Error("the token still works after logout")
	}
	if p := b.get(console.Path + "/profile"); p.Status != http.StatusSeeOther {
		t.Errorf("profile after logout: %d", p.Status)
	}
}

// TestLoginVerification: with login verification on, the password leads
// to the code page, and only the right code signs in.
func TestLoginVerification(t *testing.T) {
	s := mustConsole(t)
	ctx := s.asRoot(t)
	if _, err := s.Svc.LoginVerification.SendCode(ctx, identity.VerifyEmail); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Svc.LoginVerification.Set(ctx, identity.LoginVerificationChange{Method: identity.VerifyEmail,
		Code: s.lastCode(t, "root@acme.test"), CurrentPassword: rootPassword}); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "fr"} {
		b := s.browser(t)
		b.Lang = lang
		p := b.post(console.Path+"/login", url.Values{"account": {"acme"}, "password": {rootPassword}})
		if p.Status != http.StatusSeeOther || p.Location() != console.Path+"/login/verify" {
			t.Fatalf("password step: %d to %q", p.Status, p.Location())
		}
		if c := setCookieNamed(p, "ww_session"); c != nil {
			t.Fatal("a session was issued before the code")
		}
		p = b.get(console.Path + "/login/verify")
		want := map[string]string{"en": "Enter the code sent by email to", "fr": "Saisissez le code envoyé par e-mail à"}[lang]
		if p.Status != http.StatusOK || !strings.Contains(text(p.Body), want) {
			t.Fatalf("code page: %d\n%s", p.Status, text(p.Body))
		}
		code := s.lastCode(t, "root@acme.test")
		p = b.post(console.Path+"/login/verify", url.Values{"code": {wrongCode(code)}})
		want = tr(t, lang, "error.verify.code_invalid")
		if p.Status != http.StatusBadRequest || !strings.Contains(text(p.Body), want) {
			t.Fatalf("wrong code: %d\n%s", p.Status, text(p.Body))
		}
		p = b.post(console.Path+"/login/verify", url.Values{"code": {code}})
		if p.Status != http.StatusSeeOther || p.Location() != console.Path+"/profile" || setCookieNamed(p, "ww_session") == nil {
			t.Fatalf("right code: %d to %q", p.Status, p.Location())
		}
		if p := b.get(console.Path + "/login/verify"); p.Status != http.StatusSeeOther {
			t.Errorf("the pending login survives: %d", p.Status)
		}
	}
}

func wrongCode(code string) string {
	if code == "000000" {
		return "111111"
	}
	return "000000"
}
