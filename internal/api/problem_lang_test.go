package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/watchword/watchword/internal/api/client"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/testkit"
)

// sendIn makes a request with a token and an Accept-Language header.
func (s *apiServer) sendIn(t *testing.T, method, path, token, lang string, body any) rawResponse {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(method, s.URL+path, bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return readRaw(t, res)
}

// readProblem decodes a problem+json answer with its status and code.
func readProblem(t *testing.T, r rawResponse, status int, code string) problem {
	t.Helper()
	var p problem
	if err := json.Unmarshal(r.Body, &p); err != nil {
		t.Fatalf("status %d, body %q: %v", r.Status, r.Body, err)
	}
	if r.Status != status || p.Status != status || p.Code != code || p.Type != "urn:watchword:problem:"+code ||
		r.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("got %d %+v, want %d %s", r.Status, p, status, code)
	}
	return p
}

func ruleMessage(p problem, id string) string {
	for _, r := range p.Rules {
		if r.ID == id {
			return r.Message
		}
	}
	return ""
}

// TestProblemLanguage: a /v1 error speaks the Accept-Language of the
// request, else the signed-in user's locale, else the core's English; the
// code, type and rule IDs never change.
func TestProblemLanguage(t *testing.T) {
	s := mustAPIServer(t)
	tok := s.Root.Token()
	short := client.PasswordChange{CurrentPassword: rootPassword, NewPassword: "ab"}

	t.Run("AcceptLanguageFrench", func(t *testing.T) {
		r := s.sendIn(t, "POST", "/v1/me/password", tok, "fr-CA,fr;q=0.9,en;q=0.5", short)
		p := readProblem(t, r, 400, "password.policy")
		if p.Title != "Requête invalide" || p.Detail != "Le mot de passe ne respecte pas la politique de mots de passe." {
			t.Errorf("title %q, detail %q", p.Title, p.Detail)
		}
		if got := ruleMessage(p, "min_length"); got != "Doit comporter au moins 8 caractères" {
			t.Errorf("min_length rule %q", got)
		}
		if r.Header.Get("Content-Language") != "fr" {
			t.Errorf("Content-Language %q", r.Header.Get("Content-Language"))
		}
	})
	t.Run("NoHeaderEnglish", func(t *testing.T) {
		r := s.sendIn(t, "POST", "/v1/me/password", tok, "", short)
		p := readProblem(t, r, 400, "password.policy")
		if p.Title != "Bad Request" || p.Detail != "the password does not meet the password policy: it must be at least 8 characters long" {
			t.Errorf("title %q, detail %q", p.Title, p.Detail)
		}
		if got := ruleMessage(p, "min_length"); got != "Must be at least 8 characters long" {
			t.Errorf("min_length rule %q", got)
		}
	})
	t.Run("UnauthenticatedFrench", func(t *testing.T) {
		p := readProblem(t, s.sendIn(t, "GET", "/v1/me", "", "fr", nil), 401, "auth.required")
		if p.Title != "Authentification requise" || p.Detail != "Veuillez vous connecter." {
			t.Errorf("title %q, detail %q", p.Title, p.Detail)
		}
	})

	// The user's own locale applies when the request names none it knows.
	if _, err := s.Root.UpdateMe(context.Background(), client.ProfileUpdate{Locale: ptr("fr")}); err != nil {
		t.Fatal(err)
	}
	t.Run("UserLocale", func(t *testing.T) {
		p := readProblem(t, s.sendIn(t, "POST", "/v1/me/password", tok, "de-DE", short), 400, "password.policy")
		if p.Detail != "Le mot de passe ne respecte pas la politique de mots de passe." || ruleMessage(p, "min_length") != "Doit comporter au moins 8 caractères" {
			t.Errorf("detail %q, rules %+v", p.Detail, p.Rules)
		}
	})
	t.Run("AcceptLanguageWinsOverUserLocale", func(t *testing.T) {
		p := readProblem(t, s.sendIn(t, "POST", "/v1/me/password", tok, "en", short), 400, "password.policy")
		if p.Title != "Bad Request" || ruleMessage(p, "min_length") != "Must be at least 8 characters long" {
			t.Errorf("title %q, rules %+v", p.Title, p.Rules)
		}
	})
}

// TestContactRuleReadsAsRequirement: a password built on the name part of
// the user's email address is refused with a message that says so, as a
// requirement (issue 18: "Alice-Fresh-Start-9" for alice@acme.example).
func TestContactRuleReadsAsRequirement(t *testing.T) {
	s := mustAPIServer(t)
	ctx := context.Background()
	alice, err := s.Root.CreateUser(ctx, client.NewUser{Name: "alice", Email: "alice@acme.example", Password: "Tr0ubadour-Horse-Staple-2"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ lang, detail, rule string }{
		{"", "the password does not meet the password policy: it must not contain the name part of the email address (before the @) or the mobile number",
			"Must not contain the name part of the email address (before the @) or the mobile number"},
		{"fr", "Le mot de passe ne respecte pas la politique de mots de passe.",
			"Ne doit contenir ni la partie nom de l’adresse e-mail (avant le @) ni le numéro de mobile"},
	} {
		r := s.sendIn(t, "PUT", "/v1/users/"+alice.ID+"/password", s.Root.Token(), tt.lang, map[string]any{"password": "Alice-Fresh-Start-9"})
		p := readProblem(t, r, 400, "password.policy")
		if p.Detail != tt.detail || ruleMessage(p, "not_email_or_mobile") != tt.rule {
			t.Errorf("%q: detail %q, rules %+v", tt.lang, p.Detail, p.Rules)
		}
	}
}

// TestAccountHidesRootContactFromUsers: GET /v1/account gives the root
// user's email and mobile to administrators only (issue 18, point 4).
func TestAccountHidesRootContactFromUsers(t *testing.T) {
	s := mustAPIServer(t)
	ctx := context.Background()
	if _, err := s.Root.UpdateAccount(ctx, client.AccountUpdate{CompanyName: ptr("Acme Corp")}); err != nil {
		t.Fatal(err)
	}
	root, err := s.Root.Account(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if root.Email == "" {
		t.Fatalf("the root user reads no account email: %+v", root)
	}
	for _, u := range []client.NewUser{
		{Name: "bob", Password: "Tr0ubadour-Horse-Staple-2"},
		{Name: "carol", Password: "Tr0ubadour-Horse-Staple-2", Admin: true},
	} {
		if _, err := s.Root.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		c := s.mustLogin(t, client.Credentials{Account: "acme", Username: u.Name, Password: u.Password})
		a, err := c.Account(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if a.CompanyName != "Acme Corp" || a.ID != root.ID {
			t.Errorf("%s reads %+v", u.Name, a)
		}
		if u.Admin && (a.Email != root.Email || a.MobileNumber != root.MobileNumber) {
			t.Errorf("administrator %s reads email %q, mobile %q", u.Name, a.Email, a.MobileNumber)
		}
		if !u.Admin && (a.Email != "" || a.MobileNumber != "") {
			t.Errorf("user %s reads the root user's email %q and mobile %q", u.Name, a.Email, a.MobileNumber)
		}
	}
}

// TestCreateUserInvites: POST /v1/users with invite and no password mails
// the user a link that sets the first password; without invite, nothing
// is sent (issue 18, point 10).
func TestCreateUserInvites(t *testing.T) {
	s := mustAPIServer(t)
	ctx := context.Background()
	for _, u := range []client.NewUser{
		{Name: "dora", Email: "dora@acme.example", Invite: true},
		{Name: "eve", Email: "eve@acme.example"},
	} {
		if _, err := s.Root.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	var to []string
	for _, m := range testkit.MustClaim(t, s.DB, testkit.DefaultKeyring()) {
		if m.Template == notify.Invitation {
			to = append(to, m.To)
			if m.Secret["link"] == "" || m.Data["user"] != "dora" {
				t.Errorf("invitation %+v", m)
			}
		}
	}
	if len(to) != 1 || to[0] != "dora@acme.example" {
		t.Errorf("invitations sent to %v, want dora's only", to)
	}
}
