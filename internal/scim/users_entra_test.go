package scim_test

import (
	"context"
	"net/http"
	"testing"
)

// TestUsersEntra replays the request and response examples of Microsoft's
// "Develop and plan provisioning for a SCIM endpoint" (the calls the Entra
// provisioning service makes, in its order), with an API client's token:
// look the user up, create it, read it, update multi-valued and
// single-valued attributes, disable it, delete it.
func TestUsersEntra(t *testing.T) {
	f := mustFixture(t)
	tok := f.clientToken(t)

	// Get User by query - Zero results.
	resp, body := f.do(t, "GET", filterPath(`userName eq "non-existent user"`), tok, "")
	if resp.StatusCode != http.StatusOK || body["totalResults"] != float64(0) || len(resources(body)) != 0 {
		t.Fatalf("zero results: %d %v", resp.StatusCode, body)
	}

	// Create User.
	resp, user := f.do(t, "POST", "/v2.0/Users", tok, `{
	    "schemas": [
	        "urn:ietf:params:scim:schemas:core:2.0:User",
	        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
	    "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
	    "userName": "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1",
	    "active": true,
	    "emails": [{
	        "primary": true,
	        "type": "work",
	        "value": "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com"
	    }],
	    "meta": {
	        "resourceType": "User"
	    },
	    "name": {
	        "formatted": "givenName familyName",
	        "familyName": "familyName",
	        "givenName": "givenName"
	    },
	    "roles": []
	}`)
	id := str(user["id"])
	if resp.StatusCode != http.StatusCreated || id == "" || user["userName"] != "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1" ||
		user["externalId"] != "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef" || user["active"] != true ||
		emailOf(user) != "test_user_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com" {
		t.Fatalf("create: %d %v", resp.StatusCode, user)
	}
	if resp.Header.Get("Location") != "/v2.0/Users/"+id || resp.Header.Get("ETag") != `W/"1"` {
		t.Fatalf("create headers: %v", resp.Header)
	}
	if _, ok := user["name"]; ok {
		t.Fatal("name is not kept, yet answered")
	}
	// Without a password, the user was invited to choose one.
	if msgs := f.messages(t); len(msgs) != 1 || msgs[0].Template != "invitation" || msgs[0].To != emailOf(user) {
		t.Fatalf("invitation: %+v", msgs)
	}

	// Create the same user again: 409 uniqueness.
	resp, body = f.do(t, "POST", "/v2.0/Users", tok, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
		"userName":"Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1"}`)
	if resp.StatusCode != http.StatusConflict || body["scimType"] != "uniqueness" {
		t.Fatalf("duplicate: %d %v", resp.StatusCode, body)
	}

	// Get User, and Get User by query: by userName, by work email (Entra's
	// form), by externalId.
	if resp, got := f.do(t, "GET", "/v2.0/Users/"+id, tok, ""); resp.StatusCode != http.StatusOK || got["id"] != id {
		t.Fatalf("get: %d %v", resp.StatusCode, got)
	}
	for _, q := range []string{`userName eq "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1"`,
		`emails[type eq "work"].value eq "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com"`,
		`externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"`} {
		resp, body := f.do(t, "GET", filterPath(q), tok, "")
		if rs := resources(body); resp.StatusCode != http.StatusOK || body["totalResults"] != float64(1) || len(rs) != 1 || rs[0]["id"] != id {
			t.Fatalf("%s: %d %v", q, resp.StatusCode, body)
		}
	}
	// userName is caseExact here: another case is another user.
	if _, body := f.do(t, "GET", filterPath(`userName eq "test_user_ab6490ee-1e48-479e-a20b-2d77186b5dd1"`), tok, ""); body["totalResults"] != float64(0) {
		t.Fatalf("caseExact userName: %v", body)
	}

	// Update User [Multi-valued properties].
	resp, user = f.do(t, "PATCH", "/v2.0/Users/"+id, tok, `{
	    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
	    "Operations": [
	            {
	            "op": "Replace",
	            "path": "emails[type eq \"work\"].value",
	            "value": "updatedEmail@microsoft.com"
	            },
	            {
	            "op": "Replace",
	            "path": "name.familyName",
	            "value": "updatedFamilyName"
	            }
	    ]
	}`)
	if resp.StatusCode != http.StatusOK || emailOf(user) != "updatedemail@microsoft.com" || resp.Header.Get("ETag") != `W/"2"` {
		t.Fatalf("multi-valued update: %d %v %v", resp.StatusCode, user, resp.Header)
	}

	// Update User [Single-valued properties].
	resp, user = f.do(t, "PATCH", "/v2.0/Users/"+id, tok, `{
	    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
	    "Operations": [{
	        "op": "Replace",
	        "path": "userName",
	        "value": "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com"
	    }]
	}`)
	if resp.StatusCode != http.StatusOK || user["userName"] != "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com" {
		t.Fatalf("single-valued update: %d %v", resp.StatusCode, user)
	}

	// Disable User, once with a boolean and once as Entra's non-compliant
	// mode sends it, "False" in a path-less value.
	for _, op := range []string{`{"op":"Replace","path":"active","value":false}`, `{"op":"Replace","value":{"active":"False"}}`} {
		resp, user = f.do(t, "PATCH", "/v2.0/Users/"+id, tok, `{"Operations":[`+op+`],"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}`)
		if resp.StatusCode != http.StatusOK || user["active"] != false {
			t.Fatalf("disable %s: %d %v", op, resp.StatusCode, user)
		}
	}
	// ... which a filter finds, with active in the answer (the Entra
	// validator's check).
	if _, body := f.do(t, "GET", filterPath(`userName eq "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com"`), tok, ""); len(resources(body)) != 1 || resources(body)[0]["active"] != false {
		t.Fatalf("disabled user by filter: %v", body)
	}

	// Delete User.
	if resp, body := f.do(t, "DELETE", "/v2.0/Users/"+id, tok, ""); resp.StatusCode != http.StatusNoContent || body != nil {
		t.Fatalf("delete: %d %v", resp.StatusCode, body)
	}
	if resp, body := f.do(t, "GET", "/v2.0/Users/"+id, tok, ""); resp.StatusCode != http.StatusNotFound || body["status"] != "404" {
		t.Fatalf("after delete: %d %v", resp.StatusCode, body)
	}
	if u, err := f.db.FindUserByID(context.Background(), id); err == nil {
		t.Fatalf("the user is still stored: %+v", u)
	}
}

// TestDisableEndsSessions: active false through PATCH disables the user and
// ends every session it had; true lets it sign in again.
func TestDisableEndsSessions(t *testing.T) {
	f := mustFixture(t)
	tok := f.clientToken(t)
	resp, user := f.doWith(t, "POST", "/v2.0/Users", tok, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
		"userName":"carol","password":"Carol-Strong-Pass-77"}`, map[string]string{"usershouldnotneedtoresetpassword": "true"})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %v", resp.StatusCode, user)
	}
	session := f.login(t, "carol", "Carol-Strong-Pass-77")
	if session.PasswordChangeRequired {
		t.Fatal("usershouldnotneedtoresetpassword: true, yet a change is required")
	}
	if resp, _ := f.do(t, "GET", "/v2.0/Me", session.Token, ""); resp.StatusCode != http.StatusOK {
		t.Fatalf("carol before: %d", resp.StatusCode)
	}
	id := str(user["id"])
	patch := func(active string) {
		t.Helper()
		resp, body := f.do(t, "PATCH", "/v2.0/Users/"+id, tok, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
			"Operations":[{"op":"replace","path":"active","value":`+active+`}]}`)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("active %s: %d %v", active, resp.StatusCode, body)
		}
	}
	patch("false")
	if resp, _ := f.do(t, "GET", "/v2.0/Me", session.Token, ""); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("carol's session after disabling: %d", resp.StatusCode)
	}
	if _, err := f.svc.Auth.Login(context.Background(), loginOf("carol", "Carol-Strong-Pass-77")); err == nil {
		t.Fatal("a disabled user signed in")
	}
	patch(`"True"`)
	f.login(t, "carol", "Carol-Strong-Pass-77")
}
