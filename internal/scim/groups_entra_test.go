package scim_test

import (
	"net/http"
	"testing"
)

// TestGroupsEntra replays the group calls of Microsoft's "Develop and plan
// provisioning for a SCIM endpoint" (Create Group with Entra's own schema
// URN, Get Group and Get Group by displayName with
// excludedAttributes=members, Update Group's non-member attributes with
// "Replace", Add Members and Remove Members with "$ref": null, Delete
// Group), with an API client's token and acme's users' IDs.
func TestGroupsEntra(t *testing.T) {
	f := mustFixture(t)
	tok := f.clientToken(t)
	member := f.mustUser(t, "entra-member")

	// Create Group.
	resp, g := f.do(t, "POST", "/v2.0/Groups", tok, `{
	    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group", "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
	    "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
	    "displayName": "displayName",
	    "meta": {
	        "resourceType": "Group"
	    }
	}`)
	id := str(g["id"])
	if resp.StatusCode != http.StatusCreated || id == "" || g["externalId"] != "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159" ||
		g["displayName"] != "displayName" || len(memberValues(g)) != 0 {
		t.Fatalf("create: %d %v", resp.StatusCode, g)
	}

	// Get Group.
	resp, got := f.do(t, "GET", "/v2.0/Groups/"+id+"?excludedAttributes=members", tok, "")
	if resp.StatusCode != http.StatusOK || got["id"] != id || got["displayName"] != "displayName" || resp.Header.Get("ETag") != `W/"1"` {
		t.Fatalf("get: %d %v", resp.StatusCode, got)
	}

	// Get Group by displayName (in another case: displayName is not
	// caseExact), and by externalId.
	for _, q := range []string{`displayName eq "displayName"`, `displayName eq "DISPLAYNAME"`,
		`externalId eq "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159"`} {
		resp, body := f.do(t, "GET", groupsPath(q, "excludedAttributes", "members"), tok, "")
		rs := resources(body)
		if resp.StatusCode != http.StatusOK || body["totalResults"] != float64(1) || len(rs) != 1 || rs[0]["id"] != id || body["startIndex"] != float64(1) {
			t.Fatalf("%s: %d %v", q, resp.StatusCode, body)
		}
	}
	resp, body := f.do(t, "GET", groupsPath(`displayName eq "nosuch"`, "excludedAttributes", "members"), tok, "")
	if resp.StatusCode != http.StatusOK || body["totalResults"] != float64(0) || len(resources(body)) != 0 {
		t.Fatalf("no group: %d %v", resp.StatusCode, body)
	}

	// Update Group [Non-member attributes].
	resp, g = f.do(t, "PATCH", "/v2.0/Groups/"+id, tok, `{
	    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
	    "Operations": [{
	        "op": "Replace",
	        "path": "displayName",
	        "value": "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName"
	    }]
	}`)
	if resp.StatusCode != http.StatusOK || g["displayName"] != "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName" {
		t.Fatalf("rename: %d %v", resp.StatusCode, g)
	}

	// Update Group [Add Members].
	resp, g = f.do(t, "PATCH", "/v2.0/Groups/"+id, tok, `{
	    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
	    "Operations": [{
	        "op": "Add",
	        "path": "members",
	        "value": [{
	            "$ref": null,
	            "value": "`+member+`"
	        }]
	    }]
	}`)
	if resp.StatusCode != http.StatusOK || !same(memberValues(g), member) {
		t.Fatalf("add members: %d %v", resp.StatusCode, g)
	}
	// Entra reads membership with a filter on members.
	for _, q := range []string{`members[value eq "` + member + `"]`, `id eq "` + id + `" and members[value eq "` + member + `"]`,
		`members.value eq "` + member + `"`} {
		resp, body := f.do(t, "GET", groupsPath(q, "excludedAttributes", "members"), tok, "")
		if rs := resources(body); resp.StatusCode != http.StatusOK || len(rs) != 1 || rs[0]["id"] != id || rs[0]["members"] != nil {
			t.Fatalf("%s: %d %v", q, resp.StatusCode, body)
		}
	}

	// Update Group [Remove Members].
	resp, g = f.do(t, "PATCH", "/v2.0/Groups/"+id, tok, `{
	    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
	    "Operations": [{
	        "op": "Remove",
	        "path": "members",
	        "value": [{
	            "$ref": null,
	            "value": "`+member+`"
	        }]
	    }]
	}`)
	if resp.StatusCode != http.StatusOK || len(memberValues(g)) != 0 {
		t.Fatalf("remove members: %d %v", resp.StatusCode, g)
	}
	resp, body = f.do(t, "GET", groupsPath(`members[value eq "`+member+`"]`), tok, "")
	if resp.StatusCode != http.StatusOK || body["totalResults"] != float64(0) {
		t.Fatalf("after removal: %d %v", resp.StatusCode, body)
	}

	// Delete Group.
	if resp, _ := f.do(t, "DELETE", "/v2.0/Groups/"+id, tok, ""); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	if resp, body := f.do(t, "GET", "/v2.0/Groups/"+id, tok, ""); resp.StatusCode != http.StatusNotFound || body["status"] != "404" {
		t.Fatalf("deleted: %d %v", resp.StatusCode, body)
	}
	// The user stays.
	if resp, _ := f.do(t, "GET", "/v2.0/Users/"+member, tok, ""); resp.StatusCode != http.StatusOK {
		t.Fatalf("member after the group's deletion: %d", resp.StatusCode)
	}
}
