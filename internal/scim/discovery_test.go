package scim_test

import (
	"net/http"
	"testing"
)

// TestDiscovery: each discovery resource is served at its meta.location,
// a filter is refused with 403 (RFC 7644 §4), and ServiceProviderConfig has
// no documentationUri that is not an absolute URL.
func TestDiscovery(t *testing.T) {
	f := mustFixture(t)
	for _, list := range []string{"/v2.0/ResourceTypes", "/v2.0/Schemas"} {
		resp, body := f.do(t, "GET", list, "", "")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", list, resp.StatusCode)
		}
		for _, r := range body["Resources"].([]any) {
			loc := r.(map[string]any)["meta"].(map[string]any)["location"].(string)
			resp, item := f.do(t, "GET", loc, "", "")
			if resp.StatusCode != http.StatusOK || item["id"] != r.(map[string]any)["id"] {
				t.Fatalf("%s: %d %v", loc, resp.StatusCode, item)
			}
		}
	}
	var urns []string
	_, rts := f.do(t, "GET", "/v2.0/ResourceTypes", "", "")
	for _, r := range rts["Resources"].([]any) {
		rt := r.(map[string]any)
		urns = append(urns, rt["schema"].(string))
		for _, e := range rt["schemaExtensions"].([]any) {
			urns = append(urns, e.(map[string]any)["schema"].(string))
		}
	}
	for _, urn := range urns {
		if resp, _ := f.do(t, "GET", "/v2.0/Schemas/"+urn, "", ""); resp.StatusCode != http.StatusOK {
			t.Fatalf("schema %s named by /ResourceTypes is not described: %d", urn, resp.StatusCode)
		}
	}
	for _, p := range []string{"/v2.0/ResourceTypes/Group", "/v2.0/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group"} {
		if resp, body := f.do(t, "GET", p, "", ""); resp.StatusCode != http.StatusOK || (body["endpoint"] != "/Groups" && body["name"] != "Group") {
			t.Fatalf("%s: %d %v", p, resp.StatusCode, body)
		}
	}
	for _, p := range []string{"/v2.0/Schemas/urn:nosuch", "/v2.0/ResourceTypes/Nosuch"} {
		if resp, body := f.do(t, "GET", p, "", ""); resp.StatusCode != http.StatusNotFound || body["status"] != "404" {
			t.Fatalf("%s: %d %v", p, resp.StatusCode, body)
		}
	}
	for _, p := range []string{"/v2.0/ServiceProviderConfig", "/v2.0/ResourceTypes", "/v2.0/Schemas", "/v2.0/ResourceTypes/User",
		"/v2.0/Schemas/urn:ietf:params:scim:schemas:core:2.0:User"} {
		if resp, body := f.do(t, "GET", p+`?filter=name+eq+"User"`, "", ""); resp.StatusCode != http.StatusForbidden || body["status"] != "403" {
			t.Fatalf("%s with a filter: %d %v", p, resp.StatusCode, body)
		}
	}
	_, spc := f.do(t, "GET", "/v2.0/ServiceProviderConfig", "", "")
	if u, ok := spc["documentationUri"]; ok {
		t.Fatalf("documentationUri %v", u)
	}
}
