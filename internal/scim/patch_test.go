package scim_test

import (
	"encoding/json"
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/scim"
)

func mustPatch(t *testing.T, body string) *scim.Patch {
	t.Helper()
	var req scim.PatchRequest
	if err := json.Unmarshal([]byte(body), &req); err != nil {
		t.Fatal(err)
	}
	p, err := scim.ParsePatch(testType, req)
	if err != nil {
		t.Fatalf("ParsePatch: %v", err)
	}
	return p
}

func ops(list string) string {
	return `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[` + list + `]}`
}

// TestPatchApply: RFC 7644 §3.5.2's examples and the calls Entra ID and
// Okta document, applied to RFC 7643 §8.2's user; want lists the members
// that must read so afterwards (JSON), "-" meaning absent.
func TestPatchApply(t *testing.T) {
	tests := []struct {
		name, ops string
		want      map[string]string
	}{
		{"RFC add emails", `{"op":"add","path":"emails","value":[{"value":"babs@jensen.org","type":"home"},{"value":"b@x.org","type":"other"}]}`,
			map[string]string{"emails": `[{"primary":true,"type":"work","value":"bjensen@example.com"},{"type":"home","value":"babs@jensen.org"},{"type":"other","value":"b@x.org"}]`}},
		{"RFC add pathless", `{"op":"add","value":{"emails":[{"value":"babs@jensen.org","type":"home"}],"nickname":"Babs2"}}`,
			map[string]string{"nickName": `"Babs2"`}},
		{"RFC add members", `{"op":"add","path":"members","value":[{"display":"Babs Jensen","value":"2819c223"}]}`,
			map[string]string{"members": `[{"display":"Babs Jensen","value":"2819c223"}]`}},
		{"RFC remove one member", `{"op":"add","path":"members","value":[{"value":"a"},{"value":"b"}]},{"op":"remove","path":"members[value eq \"a\"]"}`,
			map[string]string{"members": `[{"value":"b"}]`}},
		{"RFC remove all members", `{"op":"add","path":"members","value":[{"value":"a"}]},{"op":"remove","path":"members"}`,
			map[string]string{"members": `-`}},
		{"RFC remove work email", `{"op":"remove","path":"emails[type eq \"work\" and value ew \"example.com\"]"}`,
			map[string]string{"emails": `[{"type":"home","value":"babs@jensen.org"}]`}},
		{"RFC replace members", `{"op":"add","path":"members","value":[{"value":"a"}]},{"op":"replace","path":"members","value":[{"display":"James Smith","value":"08e1d05d"}]}`,
			map[string]string{"members": `[{"display":"James Smith","value":"08e1d05d"}]`}},
		{"RFC replace work email", `{"op":"replace","path":"emails[type eq \"work\"]","value":{"type":"work","value":"bjensen@example.net"}}`,
			map[string]string{"emails": `[{"primary":true,"type":"work","value":"bjensen@example.net"},{"type":"home","value":"babs@jensen.org"}]`}},
		{"RFC replace sub of filtered", `{"op":"replace","path":"emails[type eq \"work\"].value","value":"bjensen@example.org"}`,
			map[string]string{"emails": `[{"primary":true,"type":"work","value":"bjensen@example.org"},{"type":"home","value":"babs@jensen.org"}]`}},
		{"RFC replace pathless", `{"op":"replace","value":{"emails":[{"value":"bjensen@example.com","type":"work","primary":true}],"nickName":"Babs"}}`,
			map[string]string{"emails": `[{"primary":true,"type":"work","value":"bjensen@example.com"}]`}},
		{"Entra Replace case, string boolean", `{"op":"Replace","path":"active","value":"False"}`,
			map[string]string{"active": `false`}},
		{"Entra pathless boolean", `{"op":"Replace","value":{"active":"False"}}`, map[string]string{"active": `false`}},
		{"Entra dotted pathless keys", `{"op":"replace","value":{"name.givenName":"Barb","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"Ops"}}`,
			map[string]string{"name": `{"familyName":"Jensen","givenName":"Barb"}`, enterprise: `{"department":"Ops","employeeNumber":"701984","manager":{"value":"26118915-6090-4610-87e4-49d8ca9f808d"}}`}},
		{"Entra Add missing filtered element", `{"op":"Add","path":"emails[type eq \"other\"].value","value":"o@x.org"}`,
			map[string]string{"emails": `[{"primary":true,"type":"work","value":"bjensen@example.com"},{"type":"home","value":"babs@jensen.org"},{"type":"other","value":"o@x.org"}]`}},
		{"Entra Replace missing filtered element", `{"op":"Replace","path":"emails[type eq \"other\"].value","value":"o@x.org"}`,
			map[string]string{"emails": `[{"primary":true,"type":"work","value":"bjensen@example.com"},{"type":"home","value":"babs@jensen.org"},{"type":"other","value":"o@x.org"}]`}},
		{"Entra remove members by value", `{"op":"add","path":"members","value":[{"value":"a"},{"value":"b"}]},{"op":"Remove","path":"members","value":[{"value":"a"}]}`,
			map[string]string{"members": `[{"value":"b"}]`}},
		{"Okta pathless replace", `{"op":"replace","value":{"active":false}}`, map[string]string{"active": `false`}},
		{"sub-attribute", `{"op":"replace","path":"name.familyName","value":"Smith"}`, map[string]string{"name": `{"familyName":"Smith","givenName":"Barbara"}`}},
		{"remove sub-attribute", `{"op":"remove","path":"name.familyName"}`, map[string]string{"name": `{"givenName":"Barbara"}`}},
		{"extension attribute", `{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber","value":"1"}`,
			map[string]string{enterprise: `{"department":"Tour Operations","employeeNumber":"1","manager":{"value":"26118915-6090-4610-87e4-49d8ca9f808d"}}`}},
		{"whole extension", `{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","value":{"department":"X"}}`,
			map[string]string{enterprise: `{"department":"X"}`}},
		{"remove extension", `{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}`,
			map[string]string{enterprise: `-`}},
		{"primary moves", `{"op":"add","path":"emails","value":{"value":"n@x.org","primary":true}}`,
			map[string]string{"emails": `[{"type":"work","value":"bjensen@example.com"},{"type":"home","value":"babs@jensen.org"},{"primary":true,"value":"n@x.org"}]`}},
		{"add existing value once", `{"op":"add","path":"emails","value":[{"value":"babs@jensen.org","type":"home"}]}`,
			map[string]string{"emails": `[{"primary":true,"type":"work","value":"bjensen@example.com"},{"type":"home","value":"babs@jensen.org"}]`}},
		{"ignored attribute", `{"op":"replace","path":"title","value":"Tour Guide"},{"op":"add","value":{"title":"X"}}`,
			map[string]string{"title": `-`}},
		{"read-only in a pathless value", `{"op":"replace","value":{"id":"other","meta":{},"displayName":"B"}}`,
			map[string]string{"id": `"2819c223-7f76-453a-919d-413861904646"`, "displayName": `"B"`}},
		{"remove what is not there", `{"op":"remove","path":"emails[type eq \"xmpp\"]"}`,
			map[string]string{"emails": `[{"primary":true,"type":"work","value":"bjensen@example.com"},{"type":"home","value":"babs@jensen.org"}]`}},
		{"null replaces with nothing", `{"op":"replace","path":"displayName","value":null}`, map[string]string{"displayName": `-`}},
		{"lower-case operations member", ``, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.ops == "" {
				p := mustPatch(t, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"operations":[{"op":"replace","path":"nickName","value":"x"}]}`)
				res := babs()
				if err := p.Apply(res); err != nil || res["nickName"] != "x" {
					t.Fatalf("operations: %v %v", err, res["nickName"])
				}
				return
			}
			res := babs()
			if err := mustPatch(t, ops(tt.ops)).Apply(res); err != nil {
				t.Fatalf("Apply: %v", err)
			}
			for k, want := range tt.want {
				v, ok := res[k]
				got := "-"
				if ok {
					got = jsonOf(t, v)
				}
				if got != want {
					t.Errorf("%s = %s\nwant %s", k, got, want)
				}
			}
		})
	}
}

func TestPatchErrors(t *testing.T) {
	tests := []struct{ name, body, code string }{
		{"no schema", `{"schemas":[],"Operations":[{"op":"add","path":"displayName","value":"x"}]}`, "scim.schemas"},
		{"no operations", ops(``), "scim.patch_op"},
		{"bad op", ops(`{"op":"move","path":"displayName"}`), "scim.patch_op"},
		{"remove without path", ops(`{"op":"remove"}`), "scim.no_target"},
		{"pathless not object", ops(`{"op":"add","value":"x"}`), "scim.value"},
		{"unknown path", ops(`{"op":"add","path":"nosuch","value":"x"}`), "scim.path"},
		{"bad path", ops(`{"op":"add","path":"emails[type eq","value":"x"}`), "scim.path"},
		{"read-only path", ops(`{"op":"replace","path":"id","value":"x"}`), "scim.mutability"},
		{"read-only sub", ops(`{"op":"replace","path":"meta.created","value":"x"}`), "scim.mutability"},
		{"filter on single-valued", ops(`{"op":"replace","path":"name[givenName eq \"a\"]","value":"x"}`), "scim.path"},
		{"bad value filter", ops(`{"op":"replace","path":"emails[nosuch eq \"a\"]","value":"x"}`), "scim.filter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var req scim.PatchRequest
			if err := json.Unmarshal([]byte(tt.body), &req); err != nil {
				t.Fatal(err)
			}
			if _, err := scim.ParsePatch(testType, req); fault.CodeOf(err) != tt.code {
				t.Fatalf("err = %v, want %s", err, tt.code)
			}
		})
	}
	applyErrs := []struct{ name, ops, code string }{
		{"wrong type", `{"op":"replace","path":"active","value":"maybe"}`, "scim.value"},
		{"string for complex", `{"op":"replace","path":"name","value":"x"}`, "scim.value"},
		{"number for string", `{"op":"replace","path":"displayName","value":3}`, "scim.value"},
		{"replace matches nothing", `{"op":"replace","path":"emails[value sw \"zzz\"]","value":{"value":"x"}}`, "scim.no_target"},
	}
	for _, tt := range applyErrs {
		t.Run(tt.name, func(t *testing.T) {
			if err := mustPatch(t, ops(tt.ops)).Apply(babs()); fault.CodeOf(err) != tt.code {
				t.Fatalf("err = %v, want %s", err, tt.code)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	res, err := scim.Normalize(testType, mustJSON(`{"schemas":["x"],"USERNAME":"a","Active":"False","emails":{"Value":"a@x.org","TYPE":"work"},
		"title":"ignored","id":"read-only","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"EmployeeNumber":"7"}}`))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"active":false,"emails":[{"type":"work","value":"a@x.org"}],"schemas":["x"],"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"7"},"userName":"a"}`
	if got := jsonOf(t, res); got != want {
		t.Fatalf("Normalize =\n%s\nwant\n%s", got, want)
	}
	if _, err := scim.Normalize(testType, mustJSON(`{"nosuch":1}`)); fault.CodeOf(err) != "scim.path" {
		t.Fatalf("unknown attribute: %v", err)
	}
	if _, err := scim.Normalize(testType, mustJSON(`{"active":"maybe"}`)); fault.CodeOf(err) != "scim.value" {
		t.Fatalf("bad boolean: %v", err)
	}
}
