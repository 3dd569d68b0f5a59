package scim_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/watchword/watchword/internal/identity"
)

// TestRestrictedToken: a token restricted to changing the password reads
// /Me (the core allows reads) and changes the password; PUT and DELETE
// /Me are refused (403), PATCH /Me is no route.
func TestRestrictedToken(t *testing.T) {
	f := mustFixture(t)
	admin := f.rootCtx(t)
	const pw = "Admin-Set-Pass-2026"
	bob, err := f.svc.Users.Create(admin, identity.NewUser{Name: "bob", Email: "bob@acme.test", Password: pw, ForceChange: true})
	if err != nil {
		t.Fatal(err)
	}
	res, err := f.svc.Auth.Login(context.Background(), identity.LoginInput{AccountName: "acme", UserName: "bob", Password: pw})
	if err != nil || !res.PasswordChangeRequired {
		t.Fatalf("login: %+v %v", res, err)
	}
	resp, body := f.do(t, "GET", "/v2.0/Me", res.Token, "")
	if resp.StatusCode != http.StatusOK || body["id"] != bob.ID {
		t.Fatalf("GET /Me with a restricted token: %d %v", resp.StatusCode, body)
	}
	put := `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bob","displayName":"Bob"}`
	for m, want := range map[string]int{"PUT": http.StatusForbidden, "PATCH": http.StatusMethodNotAllowed, "DELETE": http.StatusForbidden} {
		if resp, body := f.do(t, m, "/v2.0/Me", res.Token, put); resp.StatusCode != want {
			t.Fatalf("%s /Me with a restricted token: %d %v", m, resp.StatusCode, body)
		}
	}
	if resp, body := f.do(t, "POST", "/v2.0/Me/password", res.Token, changeBody(pw, "Chosen-Pass-2026-x", "NONE")); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("change with a restricted token: %d %v", resp.StatusCode, body)
	}
}

// TestChangeRevokesOtherSessions: after POST /Me/password, another session
// of the same user no longer works on /Me; the session that changed it
// still does. (That the core revokes them is identity's
// TestPasswordChangeRevokesOtherSessions; this is the face's answer.)
func TestChangeRevokesOtherSessions(t *testing.T) {
	f := mustFixture(t)
	other, err := f.svc.Auth.Login(context.Background(), identity.LoginInput{AccountName: "acme", Password: startPassword})
	if err != nil {
		t.Fatal(err)
	}
	if resp, _ := f.do(t, "GET", "/v2.0/Me", other.Token, ""); resp.StatusCode != http.StatusOK {
		t.Fatalf("the other session before the change: GET /Me %d", resp.StatusCode)
	}
	if resp, body := f.do(t, "POST", "/v2.0/Me/password", f.token, changeBody(startPassword, "New-Passphrase-42", "NONE")); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("change: %d %v", resp.StatusCode, body)
	}
	if resp, _ := f.do(t, "GET", "/v2.0/Me", other.Token, ""); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("the other session after the change: GET /Me %d, want 401", resp.StatusCode)
	}
	if resp, _ := f.do(t, "GET", "/v2.0/Me", f.token, ""); resp.StatusCode != http.StatusOK {
		t.Fatalf("the changing session after the change: GET /Me %d", resp.StatusCode)
	}
}

// rootCtx is acme's root user as principal, for setting up through the core.
func (f *fixture) rootCtx(t *testing.T) context.Context {
	t.Helper()
	p, err := f.svc.Auth.Authenticate(context.Background(), f.token)
	if err != nil {
		t.Fatal(err)
	}
	return identity.WithPrincipal(context.Background(), p)
}

// TestForbiddenAnswer: a refused call is a SCIM error, never a success: an
// API client, which is nobody, reading /Me or changing its password gets
// 403 in RFC 7644's error shape (status as a string, the error schema, a
// detail), and nothing changes.
func TestForbiddenAnswer(t *testing.T) {
	f := mustFixture(t)
	client, err := f.svc.Auth.CreateClient(f.rootCtx(t), "ci")
	if err != nil {
		t.Fatal(err)
	}
	token, _, err := f.svc.Auth.ClientToken(context.Background(), client.Client.ID, client.Secret)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/v2.0/Me", ""},
		{"POST", "/v2.0/Me/password", changeBody(startPassword, "New-Passphrase-42", "")},
	} {
		resp, body := f.do(t, c.method, c.path, token, c.body)
		schemas, _ := body["schemas"].([]any)
		if resp.StatusCode != http.StatusForbidden || resp.Header.Get("Content-Type") != "application/scim+json" ||
			len(schemas) != 1 || schemas[0] != "urn:ietf:params:scim:api:messages:2.0:Error" ||
			body["status"] != "403" || body["detail"] == "" {
			t.Fatalf("%s %s with an API-client token: %d %s %v, want 403 and a SCIM error", c.method, c.path,
				resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	}
	if _, err := f.svc.Auth.Login(context.Background(), identity.LoginInput{AccountName: "acme", Password: startPassword}); err != nil {
		t.Fatalf("the password changed: %v", err)
	}
}
