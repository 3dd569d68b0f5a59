// Package scimtest checks SCIM answers against the standards in tests: the
// resource schemas of RFC 7643 §8.7 (transcribed in rfc7643/*.json, not
// taken from the face's own /Schemas, so that a test cannot agree with a
// mistake of the face) and the message formats of RFC 7644 (list, error).
package scimtest

import (
	"embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

//go:embed rfc7643/*.json
var files embed.FS

// attribute is RFC 7643 §7's attribute description, as the schemas hold it.
type attribute struct {
	Name            string      `json:"name"`
	Type            string      `json:"type"`
	MultiValued     bool        `json:"multiValued"`
	Required        bool        `json:"required"`
	CanonicalValues []string    `json:"canonicalValues"`
	Returned        string      `json:"returned"`
	ReferenceTypes  []string    `json:"referenceTypes"`
	SubAttributes   []attribute `json:"subAttributes"`
}

type schema struct {
	ID         string      `json:"id"`
	Name       string      `json:"name"`
	Attributes []attribute `json:"attributes"`
}

// The URNs of RFC 7644's messages.
const (
	listURN  = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
	errorURN = "urn:ietf:params:scim:api:messages:2.0:Error"
)

// coreResources are the resource schemas a resource's schemas may start
// with; the others are extensions.
var coreResources = map[string]bool{
	"urn:ietf:params:scim:schemas:core:2.0:User":                  true,
	"urn:ietf:params:scim:schemas:core:2.0:Group":                 true,
	"urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig": true,
	"urn:ietf:params:scim:schemas:core:2.0:ResourceType":          true,
	"urn:ietf:params:scim:schemas:core:2.0:Schema":                true,
}

// closed are the attributes whose canonicalValues are the only values the
// RFC allows (elsewhere they are suggestions), by schema name and path.
var closed = map[string]bool{
	"Schema.attributes.type": true, "Schema.attributes.mutability": true, "Schema.attributes.returned": true,
	"Schema.attributes.uniqueness": true, "Schema.attributes.subAttributes.type": true,
	"Schema.attributes.subAttributes.mutability": true, "Schema.attributes.subAttributes.returned": true,
	"Schema.attributes.subAttributes.uniqueness": true, "Service Provider Configuration.authenticationSchemes.type": true,
	"Group.members.type": true, "User.groups.type": true,
}

// scimTypes are RFC 7644 §3.12's keywords and IBM Security Verify's
// password keywords, the only scimType values an error may carry.
var scimTypes = []string{"invalidFilter", "tooMany", "uniqueness", "mutability", "invalidSyntax", "invalidPath",
	"noTarget", "invalidValue", "invalidVers", "sensitive",
	"PWD_TOO_SHORT", "PWD_MIN_OTHERS_FAILED", "PWD_MAX_REPEATED_FAILED", "PWD_MIN_ALPHA_FAILED",
	"PWD_MAX_CONSECUTIVE_REPEATED_CHARS_FAILED", "PWD_IN_HISTORY", "PWD_TOO_YOUNG", "ACCOUNT_LOCKED", "PWD_EXPIRED",
	"INVALID_CREDS", "ACCOUNT_NOT_ACTIVE", "PWD_IN_DICTIONARY", "PWD_IN_GLOBAL_DICTIONARY", "FAILURE_UNKNOWN"}

// meta is the common attribute meta (RFC 7643 §3.1).
var meta = attribute{Name: "meta", Type: "complex", SubAttributes: []attribute{
	{Name: "resourceType", Type: "string"}, {Name: "created", Type: "dateTime"}, {Name: "lastModified", Type: "dateTime"},
	{Name: "location", Type: "reference", ReferenceTypes: []string{"uri"}}, {Name: "version", Type: "string"}}}

// Validator holds the RFC schemas.
type Validator struct {
	schemas map[string]*schema
}

// New loads the schemas.
func New() (*Validator, error) {
	v := &Validator{schemas: map[string]*schema{}}
	entries, err := files.ReadDir("rfc7643")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		raw, err := files.ReadFile("rfc7643/" + e.Name())
		if err != nil {
			return nil, err
		}
		var s schema
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
		v.schemas[s.ID] = &s
	}
	return v, nil
}

// Options say what an answer may leave out.
type Options struct {
	// Partial allows required attributes to be absent, for an answer to a
	// request with attributes or excludedAttributes.
	Partial bool
}

// Validate checks one SCIM answer body: an error, a list or a resource.
func (v *Validator) Validate(body []byte, opt Options) error {
	var doc map[string]any
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return fmt.Errorf("not a JSON object: %w", err)
	}
	urns, err := schemasOf(doc)
	if err != nil {
		return err
	}
	switch {
	case slices.Contains(urns, errorURN):
		return checkError(doc, urns)
	case slices.Contains(urns, listURN):
		return v.checkList(doc, urns, opt)
	}
	return v.checkResource(doc, urns, opt)
}

func schemasOf(doc map[string]any) ([]string, error) {
	raw, ok := doc["schemas"].([]any)
	if !ok || len(raw) == 0 {
		return nil, fmt.Errorf("schemas must be a non-empty array of URNs: %v", doc["schemas"])
	}
	var out []string
	for _, s := range raw {
		str, ok := s.(string)
		if !ok || str == "" {
			return nil, fmt.Errorf("schemas holds %v, not a URN", s)
		}
		if slices.Contains(out, str) {
			return nil, fmt.Errorf("schemas lists %s twice", str)
		}
		out = append(out, str)
	}
	return out, nil
}

// checkError checks RFC 7644 §3.12's error body: status a string of the
// HTTP status, scimType a keyword, detail a string, nothing else.
func checkError(doc map[string]any, urns []string) error {
	if len(urns) != 1 {
		return fmt.Errorf("an error's schemas is only %s: %v", errorURN, urns)
	}
	status, ok := doc["status"].(string)
	if n, err := strconv.Atoi(status); !ok || err != nil || n < 300 || n > 599 {
		return fmt.Errorf("error status must be an HTTP status as a string: %#v", doc["status"])
	}
	for k, x := range doc {
		switch k {
		case "schemas", "status":
		case "scimType":
			if s, _ := x.(string); !slices.Contains(scimTypes, s) {
				return fmt.Errorf("scimType %#v is no RFC 7644 (or IBM) keyword", x)
			}
		case "detail":
			if _, ok := x.(string); !ok {
				return fmt.Errorf("detail must be a string: %#v", x)
			}
		default:
			return fmt.Errorf("an error has no member %q", k)
		}
	}
	return nil
}

// checkList checks RFC 7644 §3.4.2's list and every resource in it.
func (v *Validator) checkList(doc map[string]any, urns []string, opt Options) error {
	if len(urns) != 1 {
		return fmt.Errorf("a list's schemas is only %s: %v", listURN, urns)
	}
	total, err := integer(doc["totalResults"])
	if err != nil {
		return fmt.Errorf("totalResults: %w", err)
	}
	for _, k := range []string{"startIndex", "itemsPerPage"} {
		if x, ok := doc[k]; ok {
			if _, err := integer(x); err != nil {
				return fmt.Errorf("%s: %w", k, err)
			}
		}
	}
	res, ok := doc["Resources"].([]any)
	if _, present := doc["Resources"]; present && !ok {
		return fmt.Errorf("Resources must be an array")
	}
	if total > 0 && !ok {
		return fmt.Errorf("Resources is required when totalResults (%d) is not 0", total)
	}
	if int64(len(res)) > total {
		return fmt.Errorf("%d Resources but totalResults %d", len(res), total)
	}
	if n, err := integer(doc["itemsPerPage"]); err == nil && n != int64(len(res)) {
		return fmt.Errorf("itemsPerPage %d but %d Resources", n, len(res))
	}
	for k := range doc {
		if !slices.Contains([]string{"schemas", "totalResults", "startIndex", "itemsPerPage", "Resources"}, k) {
			return fmt.Errorf("a list has no member %q", k)
		}
	}
	for i, r := range res {
		m, ok := r.(map[string]any)
		if !ok {
			return fmt.Errorf("Resources[%d] is not an object", i)
		}
		urns, err := schemasOf(m)
		if err == nil {
			err = v.checkResource(m, urns, opt)
		}
		if err != nil {
			return fmt.Errorf("Resources[%d]: %w", i, err)
		}
	}
	return nil
}

func (v *Validator) checkResource(doc map[string]any, urns []string, opt Options) error {
	core := v.schemas[urns[0]]
	if core == nil || !coreResources[urns[0]] {
		return fmt.Errorf("schemas must start with a core resource schema of RFC 7643: %v", urns)
	}
	for _, u := range urns[1:] {
		if coreResources[u] {
			return fmt.Errorf("schemas lists two core schemas: %v", urns)
		}
	}
	for k, x := range doc {
		switch {
		case k == "schemas":
		case k == "id" || k == "externalId":
			if s, ok := x.(string); !ok || s == "" || (k == "id" && s == "bulkId") {
				return fmt.Errorf("%s must be a non-empty string: %#v", k, x)
			}
		case k == "meta":
			if err := v.checkValue(core.Name, meta, x, "meta"); err != nil {
				return err
			}
		case strings.HasPrefix(k, "urn:"):
			if !slices.Contains(urns[1:], k) {
				return fmt.Errorf("extension %s is present but not listed in schemas", k)
			}
			m, ok := x.(map[string]any)
			if !ok {
				return fmt.Errorf("extension %s must be an object", k)
			}
			if ext := v.schemas[k]; ext != nil {
				if err := v.checkAttributes(ext, m, opt, k); err != nil {
					return err
				}
			}
		default:
			a := find(core.Attributes, k)
			if a == nil {
				return fmt.Errorf("%s has no attribute %q", core.Name, k)
			}
			if err := v.checkValue(core.Name, *a, x, a.Name); err != nil {
				return err
			}
		}
	}
	if _, ok := doc["id"]; !ok && urns[0] != "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig" {
		if core.Name == "User" || core.Name == "Group" {
			return fmt.Errorf("a %s has no id", core.Name)
		}
	}
	if m, ok := doc["meta"].(map[string]any); ok && (core.Name == "User" || core.Name == "Group") {
		if m["resourceType"] != core.Name {
			return fmt.Errorf("meta.resourceType %v for a %s", m["resourceType"], core.Name)
		}
	}
	core2 := map[string]any{}
	for k, x := range doc {
		if !strings.HasPrefix(k, "urn:") {
			core2[k] = x
		}
	}
	return v.checkRequired(core, core2, opt)
}

// checkAttributes checks an extension's object.
func (v *Validator) checkAttributes(s *schema, m map[string]any, opt Options, path string) error {
	for k, x := range m {
		a := find(s.Attributes, k)
		if a == nil {
			return fmt.Errorf("%s has no attribute %q", s.ID, k)
		}
		if err := v.checkValue(s.Name, *a, x, path+":"+a.Name); err != nil {
			return err
		}
	}
	return v.checkRequired(s, m, opt)
}

func (v *Validator) checkRequired(s *schema, m map[string]any, opt Options) error {
	if opt.Partial {
		return nil
	}
	for _, a := range s.Attributes {
		if a.Required && a.Returned != "never" && find2(m, a.Name) == nil {
			return fmt.Errorf("%s: required attribute %s is missing", s.Name, a.Name)
		}
	}
	return nil
}

func find(list []attribute, name string) *attribute {
	for i := range list {
		if strings.EqualFold(list[i].Name, name) {
			return &list[i]
		}
	}
	return nil
}

func find2(m map[string]any, name string) any {
	for k, x := range m {
		if strings.EqualFold(k, name) {
			return x
		}
	}
	return nil
}

// checkValue checks x as a value of a; path is for messages and, with the
// schema's name, picks the closed enumerations.
func (v *Validator) checkValue(schemaName string, a attribute, x any, path string) error {
	if a.Returned == "never" {
		return fmt.Errorf("%s is never returned (returned: never), yet it is", path)
	}
	if x == nil {
		return fmt.Errorf("%s is null: an unassigned attribute is left out", path)
	}
	if a.MultiValued {
		list, ok := x.([]any)
		if !ok {
			return fmt.Errorf("%s is multi-valued: it must be an array, not %T", path, x)
		}
		primaries := 0
		for i, el := range list {
			if m, ok := el.(map[string]any); ok && m["primary"] == true {
				primaries++
			}
			if err := v.checkOne(schemaName, a, el, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		if primaries > 1 {
			return fmt.Errorf("%s has %d primary values; at most one may be", path, primaries)
		}
		return nil
	}
	return v.checkOne(schemaName, a, x, path)
}

func (v *Validator) checkOne(schemaName string, a attribute, x any, path string) error {
	bad := func(want string) error { return fmt.Errorf("%s (%s) must be %s, not %#v", path, a.Type, want, x) }
	switch a.Type {
	case "complex":
		m, ok := x.(map[string]any)
		if !ok {
			return bad("an object")
		}
		for k, sx := range m {
			sa := find(a.SubAttributes, k)
			if sa == nil {
				return fmt.Errorf("%s has no sub-attribute %q", path, k)
			}
			if err := v.checkValue(schemaName, *sa, sx, path+"."+sa.Name); err != nil {
				return err
			}
		}
		for _, sa := range a.SubAttributes {
			if sa.Required && find2(m, sa.Name) == nil {
				return fmt.Errorf("%s: required sub-attribute %s is missing", path, sa.Name)
			}
		}
		return nil
	case "boolean":
		if _, ok := x.(bool); !ok {
			return bad("true or false")
		}
	case "integer":
		if _, err := integer(x); err != nil {
			return bad("an integer")
		}
	case "decimal":
		n, ok := x.(json.Number)
		if f, err := n.Float64(); !ok || err != nil || math.IsInf(f, 0) {
			return bad("a number")
		}
	case "dateTime":
		s, ok := x.(string)
		if _, err := time.Parse(time.RFC3339Nano, s); !ok || err != nil {
			return bad("an xsd:dateTime")
		}
	case "binary":
		s, ok := x.(string)
		if _, err := base64.StdEncoding.DecodeString(s); !ok || err != nil {
			return bad("base64")
		}
	case "reference":
		s, ok := x.(string)
		if !ok {
			return bad("a string")
		}
		u, err := url.Parse(s)
		if err != nil {
			return bad("a URI")
		}
		if slices.Contains(a.ReferenceTypes, "external") && (!u.IsAbs() || u.Host == "") {
			return bad("an absolute URL (an external reference)")
		}
	default:
		s, ok := x.(string)
		if !ok {
			return bad("a string")
		}
		key := schemaName + "." + strings.Join(strings.FieldsFunc(trimIndexes(path), func(r rune) bool { return r == '.' }), ".")
		if closed[key] && !slices.Contains(a.CanonicalValues, s) {
			return fmt.Errorf("%s must be one of %v, not %q", path, a.CanonicalValues, s)
		}
	}
	return nil
}

// trimIndexes removes "[n]" from a path.
func trimIndexes(p string) string {
	var b strings.Builder
	skip := false
	for _, r := range p {
		switch {
		case r == '[':
			skip = true
		case r == ']':
			skip = false
		case !skip:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func integer(x any) (int64, error) {
	n, ok := x.(json.Number)
	if !ok {
		return 0, fmt.Errorf("%#v is not a number", x)
	}
	return n.Int64()
}

// MustValidate fails t when body is not a valid SCIM answer.
func MustValidate(t testing.TB, body []byte, opt Options) {
	t.Helper()
	v, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Validate(body, opt); err != nil {
		t.Fatalf("SCIM answer breaks RFC 7643/7644: %v\n%s", err, body)
	}
}
