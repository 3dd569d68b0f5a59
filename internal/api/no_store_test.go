package api_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// apiCacheable are the only routes whose answers may be cached: they carry
// no token, secret or personal data worth protecting from a shared cache.
var apiCacheable = map[string]string{
	"GET /v1/openapi.json": "public, max-age=300",
}

// TestEveryRouteAnswersNoStore walks the face's route table and calls every
// route without credentials: each answer says Cache-Control: no-store, but
// the few cacheable ones above.
func TestEveryRouteAnswersNoStore(t *testing.T) {
	s := mustAPIServer(t)
	for _, rt := range walkRoutes(t) {
		method, path, _ := strings.Cut(rt, " ")
		r := s.raw(t, method, pathParam.ReplaceAllString(path, "x"), "", "application/json", []byte(`{}`))
		want := "no-store"
		if c, ok := apiCacheable[rt]; ok {
			want = c
		}
		if got := r.Header.Get("Cache-Control"); got != want {
			t.Errorf("%s: %d with Cache-Control %q, want %q", rt, r.Status, got, want)
		}
	}
}

// TestSecretAnswersNoStore calls, with valid credentials, every route whose
// answer carries a token or a secret, and checks that it succeeded and said
// Cache-Control: no-store. A route added later that answers a secret goes in
// this list.
func TestSecretAnswersNoStore(t *testing.T) {
	s := mustAPIServer(t)
	var clientID, clientSecret string
	steps := []struct {
		method, path string
		token        func() string
		body         func() string
		status       int
		read         func(body []byte)
	}{
		{"POST", "/v1/auth/login", nil, func() string { return `{"account":"acme","password":"` + rootPassword + `"}` }, 200, nil},
		{"POST", "/v1/api-clients", s.Root.Token, func() string { return `{"name":"ci"}` }, 201, func(b []byte) {
			var c struct{ ID, Secret string }
			_ = json.Unmarshal(b, &c)
			clientID, clientSecret = c.ID, c.Secret
		}},
		{"POST", "/v1/auth/token", nil, func() string {
			return `{"grant_type":"client_credentials","client_id":"` + clientID + `","client_secret":"` + clientSecret + `"}`
		}, 200, nil},
		{"POST", "/v1/me/access-keys", s.Root.Token, func() string { return `{}` }, 201, nil},
		{"POST", "/v1/me/mfa/totp", s.Root.Token, func() string { return `` }, 201, nil},
		{"GET", "/v1/me/mfa/totp/qr.png", s.Root.Token, func() string { return `` }, 200, nil},
	}
	for _, st := range steps {
		token := ""
		if st.token != nil {
			token = st.token()
		}
		r := s.raw(t, st.method, st.path, token, "application/json", []byte(st.body()))
		if r.Status != st.status || r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s %s: %d with Cache-Control %q, want %d and no-store\n%s", st.method, st.path, r.Status,
				r.Header.Get("Cache-Control"), st.status, r.Body)
		}
		if st.read != nil {
			st.read(r.Body)
		}
	}
}
