package scim_test

import (
	"net/http"
	"testing"

	"github.com/watchword/watchword/internal/identity"
)

// TestMeReplace: PUT /v2.0/Me (IBM documents it) changes the caller's own
// profile with /v1/me's rules; what only an administrator or a verification
// flow changes is refused unless sent as it is; DELETE /Me is refused.
func TestMeReplace(t *testing.T) {
	f := mustFixture(t)
	if _, err := f.svc.Users.Create(f.rootCtx(t), identity.NewUser{Name: "bob", Email: "bob@acme.test", Password: "Plain-Walrus-User-2026"}); err != nil {
		t.Fatal(err)
	}
	bob := f.login(t, "bob", "Plain-Walrus-User-2026").Token
	resp, me := f.do(t, "GET", "/v2.0/Me", bob, "")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") == "" {
		t.Fatalf("GET /Me: %d %v", resp.StatusCode, me)
	}
	me["displayName"], me["preferredLanguage"] = "Bob B.", "fr"
	resp, got := f.do(t, "PUT", "/v2.0/Me", bob, jsonOf(t, me))
	if resp.StatusCode != http.StatusOK || got["displayName"] != "Bob B." || got["preferredLanguage"] != "fr" ||
		resp.Header.Get("Location") != "/v2.0/Users/"+str(me["id"]) {
		t.Fatalf("PUT /Me: %d %v", resp.StatusCode, got)
	}
	// Left out, displayName is cleared; emails left out stay.
	resp, got = f.do(t, "PUT", "/v2.0/Me", bob, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bob"}`)
	if _, ok := got["displayName"]; resp.StatusCode != http.StatusOK || ok || emailOf(got) != "bob@acme.test" {
		t.Fatalf("minimal PUT /Me: %d %v", resp.StatusCode, got)
	}
	for _, c := range []struct{ name, body string }{
		{"userName", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"robert"}`},
		{"emails", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bob","emails":[{"value":"evil@x.test"}]}`},
		{"active", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bob","active":false}`},
		{"password", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bob","password":"Other-Pass-2026-x"}`},
		{"externalId", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bob","externalId":"x"}`},
	} {
		resp, body := f.do(t, "PUT", "/v2.0/Me", bob, c.body)
		if resp.StatusCode != http.StatusBadRequest || body["scimType"] != "mutability" {
			t.Fatalf("PUT /Me changing %s: %d %v", c.name, resp.StatusCode, body)
		}
	}
	if resp, body := f.do(t, "PUT", "/v2.0/Me", bob, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bob","preferredLanguage":"french"}`); resp.StatusCode != http.StatusBadRequest || body["scimType"] != "invalidValue" {
		t.Fatalf("bad language: %d %v", resp.StatusCode, body)
	}
	if resp, body := f.do(t, "DELETE", "/v2.0/Me", bob, ""); resp.StatusCode != http.StatusForbidden || body["status"] != "403" {
		t.Fatalf("DELETE /Me: %d %v", resp.StatusCode, body)
	}
	if _, err := f.svc.Auth.Login(t.Context(), loginOf("bob", "Plain-Walrus-User-2026")); err != nil {
		t.Fatalf("bob after DELETE /Me: %v", err)
	}
	// An API client is nobody: no /Me.
	client := f.clientToken(t)
	for _, m := range []string{"GET", "PUT", "DELETE"} {
		if resp, _ := f.do(t, m, "/v2.0/Me", client, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"x"}`); resp.StatusCode != http.StatusForbidden {
			t.Fatalf("%s /Me as an API client: %d", m, resp.StatusCode)
		}
	}
}

// TestMeProjection: attributes and excludedAttributes apply to /Me
// (RFC 7644 §3.9 MUST).
func TestMeProjection(t *testing.T) {
	f := mustFixture(t)
	_, me := f.do(t, "GET", "/v2.0/Me?attributes=userName", f.token, "")
	if len(me) != 3 || me["userName"] != "acme" || me["id"] == nil || me["schemas"] == nil {
		t.Fatalf("attributes=userName: %v", me)
	}
	_, me = f.do(t, "GET", "/v2.0/Me?excludedAttributes=emails,groups,urn:ietf:params:scim:schemas:extension:ibm:2.0:User:realm", f.token, "")
	ext, _ := me["urn:ietf:params:scim:schemas:extension:ibm:2.0:User"].(map[string]any)
	if _, ok := me["emails"]; ok || ext == nil || ext["realm"] != nil || ext["userCategory"] != "regular" || me["userName"] != "acme" {
		t.Fatalf("excludedAttributes: %v", me)
	}
	_, me = f.do(t, "GET", "/v2.0/Me", f.token, "")
	if groups, _ := me["groups"].([]any); len(groups) != 1 || groups[0].(map[string]any)["display"] != "admin" {
		t.Fatalf("the root user's groups: %v", me["groups"])
	}
}

// TestBulkAndConfig: /Bulk is 501, as ServiceProviderConfig says, which
// tells the truth about the rest too.
func TestBulkAndConfig(t *testing.T) {
	f := mustFixture(t)
	resp, body := f.do(t, "POST", "/v2.0/Bulk", f.clientToken(t), `{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[]}`)
	if resp.StatusCode != http.StatusNotImplemented || body["status"] != "501" {
		t.Fatalf("bulk: %d %v", resp.StatusCode, body)
	}
	_, spc := f.do(t, "GET", "/v2.0/ServiceProviderConfig", "", "")
	want := map[string]string{"patch": `{"supported":true}`, "filter": `{"maxResults":200,"supported":true}`, "etag": `{"supported":true}`,
		"bulk": `{"maxOperations":0,"maxPayloadSize":0,"supported":false}`, "sort": `{"supported":false}`, "changePassword": `{"supported":true}`}
	for k, v := range want {
		if got := jsonOf(t, spc[k]); got != v {
			t.Errorf("%s: %s, want %s", k, got, v)
		}
	}
	// count above maxResults gets maxResults.
	for i := 0; i < 3; i++ {
		if _, err := f.svc.Users.Create(f.rootCtx(t), identity.NewUser{Name: "u" + itoa(i)}); err != nil {
			t.Fatal(err)
		}
	}
	_, list := f.do(t, "GET", "/v2.0/Users?count=100000", f.token, "")
	if list["totalResults"] != float64(4) || list["itemsPerPage"] != float64(4) {
		t.Fatalf("list: %v", list)
	}
}
