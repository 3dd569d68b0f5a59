package scim_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestUsersRFC7644 replays RFC 7644's examples on /Users, as an
// administrator (the root user's token): §3.3 create, §3.4.1 read with its
// ETag, §3.14 If-None-Match and If-Match, §3.4.2 filters, paging and
// projection, §3.5.1 replace, §3.5.2 modify, §3.6 delete.
func TestUsersRFC7644(t *testing.T) {
	f := mustFixture(t)
	tok := f.token

	// §3.3: POST /Users.
	resp, user := f.do(t, "POST", "/v2.0/Users", tok, `{
	  "schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
	  "userName":"bjensen",
	  "externalId":"bjensen",
	  "name":{
	    "formatted":"Ms. Barbara J Jensen III",
	    "familyName":"Jensen",
	    "givenName":"Barbara"
	  }
	}`)
	id := str(user["id"])
	meta, _ := user["meta"].(map[string]any)
	if resp.StatusCode != http.StatusCreated || user["userName"] != "bjensen" || user["externalId"] != "bjensen" ||
		meta["resourceType"] != "User" || meta["location"] != "/v2.0/Users/"+id || meta["version"] != resp.Header.Get("ETag") ||
		resp.Header.Get("Location") != meta["location"] {
		t.Fatalf("§3.3 create: %d %v %v", resp.StatusCode, user, resp.Header)
	}
	etag := resp.Header.Get("ETag")

	// §3.4.1 and §3.14: GET, then If-None-Match with its ETag is 304.
	resp, got := f.do(t, "GET", "/v2.0/Users/"+id, tok, "")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") != etag || got["id"] != id {
		t.Fatalf("§3.4.1 get: %d %v", resp.StatusCode, got)
	}
	if resp, _ := f.doWith(t, "GET", "/v2.0/Users/"+id, tok, "", map[string]string{"If-None-Match": etag}); resp.StatusCode != http.StatusNotModified {
		t.Fatalf("If-None-Match: %d", resp.StatusCode)
	}

	// §3.5.1: PUT with If-Match.
	put := `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"` + id + `","userName":"bjensen","externalId":"bjensen",
	  "name":{"formatted":"Ms. Barbara J Jensen III","familyName":"Jensen","givenName":"Barbara","middleName":"Jane"},
	  "roles":[],"emails":[{"value":"bjensen@example.com"},{"value":"babs@jensen.org"}]}`
	resp, replaced := f.doWith(t, "PUT", "/v2.0/Users/"+id, tok, put, map[string]string{"If-Match": etag})
	if resp.StatusCode != http.StatusOK || emailOf(replaced) != "bjensen@example.com" || resp.Header.Get("ETag") == etag {
		t.Fatalf("§3.5.1 put: %d %v", resp.StatusCode, replaced)
	}
	// The old ETag is stale now: PUT, PATCH and DELETE with it are 412,
	// and change nothing.
	patchBody := `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"displayName","value":"Babs"}]}`
	for _, c := range []struct{ method, body string }{{"PUT", put}, {"PATCH", patchBody}, {"DELETE", ""}} {
		resp, body := f.doWith(t, c.method, "/v2.0/Users/"+id, tok, c.body, map[string]string{"If-Match": etag})
		if resp.StatusCode != http.StatusPreconditionFailed || body["status"] != "412" {
			t.Fatalf("%s with a stale If-Match: %d %v", c.method, resp.StatusCode, body)
		}
	}
	etag = resp.Header.Get("ETag")

	// §3.5.2.1 add (RFC's example adds an email), §3.5.2.3 replace of a
	// value-filtered sub-attribute, §3.5.2.2 remove; Watchword keeps one
	// email, the work one (else primary, else first).
	resp, patched := f.doWith(t, "PATCH", "/v2.0/Users/"+id, tok, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
	  "Operations":[
	    {"op":"add","value":{"emails":[{"value":"babs@jensen.org","type":"home"},{"value":"bjensen@example.net","type":"work"}],"nickname":"Babs"}},
	    {"op":"replace","path":"emails[type eq \"work\"].value","value":"barbara@example.net"},
	    {"op":"add","path":"displayName","value":"Babs Jensen"}
	  ]}`, map[string]string{"If-Match": etag})
	if resp.StatusCode != http.StatusOK || emailOf(patched) != "barbara@example.net" || patched["displayName"] != "Babs Jensen" {
		t.Fatalf("§3.5.2 modify: %d %v", resp.StatusCode, patched)
	}
	resp, patched = f.do(t, "PATCH", "/v2.0/Users/"+id, tok, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
	  "Operations":[{"op":"remove","path":"displayName"},{"op":"remove","path":"emails[type eq \"work\"]"}]}`)
	if _, ok := patched["displayName"]; resp.StatusCode != http.StatusOK || ok || emailOf(patched) != "" {
		t.Fatalf("§3.5.2.2 remove: %d %v", resp.StatusCode, patched)
	}
	// RFC 7644 §3.5.2's errors, as SCIM errors with their scimType; a
	// refused PATCH changes nothing.
	for _, c := range []struct{ ops, status, scimType string }{
		{`{"op":"remove"}`, "400", "noTarget"},
		{`{"op":"replace","path":"id","value":"x"}`, "400", "mutability"},
		{`{"op":"replace","path":"meta.created","value":"x"}`, "400", "mutability"},
		{`{"op":"replace","path":"nosuch","value":"x"}`, "400", "invalidPath"},
		{`{"op":"replace","path":"emails[type eq","value":"x"}`, "400", "invalidPath"},
		{`{"op":"replace","path":"emails[nosuch eq \"x\"]","value":{}}`, "400", "invalidFilter"},
		{`{"op":"replace","path":"active","value":"maybe"}`, "400", "invalidValue"},
		{`{"op":"copy","path":"active","value":true}`, "400", "invalidValue"},
		{`{"op":"replace","path":"userName","value":"a b"}`, "400", "invalidValue"},
		{`{"op":"replace","path":"emails[value sw \"zzz\"]","value":{"value":"x@y.z"}}`, "400", "noTarget"},
		{`{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:ibm:2.0:User:userCategory","value":"federated"}`, "400", "mutability"},
	} {
		resp, body := f.do(t, "PATCH", "/v2.0/Users/"+id, tok, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[`+c.ops+`]}`)
		if body["status"] != c.status || body["scimType"] != c.scimType {
			t.Fatalf("%s: %d %v, want %s %s", c.ops, resp.StatusCode, body, c.status, c.scimType)
		}
	}

	// §3.4.2: filters, with RFC 7644's examples that this schema allows.
	for _, n := range []string{"jsmith", "Jane", "alice@example.com"} {
		if resp, body := f.do(t, "POST", "/v2.0/Users", tok, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"`+n+`"}`); resp.StatusCode != 201 {
			t.Fatalf("create %s: %d %v", n, resp.StatusCode, body)
		}
	}
	for q, want := range map[string]string{
		`userName eq "bjensen"`:                 "bjensen",
		`userName sw "J"`:                       "Jane",
		`userName sw "j"`:                       "jsmith",
		`userName co "smi" or userName ew "en"`: "bjensen,jsmith",
		`not (userName sw "a") and userName gt "b" and userName lt "k"`:      "bjensen,jsmith",
		`userName pr and externalId pr`:                                      "bjensen",
		`userName eq "alice@example.com"`:                                    "alice@example.com",
		`meta.resourceType eq "User" and active eq true and userName ge "z"`: "",
		`meta.created ge "2000-01-01T00:00:00Z" and userName le "Jane"`:      "Jane",
	} {
		resp, body := f.do(t, "GET", filterPath(q), tok, "")
		var names []string
		for _, r := range resources(body) {
			names = append(names, str(r["userName"]))
		}
		if resp.StatusCode != http.StatusOK || strings.Join(names, ",") != want {
			t.Errorf("filter %s: %d %v, want %s", q, resp.StatusCode, names, want)
		}
	}
	for _, q := range []string{`title pr`, `userName eq`, `active gt true`, `nosuch eq "x"`} {
		if resp, body := f.do(t, "GET", filterPath(q), tok, ""); resp.StatusCode != http.StatusBadRequest || body["scimType"] != "invalidFilter" {
			t.Errorf("filter %s: %d %v", q, resp.StatusCode, body)
		}
	}
	// §3.4.2.4 paging: totalResults counts every match, the page holds count.
	resp, body := f.do(t, "GET", filterPath(`userName ne "acme"`, "startIndex", "2", "count", "2"), tok, "")
	if rs := resources(body); body["totalResults"] != float64(4) || body["itemsPerPage"] != float64(2) || body["startIndex"] != float64(2) ||
		len(rs) != 2 || rs[0]["userName"] != "alice@example.com" {
		t.Fatalf("paging: %d %v", resp.StatusCode, body)
	}
	if resp, body := f.do(t, "GET", "/v2.0/Users?count=x", tok, ""); resp.StatusCode != http.StatusBadRequest || body["scimType"] != "invalidValue" {
		t.Fatalf("bad count: %d %v", resp.StatusCode, body)
	}
	// §3.9 projection, on lists and on one resource.
	_, body = f.do(t, "GET", filterPath(`userName eq "bjensen"`, "attributes", "userName,externalId"), tok, "")
	if rs := resources(body); len(rs) != 1 || len(rs[0]) != 4 || rs[0]["externalId"] != "bjensen" {
		t.Fatalf("attributes: %v", body)
	}
	_, got = f.do(t, "GET", "/v2.0/Users/"+id+"?excludedAttributes=meta,urn:ietf:params:scim:schemas:extension:ibm:2.0:User,groups", tok, "")
	if _, ok := got["meta"]; ok || got["userName"] != "bjensen" || len(got["schemas"].([]any)) != 1 {
		t.Fatalf("excludedAttributes: %v", got)
	}

	// §3.6: DELETE, then the user is gone.
	if resp, _ := f.do(t, "DELETE", "/v2.0/Users/"+id, tok, ""); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("§3.6 delete: %d", resp.StatusCode)
	}
	for _, m := range []string{"GET", "DELETE"} {
		if resp, body := f.do(t, m, "/v2.0/Users/"+id, tok, ""); resp.StatusCode != http.StatusNotFound || body["status"] != "404" {
			t.Fatalf("%s after delete: %d %v", m, resp.StatusCode, body)
		}
	}
}
