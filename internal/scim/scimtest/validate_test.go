package scimtest_test

import (
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/scim/scimtest"
)

// The examples of RFC 7643 §8 and RFC 7644 (abridged where long), which
// must pass.
var valid = map[string]string{
	"RFC7643 8.1 minimal user": `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"2819c223-7f76-453a-919d-413861904646",
		"userName":"bjensen@example.com","meta":{"resourceType":"User","created":"2010-01-23T04:56:22Z","lastModified":"2011-05-13T04:42:34Z",
		"version":"W\/\"3694e05e9dff590\"","location":"https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646"}}`,
	"RFC7643 8.3 enterprise user": `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
		"id":"2819c223-7f76-453a-919d-413861904646","externalId":"701984","userName":"bjensen@example.com",
		"name":{"formatted":"Ms. Barbara J Jensen, III","familyName":"Jensen","givenName":"Barbara","middleName":"Jane","honorificPrefix":"Ms.","honorificSuffix":"III"},
		"displayName":"Babs Jensen","nickName":"Babs","profileUrl":"https://login.example.com/bjensen",
		"emails":[{"value":"bjensen@example.com","type":"work","primary":true},{"value":"babs@jensen.org","type":"home"}],
		"addresses":[{"streetAddress":"100 Universal City Plaza","locality":"Hollywood","region":"CA","postalCode":"91608","country":"USA",
		"formatted":"100 Universal City Plaza\nHollywood, CA 91608 USA","type":"work","primary":true}],
		"phoneNumbers":[{"value":"555-555-5555","type":"work"}],"ims":[{"value":"someaimhandle","type":"aim"}],
		"photos":[{"value":"https://photos.example.com/profilephoto/72930000000Ccne/F","type":"photo"}],
		"userType":"Employee","title":"Tour Guide","preferredLanguage":"en-US","locale":"en-US","timezone":"America/Los_Angeles","active":true,
		"groups":[{"value":"e9e30dba-f08f-4109-8486-d5c6a331660a","$ref":"https://example.com/v2/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a","display":"Tour Guides"}],
		"x509Certificates":[{"value":"MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx"}],
		"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701984","costCenter":"4130","organization":"Universal Studios",
		"division":"Theme Park","department":"Tour Operations","manager":{"value":"26118915-6090-4610-87e4-49d8ca9f808d",
		"$ref":"../Users/26118915-6090-4610-87e4-49d8ca9f808d","displayName":"John Smith"}},
		"meta":{"resourceType":"User","created":"2010-01-23T04:56:22Z","lastModified":"2011-05-13T04:42:34Z","version":"W\/\"3694e05e9dff591\"",
		"location":"https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646"}}`,
	"RFC7643 8.4 group": `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"e9e30dba-f08f-4109-8486-d5c6a331660a","displayName":"Tour Guides",
		"members":[{"value":"2819c223-7f76-453a-919d-413861904646","$ref":"https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646","display":"Babs Jensen"}],
		"meta":{"resourceType":"Group","created":"2010-01-23T04:56:22Z","lastModified":"2011-05-13T04:42:34Z","version":"W\/\"3694e05e9dff592\"",
		"location":"https://example.com/v2/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a"}}`,
	"RFC7643 8.5 service provider config": `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
		"documentationUri":"http://example.com/help/scim.html","patch":{"supported":true},"bulk":{"supported":true,"maxOperations":1000,"maxPayloadSize":1048576},
		"filter":{"supported":true,"maxResults":200},"changePassword":{"supported":true},"sort":{"supported":true},"etag":{"supported":true},
		"authenticationSchemes":[{"name":"OAuth Bearer Token","description":"Authentication scheme using the OAuth Bearer Token Standard",
		"specUri":"http://www.rfc-editor.org/info/rfc6750","documentationUri":"http://example.com/help/oauth.html","type":"oauthbearertoken","primary":true}],
		"meta":{"location":"https://example.com/v2/ServiceProviderConfig","resourceType":"ServiceProviderConfig","created":"2010-01-23T04:56:22Z",
		"lastModified":"2011-05-13T04:42:34Z","version":"W\/\"3694e05e9dff594\""}}`,
	"RFC7643 8.6 resource type": `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],"id":"User","name":"User","endpoint":"/Users",
		"description":"User Account","schema":"urn:ietf:params:scim:schemas:core:2.0:User",
		"schemaExtensions":[{"schema":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","required":true}],
		"meta":{"location":"https://example.com/v2/ResourceTypes/User","resourceType":"ResourceType"}}`,
	"RFC7643 8.7 schema": `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Schema"],"id":"urn:ietf:params:scim:schemas:core:2.0:Group","name":"Group",
		"description":"Group","attributes":[{"name":"displayName","type":"string","multiValued":false,"description":"A human-readable name for the Group. REQUIRED.",
		"required":false,"caseExact":false,"mutability":"readWrite","returned":"default","uniqueness":"none"},
		{"name":"members","type":"complex","multiValued":true,"description":"A list of members of the Group.","required":false,
		"subAttributes":[{"name":"value","type":"string","multiValued":false,"description":"Identifier of the member of this Group.","required":false,
		"caseExact":false,"mutability":"immutable","returned":"default","uniqueness":"none"},{"name":"$ref","type":"reference",
		"referenceTypes":["User","Group"],"multiValued":false,"description":"The URI corresponding to a SCIM resource that is a member of this Group.",
		"required":false,"caseExact":false,"mutability":"immutable","returned":"default","uniqueness":"none"}],"mutability":"readWrite","returned":"default"}],
		"meta":{"resourceType":"Schema","location":"/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group"}}`,
	"RFC7644 3.4.2 list": `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":2,"Resources":[
		{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"2819c223-7f76-453a-919d-413861904646","userName":"bjensen"},
		{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"c75ad752-64ae-4823-840d-ffa80929976c","userName":"jsmith"}]}`,
	"RFC7644 3.4.2.4 empty page": `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":100,"itemsPerPage":0,"startIndex":1,"Resources":[]}`,
	"RFC7644 3.12 error":         `{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"scimType":"mutability","detail":"Attribute 'id' is readOnly","status":"400"}`,
	"RFC7644 3.12 not found":     `{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"detail":"Resource 2819c223-7f76-453a-919d-413861904646 not found","status":"404"}`,
}

// Each breaks one rule of the RFCs: the validator must catch it.
var invalid = map[string]string{
	"password returned":         `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"1","userName":"a","password":"x"}`,
	"no userName":               `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"1"}`,
	"no id":                     `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a"}`,
	"boolean as string":         `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"1","userName":"a","active":"true"}`,
	"single for multi":          `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"1","userName":"a","emails":{"value":"a@x"}}`,
	"two primaries":             `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"1","userName":"a","emails":[{"value":"a@x","primary":true},{"value":"b@x","primary":true}]}`,
	"unknown attribute":         `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"1","userName":"a","shoeSize":"9"}`,
	"unknown sub-attribute":     `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"1","userName":"a","name":{"nick":"x"}}`,
	"unlisted extension":        `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"1","userName":"a","urn:x:ext":{}}`,
	"bad dateTime":              `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"1","userName":"a","meta":{"created":"yesterday"}}`,
	"wrong resourceType":        `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"1","userName":"a","meta":{"resourceType":"Group"}}`,
	"null value":                `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"1","userName":"a","displayName":null}`,
	"relative documentationUri": `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],"documentationUri":"/v1/openapi.json","patch":{"supported":true},"bulk":{"supported":false,"maxOperations":0,"maxPayloadSize":0},"filter":{"supported":false,"maxResults":0},"changePassword":{"supported":true},"sort":{"supported":false},"etag":{"supported":false},"authenticationSchemes":[{"type":"oauthbearertoken","name":"b","description":"d"}]}`,
	"spc without etag":          `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],"patch":{"supported":true},"bulk":{"supported":false,"maxOperations":0,"maxPayloadSize":0},"filter":{"supported":false,"maxResults":0},"changePassword":{"supported":true},"sort":{"supported":false},"authenticationSchemes":[]}`,
	"bad auth scheme type":      `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],"patch":{"supported":true},"bulk":{"supported":false,"maxOperations":0,"maxPayloadSize":0},"filter":{"supported":false,"maxResults":0},"changePassword":{"supported":true},"sort":{"supported":false},"etag":{"supported":false},"authenticationSchemes":[{"type":"bearer","name":"b","description":"d"}]}`,
	"bad attribute type":        `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Schema"],"id":"urn:x","attributes":[{"name":"a","type":"text","multiValued":false}]}`,
	"status as number":          `{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":400}`,
	"made-up scimType":          `{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","scimType":"badThing"}`,
	"list without total":        `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"Resources":[]}`,
	"list with bad resource":    `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":1,"Resources":[{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"1"}]}`,
	"itemsPerPage wrong":        `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":3,"itemsPerPage":2,"Resources":[]}`,
	"no schemas":                `{"id":"1","userName":"a"}`,
	"unknown core schema":       `{"schemas":["urn:x:Thing"],"id":"1"}`,
}

func TestValidate(t *testing.T) {
	v, err := scimtest.New()
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range valid {
		t.Run("OK "+name, func(t *testing.T) {
			if err := v.Validate([]byte(body), scimtest.Options{}); err != nil {
				t.Fatal(err)
			}
		})
	}
	for name, body := range invalid {
		t.Run("Err "+name, func(t *testing.T) {
			if err := v.Validate([]byte(body), scimtest.Options{}); err == nil {
				t.Fatal("accepted")
			}
		})
	}
	partial := `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"1","displayName":"a"}`
	if err := v.Validate([]byte(partial), scimtest.Options{Partial: true}); err != nil {
		t.Fatalf("partial: %v", err)
	}
	if err := v.Validate([]byte(strings.Replace(partial, `"id":"1",`, "", 1)), scimtest.Options{Partial: true}); err == nil {
		t.Fatal("partial without id accepted")
	}
}
