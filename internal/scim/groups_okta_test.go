package scim_test

import (
	"net/http"
	"testing"
)

// TestGroupsOkta replays the group push calls of Okta's "SCIM 2.0 protocol
// reference": create a group with an empty member list, list groups a page
// at a time and by displayName, read one, rename it with a path-less
// replace that carries the id, change membership with a value-filtered
// remove and an add carrying display, replace the whole group with PUT,
// delete it.
func TestGroupsOkta(t *testing.T) {
	f := mustFixture(t)
	tok := f.clientToken(t)
	u1, u2, u3 := f.mustUser(t, "test.user1@okta.local"), f.mustUser(t, "test.user2@okta.local"), f.mustUser(t, "test.user3@okta.local")

	// Create Groups.
	resp, g := f.do(t, "POST", "/v2.0/Groups", tok, `{
	    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
	    "displayName": "Test SCIMv2",
	    "members": []
	}`)
	id := str(g["id"])
	if resp.StatusCode != http.StatusCreated || id == "" || g["displayName"] != "Test SCIMv2" {
		t.Fatalf("create: %d %v", resp.StatusCode, g)
	}
	// The same name again, in another case: 409 uniqueness.
	resp, body := f.do(t, "POST", "/v2.0/Groups", tok, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"test scimv2"}`)
	if resp.StatusCode != http.StatusConflict || body["scimType"] != "uniqueness" {
		t.Fatalf("duplicate: %d %v", resp.StatusCode, body)
	}

	// Retrieve Groups: acme's admin group and this one, by displayName.
	resp, body = f.do(t, "GET", "/v2.0/Groups?startIndex=1&count=100", tok, "")
	rs := resources(body)
	if resp.StatusCode != http.StatusOK || body["totalResults"] != float64(2) || len(rs) != 2 || rs[0]["displayName"] != "admin" || rs[1]["id"] != id {
		t.Fatalf("list: %d %v", resp.StatusCode, body)
	}
	resp, body = f.do(t, "GET", "/v2.0/Groups?startIndex=2&count=1", tok, "")
	if rs := resources(body); resp.StatusCode != http.StatusOK || body["totalResults"] != float64(2) || body["startIndex"] != float64(2) ||
		body["itemsPerPage"] != float64(1) || len(rs) != 1 || rs[0]["id"] != id {
		t.Fatalf("second page: %d %v", resp.StatusCode, body)
	}
	resp, body = f.do(t, "GET", groupsPath(`displayName eq "Test SCIMv2"`, "startIndex", "1", "count", "100"), tok, "")
	if rs := resources(body); resp.StatusCode != http.StatusOK || len(rs) != 1 || rs[0]["id"] != id {
		t.Fatalf("by name: %d %v", resp.StatusCode, body)
	}

	// Retrieve specific Groups.
	if resp, got := f.do(t, "GET", "/v2.0/Groups/"+id, tok, ""); resp.StatusCode != http.StatusOK || got["id"] != id {
		t.Fatalf("get: %d %v", resp.StatusCode, got)
	}

	// Update a specific Group name.
	resp, g = f.do(t, "PATCH", "/v2.0/Groups/"+id, tok, `{
	    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
	    "Operations": [{
	        "op": "replace",
	        "value": {
	            "id": "`+id+`",
	            "displayName": "Test SCIMv2 renamed"
	        }
	    }]
	}`)
	if resp.StatusCode != http.StatusOK || g["displayName"] != "Test SCIMv2 renamed" || g["id"] != id {
		t.Fatalf("rename: %d %v", resp.StatusCode, g)
	}

	// Update specific Group membership.
	f.do(t, "PATCH", "/v2.0/Groups/"+id, tok, patchOps(`{"op":"add","path":"members","value":[{"value":"`+u1+`"}]}`))
	resp, g = f.do(t, "PATCH", "/v2.0/Groups/"+id, tok, `{
	    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
	    "Operations": [{
	        "op": "remove",
	        "path": "members[value eq \"`+u1+`\"]"
	    },
	    {
	        "op": "add",
	        "path": "members",
	        "value": [{
	            "value": "`+u2+`",
	            "display": "test.user2@okta.local"
	        }, {
	            "value": "`+u3+`",
	            "display": "test.user3@okta.local"
	        }]
	    }]
	}`)
	if resp.StatusCode != http.StatusOK || !same(memberValues(g), u2, u3) {
		t.Fatalf("membership: %d %v", resp.StatusCode, g)
	}

	// Replace the whole group (PUT): members not listed leave, externalId
	// absent is cleared.
	resp, g = f.do(t, "PUT", "/v2.0/Groups/"+id, tok, `{
	    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
	    "id": "`+id+`",
	    "displayName": "Test SCIMv2",
	    "members": [{"value": "`+u1+`", "display": "test.user1@okta.local"}, {"value": "`+u3+`", "display": "test.user3@okta.local"}]
	}`)
	if resp.StatusCode != http.StatusOK || g["displayName"] != "Test SCIMv2" || !same(memberValues(g), u1, u3) {
		t.Fatalf("put: %d %v", resp.StatusCode, g)
	}
	// PUT without displayName: 400, nothing changes.
	resp, body = f.do(t, "PUT", "/v2.0/Groups/"+id, tok, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"members":[]}`)
	if resp.StatusCode != http.StatusBadRequest || body["scimType"] != "invalidValue" {
		t.Fatalf("put without displayName: %d %v", resp.StatusCode, body)
	}

	// Delete Group.
	if resp, _ := f.do(t, "DELETE", "/v2.0/Groups/"+id, tok, ""); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	if resp, body := f.do(t, "DELETE", "/v2.0/Groups/"+id, tok, ""); resp.StatusCode != http.StatusNotFound || body["status"] != "404" {
		t.Fatalf("delete again: %d %v", resp.StatusCode, body)
	}
}
