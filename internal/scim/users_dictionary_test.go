package scim_test

import (
	"net/http"
	"testing"

	"github.com/watchword/watchword/internal/password"
)

// TestUsersDictionaryHeaders: a password set through /Users that a
// dictionary matches answers as IBM Verify does: warn mode succeeds (201
// on POST, 200 on PUT and PATCH) with isv-dictionary-policy WARNLOCAL;
// enforce mode is 400 PWD_IN_DICTIONARY with ENFORCELOCAL.
func TestUsersDictionaryHeaders(t *testing.T) {
	f := mustFixture(t)
	tok := f.clientToken(t)
	if _, err := f.svc.Dictionary.Add(f.rootCtx(t), []string{"rocketship"}); err != nil {
		t.Fatal(err)
	}
	setMode := func(m password.DictionaryMode) {
		pol := password.DefaultPolicy()
		pol.LocalDictionary = m
		if err := f.svc.Accounts.SetPasswordPolicy(f.rootCtx(t), pol); err != nil {
			t.Fatal(err)
		}
	}
	create := `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"rita","password":"Rocketship-2026"}`
	patch := `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"password","value":"Rocketship-2027"}]}`
	setMode("enforce")
	resp, body := f.do(t, "POST", "/v2.0/Users", tok, create)
	if resp.StatusCode != http.StatusBadRequest || body["scimType"] != "PWD_IN_DICTIONARY" || resp.Header.Get("isv-dictionary-policy") != "ENFORCELOCAL" {
		t.Fatalf("enforce: %d %v %q", resp.StatusCode, body, resp.Header.Get("isv-dictionary-policy"))
	}
	setMode("warn")
	resp, user := f.do(t, "POST", "/v2.0/Users", tok, create)
	if resp.StatusCode != http.StatusCreated || resp.Header.Get("isv-dictionary-policy") != "WARNLOCAL" {
		t.Fatalf("warn on create: %d %v %q", resp.StatusCode, user, resp.Header.Get("isv-dictionary-policy"))
	}
	resp, _ = f.do(t, "PATCH", "/v2.0/Users/"+str(user["id"]), tok, patch)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("isv-dictionary-policy") != "WARNLOCAL" {
		t.Fatalf("warn on PATCH: %d %q", resp.StatusCode, resp.Header.Get("isv-dictionary-policy"))
	}
	resp, _ = f.do(t, "PATCH", "/v2.0/Users/"+str(user["id"]), tok, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
		"Operations":[{"op":"replace","path":"displayName","value":"Rita"}]}`)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("isv-dictionary-policy") != "" {
		t.Fatalf("no password, no header: %d %q", resp.StatusCode, resp.Header.Get("isv-dictionary-policy"))
	}
}
