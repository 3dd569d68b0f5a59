package scim_test

import (
	"encoding/json"
	"testing"

	"github.com/watchword/watchword/internal/scim"
)

// testType is a resource type shaped like RFC 7643's User, with an
// extension, built only from the package's exported types, as another
// endpoint (/Groups) builds its own.
var testType = func() *scim.ResourceType {
	s := func(name string, exact bool) scim.Attribute {
		return scim.Attribute{Name: name, Type: "string", CaseExact: exact, Mutability: "readWrite", Returned: "default"}
	}
	multi := func(name string) scim.Attribute {
		return scim.Attribute{Name: name, Type: "complex", MultiValued: true, Mutability: "readWrite", Returned: "default",
			SubAttributes: []scim.Attribute{s("value", false), s("type", false), {Name: "primary", Type: "boolean", Mutability: "readWrite", Returned: "default"},
				{Name: "display", Type: "string", Mutability: "readOnly", Returned: "default"}}}
	}
	core := &scim.Schema{ID: "urn:ietf:params:scim:schemas:core:2.0:User", Name: "User", Attributes: []scim.Attribute{
		{Name: "userName", Type: "string", Required: true, Mutability: "readWrite", Returned: "default", Uniqueness: "server"},
		s("displayName", false),
		{Name: "name", Type: "complex", Mutability: "readWrite", Returned: "default", SubAttributes: []scim.Attribute{s("givenName", false), s("familyName", false)}},
		{Name: "active", Type: "boolean", Mutability: "readWrite", Returned: "default"},
		{Name: "password", Type: "string", Mutability: "writeOnly", Returned: "never"},
		{Name: "nickName", Type: "string", Mutability: "readWrite", Returned: "request"},
		{Name: "loginCount", Type: "integer", Mutability: "readWrite", Returned: "default"},
		{Name: "photo", Type: "binary", Mutability: "readWrite", Returned: "default"},
		multi("emails"), multi("members"),
	}}
	ext := &scim.Schema{ID: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", Name: "EnterpriseUser", Attributes: []scim.Attribute{
		s("employeeNumber", true), s("department", false),
		{Name: "manager", Type: "complex", Mutability: "readWrite", Returned: "default", SubAttributes: []scim.Attribute{s("value", true)}},
	}}
	return &scim.ResourceType{Name: "User", Endpoint: "/Users", Schema: core, Extensions: []scim.Extension{{Schema: ext}},
		Ignored: []string{"title"}}
}()

const enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

// babs is RFC 7643 §8.2's full user, trimmed to testType's attributes.
func babs() scim.Resource {
	return mustJSON(`{
	  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
	  "id": "2819c223-7f76-453a-919d-413861904646",
	  "externalId": "701984",
	  "userName": "bjensen@example.com",
	  "name": {"familyName": "Jensen", "givenName": "Barbara"},
	  "displayName": "Babs Jensen",
	  "nickName": "Babs",
	  "active": true,
	  "loginCount": 12,
	  "emails": [
	    {"value": "bjensen@example.com", "type": "work", "primary": true},
	    {"value": "babs@jensen.org", "type": "home"}
	  ],
	  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
	    "employeeNumber": "701984", "department": "Tour Operations", "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d"}
	  },
	  "meta": {
	    "resourceType": "User",
	    "created": "2010-01-23T04:56:22Z",
	    "lastModified": "2011-05-13T04:42:34Z",
	    "version": "W/\"3694e05e9dff591\"",
	    "location": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646"
	  }
	}`)
}

func mustJSON(s string) scim.Resource {
	var m scim.Resource
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		panic(err)
	}
	return m
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
