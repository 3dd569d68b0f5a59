package scim_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/breach"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/password"
	"github.com/watchword/watchword/internal/scim"
	"github.com/watchword/watchword/internal/scim/scimtest"
	"github.com/watchword/watchword/internal/store/sqldb"
	"github.com/watchword/watchword/internal/testkit"
)

const startPassword = "Start-Pass-2026"

type fixture struct {
	srv   *httptest.Server
	db    *sqldb.DB
	svc   *identity.Services
	token string
}

func mustFixture(t *testing.T) *fixture {
	t.Helper()
	filter, err := breach.Default()
	if err != nil {
		t.Fatal(err)
	}
	fx := testkit.MustServices(t, testkit.Options{Now: time.Now, Blocklist: filter,
		Account: identity.NewAccount{Password: startPassword}})
	db, svc := fx.DB, fx.Services
	_, token := fx.MustLogin(t, identity.LoginInput{AccountName: "acme", Password: startPassword})
	srv := httptest.NewServer(scim.New(scim.Config{}, svc, nil))
	t.Cleanup(srv.Close)
	return &fixture{srv: srv, db: db, svc: svc, token: token}
}

func (f *fixture) do(t *testing.T, method, path, token, body string) (*http.Response, map[string]any) {
	t.Helper()
	return f.doWith(t, method, path, token, body, nil)
}

// doWith is do with request headers (If-Match, ...).
func (f *fixture) doWith(t *testing.T, method, path, token, body string, header map[string]string) (*http.Response, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, f.srv.URL+path, bytes.NewBufferString(body))
	req.Header.Set("Content-Type", "application/scim+json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if len(raw) > 0 && resp.Header.Get("Content-Type") == "application/scim+json" {
		// Every SCIM answer of every test is held to RFC 7643/7644.
		scimtest.MustValidate(t, raw, scimtest.Options{Partial: strings.Contains(path, "ttributes=")})
	}
	var out map[string]any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("body is not JSON: %s", raw)
		}
	}
	return resp, out
}

// changeBody is the request IBM's documentation shows, with the
// Notification extension.
func changeBody(current, next, notifyType string) string {
	b, _ := json.Marshal(map[string]any{
		"schemas":         []string{"urn:ietf:params:scim:schemas:ibm:core:2.0:ChangePassword", "urn:ietf:params:scim:schemas:extension:ibm:2.0:Notification"},
		"currentPassword": current,
		"newPassword":     next,
		"urn:ietf:params:scim:schemas:extension:ibm:2.0:Notification": map[string]string{"notifyType": notifyType},
	})
	return string(b)
}

func (f *fixture) outboxCount(t *testing.T) int {
	t.Helper()
	msgs, err := f.db.ClaimOutbox(context.Background(), 100, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	return len(msgs)
}

func TestChangePassword(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		f := mustFixture(t)
		resp, body := f.do(t, "POST", "/v2.0/Me/password?themeId=dark", f.token, changeBody(startPassword, "New-Passphrase-42", "EMAIL"))
		if resp.StatusCode != http.StatusNoContent || body != nil || resp.Header.Get("isv-dictionary-policy") != "" {
			t.Fatalf("got %d %v %q", resp.StatusCode, body, resp.Header.Get("isv-dictionary-policy"))
		}
		if n := f.outboxCount(t); n != 1 {
			t.Fatalf("notifications queued: %d, want 1", n)
		}
		if _, err := f.svc.Auth.Login(context.Background(), identity.LoginInput{AccountName: "acme", Password: "New-Passphrase-42"}); err != nil {
			t.Fatalf("new password refused: %v", err)
		}
	})
	t.Run("OKNotifyNone", func(t *testing.T) {
		f := mustFixture(t)
		resp, _ := f.do(t, "POST", "/v2.0/Me/password", f.token, changeBody(startPassword, "New-Passphrase-42", "NONE"))
		if resp.StatusCode != http.StatusNoContent {
			t.Fatalf("status %d", resp.StatusCode)
		}
		if n := f.outboxCount(t); n != 0 {
			t.Fatalf("notifyType NONE still queued %d notifications", n)
		}
	})
	errs := []struct {
		name, token, body    string
		status               int
		scimType, dictionary string
	}{
		{"ErrWrongCurrent", "user", changeBody("wrong", "New-Passphrase-42", ""), 400, "INVALID_CREDS", ""},
		{"ErrTooShort", "user", changeBody(startPassword, "Ab1", ""), 400, "PWD_TOO_SHORT", ""},
		{"ErrSameAsCurrent", "user", changeBody(startPassword, startPassword, ""), 400, "PWD_IN_HISTORY", ""},
		{"ErrNoToken", "", changeBody(startPassword, "New-Passphrase-42", ""), 401, "", ""},
		{"ErrBadToken", "forged", changeBody(startPassword, "New-Passphrase-42", ""), 401, "", ""},
		{"ErrSchemas", "user", `{"schemas":["urn:x"],"currentPassword":"a","newPassword":"b"}`, 400, "invalidValue", ""},
		{"ErrMissingNew", "user", `{"schemas":["urn:ietf:params:scim:schemas:ibm:core:2.0:ChangePassword"],"currentPassword":"a"}`, 400, "invalidValue", ""},
		{"ErrMalformed", "user", `{"schemas":`, 400, "invalidSyntax", ""},
		{"ErrAngleBrackets", "user", changeBody(startPassword, ">New-Passphrase-42<", ""), 400, "invalidValue", ""},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			f := mustFixture(t)
			token := map[string]string{"user": f.token, "forged": "not-a-token", "": ""}[tt.token]
			resp, body := f.do(t, "POST", "/v2.0/Me/password", token, tt.body)
			if resp.StatusCode != tt.status || body["status"] != itoa(tt.status) {
				t.Fatalf("got %d %v, want %d", resp.StatusCode, body, tt.status)
			}
			if got, _ := body["scimType"].(string); got != tt.scimType {
				t.Fatalf("scimType %q, want %q (%v)", got, tt.scimType, body)
			}
			if schemas, _ := body["schemas"].([]any); len(schemas) != 1 || schemas[0] != "urn:ietf:params:scim:api:messages:2.0:Error" {
				t.Fatalf("schemas %v", body["schemas"])
			}
		})
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestDictionaryHeaders reproduces seed 001's four cases on /v2.0/Me/password.
func TestDictionaryHeaders(t *testing.T) {
	tests := []struct {
		local, global password.DictionaryMode
		pw            string
		status        int
		header, typ   string
	}{
		{"warn", "off", "Rocketship-2026", 204, "WARNLOCAL", ""},
		{"off", "warn", "Password123", 204, "WARNGLOBAL", ""},
		{"enforce", "off", "Rocketship-2026", 400, "ENFORCELOCAL", "PWD_IN_DICTIONARY"},
		{"off", "enforce", "Password123", 400, "ENFORCEGLOBAL", "PWD_IN_GLOBAL_DICTIONARY"},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			f := mustFixture(t)
			ctx := context.Background()
			p, err := f.svc.Auth.Authenticate(ctx, f.token)
			if err != nil {
				t.Fatal(err)
			}
			ctx = identity.WithPrincipal(ctx, p)
			if _, err := f.svc.Dictionary.Add(ctx, []string{"rocketship"}); err != nil {
				t.Fatal(err)
			}
			pol := password.DefaultPolicy()
			pol.LocalDictionary, pol.GlobalDictionary = tt.local, tt.global
			if err := f.svc.Accounts.SetPasswordPolicy(ctx, pol); err != nil {
				t.Fatal(err)
			}
			resp, body := f.do(t, "POST", "/v2.0/Me/password", f.token, changeBody(startPassword, tt.pw, ""))
			if resp.StatusCode != tt.status || resp.Header.Get("isv-dictionary-policy") != tt.header {
				t.Fatalf("got %d %q, want %d %q", resp.StatusCode, resp.Header.Get("isv-dictionary-policy"), tt.status, tt.header)
			}
			if got, _ := body["scimType"].(string); got != tt.typ {
				t.Fatalf("scimType %q, want %q", got, tt.typ)
			}
		})
	}
}

func TestClientTokenAndFederatedRefused(t *testing.T) {
	f := mustFixture(t)
	ctx := context.Background()
	p, _ := f.svc.Auth.Authenticate(ctx, f.token)
	ctx = identity.WithPrincipal(ctx, p)
	client, err := f.svc.Auth.CreateClient(ctx, "ci")
	if err != nil {
		t.Fatal(err)
	}
	clientToken, _, err := f.svc.Auth.ClientToken(context.Background(), client.Client.ID, client.Secret)
	if err != nil {
		t.Fatal(err)
	}
	if resp, _ := f.do(t, "POST", "/v2.0/Me/password", clientToken, changeBody(startPassword, "New-Passphrase-42", "")); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("API-client token: status %d, want 403", resp.StatusCode)
	}
	if _, err := f.svc.Users.Create(ctx, identity.NewUser{Name: "fed", Email: "fed@acme.test", Origin: identity.OriginFederated}); err != nil {
		t.Fatal(err)
	}
	// A federated user cannot log in here, so build its principal directly.
	fed, err := f.db.FindUserByEmail(context.Background(), "fed@acme.test")
	if err != nil {
		t.Fatal(err)
	}
	fctx := identity.WithPrincipal(context.Background(), identity.Principal{Kind: identity.UserToken, UserID: fed.ID, AccountID: fed.AccountID})
	_, err = f.svc.Passwords.Change(fctx, identity.PasswordChange{Current: "x", New: "New-Passphrase-42"})
	if err == nil {
		t.Fatal("federated user's password changed")
	}
}

func TestMeAndDiscovery(t *testing.T) {
	f := mustFixture(t)
	resp, me := f.do(t, "GET", "/v2.0/Me", f.token, "")
	if resp.StatusCode != 200 || me["userName"] != "acme" || resp.Header.Get("Content-Type") != "application/scim+json" {
		t.Fatalf("me: %d %v", resp.StatusCode, me)
	}
	if resp.Header.Get("Location") != "/v2.0/Users/"+me["id"].(string) {
		t.Fatalf("Location %q", resp.Header.Get("Location"))
	}
	if _, ok := me["password"]; ok {
		t.Fatal("password returned")
	}
	ext, _ := me["urn:ietf:params:scim:schemas:extension:ibm:2.0:User"].(map[string]any)
	if ext["userCategory"] != "regular" {
		t.Fatalf("ibm extension %v", ext)
	}
	_, spc := f.do(t, "GET", "/v2.0/ServiceProviderConfig", "", "")
	if cp, _ := spc["changePassword"].(map[string]any); cp["supported"] != true {
		t.Fatalf("changePassword not advertised: %v", spc)
	}
	for _, p := range []string{"/v2.0/ResourceTypes", "/v2.0/Schemas"} {
		if resp, body := f.do(t, "GET", p, "", ""); resp.StatusCode != 200 || body["totalResults"] == float64(0) {
			t.Fatalf("%s: %d %v", p, resp.StatusCode, body)
		}
	}
	if resp, body := f.do(t, "PUT", "/v2.0/Me/password", f.token, "{}"); resp.StatusCode != 405 || body["status"] != "405" {
		t.Fatalf("405: %d %v", resp.StatusCode, body)
	}
}
