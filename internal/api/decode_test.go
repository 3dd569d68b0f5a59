package api_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/api"
)

// bodyRoutes are the routes that read a JSON body, each with a body whose
// first field has the wrong type.
var bodyRoutes = []struct{ method, path, wrongType string }{
	{http.MethodPost, "/v1/auth/login", `{"account":5}`},
	{http.MethodPost, "/v1/auth/token", `{"grant_type":5}`},
	{http.MethodPatch, "/v1/me", `{"display_name":5}`},
	{http.MethodPost, "/v1/me/password", `{"current_password":5}`},
	{http.MethodPatch, "/v1/account", `{"additional_emails":"x"}`},
	{http.MethodPut, "/v1/account/password-policy", `{"min_length":"8"}`},
	{http.MethodPatch, "/v1/account/password-policy", `{"min_length":"8"}`},
	{http.MethodPost, "/v1/users", `{"admin":"yes"}`},
	{http.MethodPatch, "/v1/users/x", `{"enabled":1}`},
	{http.MethodPut, "/v1/users/x/password", `{"password":["x"]}`},
	{http.MethodPost, "/v1/api-clients", `{"name":{}}`},
	{http.MethodPost, "/v1/account/dictionary", `{"words":"x"}`},
}

// TestBadInput sends every body-reading route each kind of broken request:
// each gets a 4xx problem with a stable code, never a 500.
func TestBadInput(t *testing.T) {
	s := mustAPIServerWith(t, serverOptions{API: api.Config{MaxBodyBytes: 1024}})
	tok := s.Root.Token()
	big := `{"display_name":"` + strings.Repeat("a", 2000) + `"}`
	tests := []struct {
		name, contentType, body string
		status                  int
		code                    string
	}{
		{"ErrMalformed", "application/json", `{"account":`, 400, "request.malformed"},
		{"ErrMalformedSyntax", "application/json", `{"account" "acme"}`, 400, "request.malformed"},
		{"ErrNotJSON", "application/json", `account=acme`, 400, "request.malformed"},
		{"ErrUnknownField", "application/json", `{"nope":1}`, 400, "request.unknown_field"},
		{"ErrWrongType", "application/json", "", 400, "request.type"},
		{"ErrNotAnObject", "application/json", `["a"]`, 400, "request.type"},
		{"ErrNull", "application/json", `null`, 400, "request.type"},
		{"ErrEmpty", "application/json", ``, 400, "request.empty"},
		{"ErrOnlySpace", "application/json", "  \n", 400, "request.empty"},
		{"ErrTrailingObject", "application/json", `{} {}`, 400, "request.trailing_data"},
		{"ErrTrailingGarbage", "application/json", `{}x`, 400, "request.trailing_data"},
		{"ErrTrailingBrace", "application/json", `{}}`, 400, "request.trailing_data"},
		{"ErrTooLarge", "application/json", big, 413, "request.too_large"},
		{"ErrContentType", "text/html", `{}`, 400, "request.content_type"},
		{"ErrContentTypeUnparsable", "application/json; =", `{}`, 400, "request.content_type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, rt := range bodyRoutes {
				if tt.name == "ErrContentType" && rt.path == "/v1/account/dictionary" {
					continue // it also takes text/plain word lists
				}
				body := tt.body
				if tt.name == "ErrWrongType" {
					body = rt.wrongType
				}
				r := s.raw(t, rt.method, rt.path, tok, tt.contentType, []byte(body))
				if r.Status == http.StatusInternalServerError {
					t.Fatalf("%s %s: 500 %s", rt.method, rt.path, r.Body)
				}
				if tt.name == "ErrNotJSON" && rt.path == "/v1/auth/token" {
					continue // the form encoding is its own
				}
				t.Run(strings.ReplaceAll(rt.method+rt.path, "/", "_"), func(t *testing.T) {
					mustProblem(t, r, tt.status, tt.code)
				})
			}
		})
	}
	t.Run("OKNoContentType", func(t *testing.T) {
		r := s.raw(t, http.MethodPatch, "/v1/me", tok, "", []byte(`{"display_name":"x"}`))
		if r.Status != http.StatusOK {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("OKJSONSuffix", func(t *testing.T) {
		r := s.raw(t, http.MethodPatch, "/v1/me", tok, "application/merge-patch+json; charset=utf-8", []byte(`{"display_name":"y"}`))
		if r.Status != http.StatusOK {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("OKUnderLimit", func(t *testing.T) {
		r := s.raw(t, http.MethodPatch, "/v1/me", tok, "application/json", []byte(`{"display_name":"`+strings.Repeat("b", 100)+`"}`))
		if r.Status != http.StatusOK {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("ErrFieldNamed", func(t *testing.T) {
		p := mustProblem(t, s.raw(t, http.MethodPost, "/v1/auth/login", "", "application/json", []byte(`{"password":true}`)),
			http.StatusBadRequest, "request.type")
		if p.Field != "password" || p.Detail != `field "password" must be a string` {
			t.Fatalf("%+v", p)
		}
		p = mustProblem(t, s.raw(t, http.MethodPost, "/v1/auth/login", "", "application/json", []byte(`{"passwd":"x"}`)),
			http.StatusBadRequest, "request.unknown_field")
		if p.Field != "passwd" || p.Detail != `unknown field "passwd"` {
			t.Fatalf("%+v", p)
		}
		// Member names match exactly, as documented: no case folding.
		p = mustProblem(t, s.raw(t, http.MethodPost, "/v1/auth/login", "", "application/json", []byte(`{"Password":"x"}`)),
			http.StatusBadRequest, "request.unknown_field")
		if p.Field != "Password" || p.Detail != `unknown field "Password"` {
			t.Fatalf("%+v", p)
		}
		p = mustProblem(t, s.raw(t, http.MethodPost, "/v1/auth/login", "", "application/json", []byte(`[]`)),
			http.StatusBadRequest, "request.type")
		if p.Field != "" || p.Detail != "the body must be a JSON object" {
			t.Fatalf("%+v", p)
		}
	})
	t.Run("ErrTooLargeForm", func(t *testing.T) {
		body := "grant_type=client_credentials&client_secret=" + strings.Repeat("s", 2000)
		mustProblem(t, s.raw(t, http.MethodPost, "/v1/auth/token", "", "application/x-www-form-urlencoded", []byte(body)),
			http.StatusRequestEntityTooLarge, "request.too_large")
	})
	t.Run("ErrTooLargeChunked", func(t *testing.T) {
		// No Content-Length: the limit must hold while streaming too.
		req, _ := http.NewRequest(http.MethodPatch, s.URL+"/v1/me", struct{ *bytes.Reader }{bytes.NewReader([]byte(big))})
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if req.ContentLength != 0 {
			t.Fatal("the request has a Content-Length")
		}
		mustProblem(t, readRaw(t, res), http.StatusRequestEntityTooLarge, "request.too_large")
	})
}
