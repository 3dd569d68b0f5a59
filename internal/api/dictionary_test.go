package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/api"
	"github.com/watchword/watchword/internal/api/client"
	"github.com/watchword/watchword/internal/breach"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/testkit"
)

// dictServer is a /v1 face over a real core on SQLite with the bundled
// breached-password filter, and a logged-in root user's token.
func dictServer(t *testing.T) (srv *httptest.Server, token string) {
	t.Helper()
	filter, err := breach.Default()
	if err != nil {
		t.Fatal(err)
	}
	svc := testkit.MustServices(t, testkit.Options{Now: time.Now, Blocklist: filter,
		Account: identity.NewAccount{Password: "Start-Pass-2026"}}).Services
	srv = httptest.NewServer(api.New(api.Config{}, svc, nil))
	t.Cleanup(srv.Close)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	dictCall(t, srv, "", "POST", "/v1/auth/login", map[string]any{"account": "acme", "password": "Start-Pass-2026"}, http.StatusOK, &tok)
	return srv, tok.AccessToken
}

func dictCall(t *testing.T, srv *httptest.Server, token, method, path string, body any, want int, out any) http.Header {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, srv.URL+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var raw bytes.Buffer
	_, _ = raw.ReadFrom(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, path, resp.StatusCode, want, raw.String())
	}
	if out != nil {
		if err := json.Unmarshal(raw.Bytes(), out); err != nil {
			t.Fatalf("decode %s: %v", raw.String(), err)
		}
	}
	return resp.Header
}

// TestDictionaryPolicyHeaders reproduces IBM Verify's four documented cases
// (seed 001) through the native API: warn ⇒ 200 + WARN*; enforce ⇒ 400 +
// ENFORCE* and the matching error code.
func TestDictionaryPolicyHeaders(t *testing.T) {
	tests := []struct {
		name, local, global, password string
		status                        int
		header, code                  string
	}{
		{"WarnLocal", "warn", "off", "Tr0ub4dor&3x!", http.StatusOK, "WARNLOCAL", ""},
		{"WarnGlobal", "off", "warn", "Password123", http.StatusOK, "WARNGLOBAL", ""},
		{"EnforceLocal", "enforce", "off", "Tr0ub4dor&3x!", http.StatusBadRequest, "ENFORCELOCAL", "password.in_dictionary"},
		{"EnforceGlobal", "off", "enforce", "Password123", http.StatusBadRequest, "ENFORCEGLOBAL", "password.in_global_dictionary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, token := dictServer(t)
			dictCall(t, srv, token, "POST", "/v1/account/dictionary", map[string]any{"words": []string{"troubador&3x"}}, http.StatusOK, nil)
			var pol client.PasswordPolicy
			dictCall(t, srv, token, "GET", "/v1/account/password-policy", nil, http.StatusOK, &pol)
			pol.LocalDictionary, pol.GlobalDictionary = tt.local, tt.global
			dictCall(t, srv, token, "PUT", "/v1/account/password-policy", pol, http.StatusOK, nil)
			var prob struct{ Code string }
			hdr := dictCall(t, srv, token, "POST", "/v1/me/password",
				map[string]any{"current_password": "Start-Pass-2026", "new_password": tt.password}, tt.status, &prob)
			if got := hdr.Get("isv-dictionary-policy"); got != tt.header {
				t.Errorf("isv-dictionary-policy = %q, want %q", got, tt.header)
			}
			if prob.Code != tt.code {
				t.Errorf("code = %q, want %q", prob.Code, tt.code)
			}
		})
	}
}

func TestDictionaryManagement(t *testing.T) {
	srv, token := dictServer(t)
	var added struct{ Added int }
	dictCall(t, srv, token, "POST", "/v1/account/dictionary", map[string]any{"words": []string{"Acme", "rocket", "acme"}}, http.StatusOK, &added)
	if added.Added != 2 {
		t.Fatalf("added %d, want 2 (case-insensitive duplicates merge)", added.Added)
	}
	req, _ := http.NewRequest("POST", srv.URL+"/v1/account/dictionary", bytes.NewBufferString("# comment\nwidget\n\nrocket\n"))
	req.Header.Set("Content-Type", "text/plain")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("import: %v %v", resp.Status, err)
	}
	resp.Body.Close()
	var list struct{ Items []string }
	dictCall(t, srv, token, "GET", "/v1/account/dictionary", nil, http.StatusOK, &list)
	if len(list.Items) != 3 || list.Items[0] != "acme" || list.Items[2] != "widget" {
		t.Fatalf("words %v", list.Items)
	}
	dictCall(t, srv, token, "DELETE", "/v1/account/dictionary/rocket", nil, http.StatusNoContent, nil)
	dictCall(t, srv, token, "DELETE", "/v1/account/dictionary/rocket", nil, http.StatusNotFound, nil)
	dictCall(t, srv, token, "POST", "/v1/account/dictionary", map[string]any{"words": []string{""}}, http.StatusBadRequest, nil)
}
