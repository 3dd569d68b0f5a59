package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/api/client"
)

// TestAuthErrors sends every authenticated route a missing, malformed,
// forged, expired and revoked token: each is a 401 problem, never a 500.
func TestAuthErrors(t *testing.T) {
	s := mustAPIServer(t)
	expiring := s.mustLogin(t, client.Credentials{Account: "acme", Password: rootPassword})
	revoked := s.mustLogin(t, client.Credentials{Account: "acme", Password: rootPassword})
	if err := revoked.Logout(context.Background()); err != nil {
		t.Fatal(err)
	}
	routes := authenticatedRoutes(t) // TestOpenAPIMatchesRoutes checks the document says which
	if len(routes) < 20 {
		t.Fatalf("only %d authenticated routes", len(routes))
	}
	tests := []struct {
		name          string
		authorization string
		code          string
	}{
		{"ErrMissing", "", "auth.required"},
		{"ErrNotBearer", "Basic YWNtZTpwYXNzd29yZA==", "auth.required"},
		{"ErrEmptyBearer", "Bearer ", "auth.required"},
		{"ErrForged", "Bearer " + strings.Repeat("x", 43), "auth.invalid_token"},
		{"ErrOversized", "Bearer " + strings.Repeat("x", 4000), "auth.invalid_token"},
		{"ErrRevoked", "Bearer " + revoked.Token(), "auth.invalid_token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, rt := range routes {
				method, path, _ := strings.Cut(rt, " ")
				req, _ := http.NewRequest(method, s.URL+path, strings.NewReader(`{}`))
				req.Header.Set("Content-Type", "application/json")
				if tt.authorization != "" {
					req.Header.Set("Authorization", tt.authorization)
				}
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				r := readRaw(t, res)
				mustProblem(t, r, http.StatusUnauthorized, tt.code)
				if !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), `Bearer realm="watchword"`) {
					t.Fatalf("%s: WWW-Authenticate %q", rt, r.Header.Get("WWW-Authenticate"))
				}
			}
		})
	}
	t.Run("ErrExpired", func(t *testing.T) {
		s.Clock.Add(12*time.Hour + time.Minute)
		for _, rt := range routes {
			method, path, _ := strings.Cut(rt, " ")
			mustProblem(t, s.raw(t, method, path, expiring.Token(), "application/json", []byte(`{}`)),
				http.StatusUnauthorized, "auth.invalid_token")
		}
	})
}

// TestOtherAccountNotFound checks that another account's user and API client
// read exactly as IDs that do not exist: same status, same body.
func TestOtherAccountNotFound(t *testing.T) {
	s := mustAPIServer(t)
	ctx := context.Background()
	globex := s.mustOtherAccount(t)
	theirUser, err := globex.CreateUser(ctx, client.NewUser{Name: "gina", Email: "gina@globex.test", Password: "Correct-Battery-42"})
	if err != nil {
		t.Fatal(err)
	}
	theirClient, err := globex.CreateAPIClient(ctx, "ci")
	if err != nil {
		t.Fatal(err)
	}
	theirSessions, _ := globex.Sessions(ctx)
	tests := []struct {
		name, method, path, body, code string
	}{
		{"ShowUser", http.MethodGet, "/v1/users/%s", "", "user.not_found"},
		{"UpdateUser", http.MethodPatch, "/v1/users/%s", `{"display_name":"pwned"}`, "user.not_found"},
		{"DeleteUser", http.MethodDelete, "/v1/users/%s", "", "user.not_found"},
		{"SetUserPassword", http.MethodPut, "/v1/users/%s/password", `{"password":"Pwned-Battery-42"}`, "user.not_found"},
		{"DeleteAPIClient", http.MethodDelete, "/v1/api-clients/%s", "", "client.not_found"},
		{"RevokeSession", http.MethodDelete, "/v1/me/sessions/%s", "", "session.not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			theirs := map[string]string{"user.not_found": theirUser.ID, "client.not_found": theirClient.ID,
				"session.not_found": theirSessions[0].ID}[tt.code]
			got := s.raw(t, tt.method, strings.Replace(tt.path, "%s", theirs, 1), s.Root.Token(), "application/json", []byte(tt.body))
			none := s.raw(t, tt.method, strings.Replace(tt.path, "%s", "00000000000000000000000000000000", 1), s.Root.Token(),
				"application/json", []byte(tt.body))
			mustProblem(t, got, http.StatusNotFound, tt.code)
			if string(got.Body) != string(none.Body) || none.Status != got.Status {
				t.Fatalf("another account's object answers\n%s\nbut a missing one\n%s", got.Body, none.Body)
			}
		})
	}
	if u, err := globex.User(ctx, theirUser.ID); err != nil || u.DisplayName != "" {
		t.Fatalf("globex's user was touched: %+v %v", u, err)
	}
	if _, err := globex.Me(ctx); err != nil {
		t.Fatalf("globex's session was revoked: %v", err)
	}
}

// TestRouteErrors covers unknown paths, wrong methods and the refusals the
// face itself decides.
func TestRouteErrors(t *testing.T) {
	s := mustAPIServer(t)
	tok := s.Root.Token()
	t.Run("ErrNotFound", func(t *testing.T) {
		mustProblem(t, s.raw(t, http.MethodGet, "/v1/nope", tok, "", nil), http.StatusNotFound, "route.not_found")
		mustProblem(t, s.raw(t, http.MethodGet, "/v1/users/x/y/z", tok, "", nil), http.StatusNotFound, "route.not_found")
		// An unclean path is unknown, never redirected to the clean one.
		for _, path := range []string{"/v1//me", "/v1/./me", "/v1/users/../me", "/v1/me/"} {
			mustProblem(t, s.raw(t, http.MethodPost, path, tok, "application/json", []byte(`{}`)), http.StatusNotFound, "route.not_found")
		}
	})
	for _, tt := range []struct{ method, path, allow string }{
		{http.MethodPost, "/v1/me", "GET, PATCH"},
		{http.MethodPut, "/v1/users", "GET, POST"},
		{http.MethodGet, "/v1/auth/login", "POST"},
		{http.MethodPost, "/v1/users/x", "GET, PATCH, DELETE"},
		{http.MethodDelete, "/v1/openapi.json", "GET"},
		{http.MethodHead, "/v1/me", "GET, PATCH"}, // a GET route does not answer HEAD
		{http.MethodOptions, "/v1/users/x/password", "PUT"},
		{http.MethodPost, "/v1/users/a%2Fb", "GET, PATCH, DELETE"}, // an escaped slash stays in its segment
	} {
		t.Run("ErrMethod"+tt.method+strings.ReplaceAll(tt.path, "/", "_"), func(t *testing.T) {
			r := s.raw(t, tt.method, tt.path, tok, "application/json", []byte(`{}`))
			if tt.method == http.MethodHead { // an answer without a body
				if r.Status != http.StatusMethodNotAllowed || r.Header.Get("Content-Type") != "application/problem+json" {
					t.Fatalf("HEAD: %d %s", r.Status, r.Header.Get("Content-Type"))
				}
			} else {
				mustProblem(t, r, http.StatusMethodNotAllowed, "request.method")
			}
			if got := r.Header.Get("Allow"); !sameMethods(got, tt.allow) {
				t.Fatalf("Allow: %q, want %q", got, tt.allow)
			}
		})
	}
	for _, tt := range []struct {
		name, method, path, body string
		status                   int
		code, field              string
	}{
		{"ErrAccountIDImmutable", http.MethodPatch, "/v1/account", `{"id":"999999999999"}`, 400, "account.id_immutable", "id"},
		{"ErrAccountNameImmutable", http.MethodPatch, "/v1/account", `{"name":"evil"}`, 400, "account.name_immutable", "name"},
		{"ErrUnknownPreset", http.MethodPut, "/v1/account/password-policy", `{"preset":"lax"}`, 400, "policy.unknown_preset", "preset"},
		{"ErrNotifyType", http.MethodPost, "/v1/me/password", `{"current_password":"a","new_password":"b","notify_type":"SMS"}`, 400, "request.notify_type", "notify_type"},
		{"ErrGrantType", http.MethodPost, "/v1/auth/token", `{"grant_type":"password"}`, 400, "auth.unsupported_grant_type", "grant_type"},
		{"ErrNoIdentifier", http.MethodPost, "/v1/auth/login", `{"password":"x"}`, 400, "auth.identifier_required", ""},
		{"ErrBadCredentials", http.MethodPost, "/v1/auth/login", `{"account":"acme","password":"x"}`, 401, "auth.invalid_credentials", ""},
		{"ErrCurrentPassword", http.MethodPost, "/v1/me/password", `{"current_password":"x","new_password":"Fresh-Battery-42"}`, 401, "password.current_invalid", ""},
		{"ErrUserName", http.MethodPost, "/v1/users", `{"name":"a b"}`, 400, "validation.name", "name"},
		{"ErrUserTaken", http.MethodPost, "/v1/users", `{"name":"acme"}`, 409, "user.name_taken", "name"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := mustProblem(t, s.raw(t, tt.method, tt.path, tok, "application/json", []byte(tt.body)), tt.status, tt.code)
			if p.Field != tt.field {
				t.Fatalf("field %q, want %q", p.Field, tt.field)
			}
		})
	}
	t.Run("ErrQuery", func(t *testing.T) {
		for q, code := range map[string]string{"limit=-1": "page.limit", "limit=ten": "page.limit", "limit=201": "page.limit",
			"offset=1": "page.offset", "cursor=bm90LWEtY3Vyc29y": "page.cursor"} {
			mustProblem(t, s.raw(t, http.MethodGet, "/v1/users?"+q, tok, "", nil), http.StatusBadRequest, code)
		}
	})
	t.Run("ErrPolicyRules", func(t *testing.T) {
		r := s.raw(t, http.MethodPost, "/v1/me/password", tok, "application/json",
			[]byte(`{"current_password":"`+rootPassword+`","new_password":"short"}`))
		p := mustProblem(t, r, http.StatusBadRequest, "password.policy")
		failed := 0
		for _, rule := range p.Rules {
			if !rule.Passed {
				failed++
			}
		}
		if len(p.Rules) < 3 || failed == 0 || p.Rules[0].ID != "min_length" || p.Rules[0].Passed {
			t.Fatalf("rules: %+v", p.Rules)
		}
	})
}

// sameMethods compares two Allow lists, ignoring order.
func sameMethods(got, want string) bool {
	split := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, v := range strings.Split(s, ",") {
			if v = strings.TrimSpace(v); v != "" {
				m[v] = true
			}
		}
		return m
	}
	g, w := split(got), split(want)
	if len(g) != len(w) {
		return false
	}
	for k := range w {
		if !g[k] {
			return false
		}
	}
	return true
}
