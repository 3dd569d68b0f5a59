package scim_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestGroupsRFC replays RFC 7643 §8.4's group and RFC 7644 §3.5.2's group
// PATCH examples (add members, remove one by a value filter, remove all,
// remove and add at once, replace all), with the RFC's user IDs replaced
// by acme's users' and If-Match sent as §3.14 shows.
func TestGroupsRFC(t *testing.T) {
	f := mustFixture(t)
	tok := f.clientToken(t)
	babs, mandy, james := f.mustUser(t, "bjensen"), f.mustUser(t, "mpepperidge"), f.mustUser(t, "jsmith")
	ids := strings.NewReplacer("2819c223-7f76-453a-919d-413861904646", babs,
		"902c246b-6245-4190-8e05-00816be7344a", mandy, "08e1d05d-121c-4561-8b96-473d93df9210", james)

	// RFC 7643 §8.4, POSTed (id and meta are read-only: ignored).
	resp, g := f.do(t, "POST", "/v2.0/Groups", tok, ids.Replace(`{
	  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
	  "id": "e9e30dba-f08f-4109-8486-d5c6a331660a",
	  "displayName": "Tour Guides",
	  "members": [
	    {"value": "2819c223-7f76-453a-919d-413861904646",
	     "$ref": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646",
	     "display": "Babs Jensen"},
	    {"value": "902c246b-6245-4190-8e05-00816be7344a",
	     "$ref": "https://example.com/v2/Users/902c246b-6245-4190-8e05-00816be7344a",
	     "display": "Mandy Pepperidge"}
	  ],
	  "meta": {"resourceType": "Group", "created": "2010-01-23T04:56:22Z", "lastModified": "2011-05-13T04:42:34Z",
	    "version": "W/\"3694e05e9dff592\"",
	    "location": "https://example.com/v2/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a"}
	}`))
	id := str(g["id"])
	if resp.StatusCode != http.StatusCreated || id == "" || id == "e9e30dba-f08f-4109-8486-d5c6a331660a" || g["displayName"] != "Tour Guides" ||
		!same(memberValues(g), babs, mandy) {
		t.Fatalf("create: %d %v", resp.StatusCode, g)
	}
	if resp.Header.Get("Location") != "/v2.0/Groups/"+id || resp.Header.Get("ETag") != `W/"1"` {
		t.Fatalf("create headers: %v", resp.Header)
	}
	m := g["members"].([]any)[0].(map[string]any)
	if m["$ref"] != "/v2.0/Users/"+str(m["value"]) || m["type"] != "User" || (m["display"] != "bjensen" && m["display"] != "mpepperidge") {
		t.Fatalf("member: %v", m)
	}
	meta := g["meta"].(map[string]any)
	if meta["resourceType"] != "Group" || meta["location"] != "/v2.0/Groups/"+id || meta["version"] != `W/"1"` {
		t.Fatalf("meta: %v", meta)
	}

	steps := []struct {
		name string
		ops  string
		want []string
	}{
		// §3.5.2.1: add a member.
		{"add", `{"op":"add","path":"members","value":[{"display": "James Smith",
		  "$ref": "https://example.com/v2/Users/08e1d05d-121c-4561-8b96-473d93df9210",
		  "value": "08e1d05d-121c-4561-8b96-473d93df9210"}]}`, []string{babs, mandy, james}},
		// §3.5.2.2: remove one member by a value filter.
		{"remove one", `{"op":"remove","path":"members[value eq \"2819c223-7f76-453a-919d-413861904646\"]"}`, []string{mandy, james}},
		// §3.5.2.2: remove all members.
		{"remove all", `{"op":"remove","path":"members"}`, nil},
		{"add two", `{"op":"add","path":"members","value":[{"value":"2819c223-7f76-453a-919d-413861904646"},
		  {"value":"902c246b-6245-4190-8e05-00816be7344a"}]}`, []string{babs, mandy}},
		// §3.5.2.2: remove one and add another, as written (no space
		// before the quote).
		{"remove and add", `{"op":"remove","path":"members[value eq\"2819c223-7f76-453a-919d-413861904646\"]"},
		  {"op":"add","path":"members","value":[{"display": "James Smith",
		   "$ref": "https://example.com/v2/Users/08e1d05d-121c-4561-8b96-473d93df9210",
		   "value": "08e1d05d-121c-4561-8b96-473d93df9210"}]}`, []string{mandy, james}},
		// §3.5.2.3: replace all members.
		{"replace", `{"op":"replace","path":"members","value":[{"display": "Babs Jensen",
		  "$ref": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646",
		  "value": "2819c223-7f76-453a-919d-413861904646"},
		  {"display": "James Smith",
		   "$ref": "https://example.com/v2/Users/08e1d05d-121c-4561-8b96-473d93df9210",
		   "value": "08e1d05d-121c-4561-8b96-473d93df9210"}]}`, []string{babs, james}},
	}
	version := 1
	for _, s := range steps {
		etag := `W/"` + itoa(version) + `"`
		resp, g := f.doWith(t, "PATCH", "/v2.0/Groups/"+id, tok, ids.Replace(patchOps(s.ops)), map[string]string{"If-Match": etag})
		version++
		if resp.StatusCode != http.StatusOK || !same(memberValues(g), s.want...) || resp.Header.Get("ETag") != `W/"`+itoa(version)+`"` {
			t.Fatalf("%s: %d %v %v", s.name, resp.StatusCode, g, resp.Header)
		}
		// The same If-Match again names a version that is gone: 412, and
		// nothing changes.
		resp, body := f.doWith(t, "PATCH", "/v2.0/Groups/"+id, tok, patchOps(`{"op":"remove","path":"members"}`), map[string]string{"If-Match": etag})
		if resp.StatusCode != http.StatusPreconditionFailed || body["status"] != "412" {
			t.Fatalf("%s stale If-Match: %d %v", s.name, resp.StatusCode, body)
		}
	}
	resp, got := f.do(t, "GET", "/v2.0/Groups/"+id, tok, "")
	if resp.StatusCode != http.StatusOK || !same(memberValues(got), babs, james) {
		t.Fatalf("after: %d %v", resp.StatusCode, got)
	}
	// The users' groups attribute says so.
	for uid, in := range map[string]bool{babs: true, james: true, mandy: false} {
		_, u := f.do(t, "GET", "/v2.0/Users/"+uid, tok, "")
		list, _ := u["groups"].([]any)
		found := false
		for _, x := range list {
			ref := x.(map[string]any)
			if ref["value"] == id {
				found = ref["display"] == "Tour Guides" && ref["$ref"] == "/v2.0/Groups/"+id && ref["type"] == "direct"
			}
		}
		if found != in {
			t.Fatalf("user %s groups %v, member %v", uid, u["groups"], in)
		}
	}
}
