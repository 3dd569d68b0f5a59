package scim

import (
	"strings"

	"github.com/watchword/watchword/internal/fault"
)

// Attribute describes one attribute of a SCIM schema as RFC 7643 §7
// represents it. The same value is served at /Schemas and read by the
// filter, PATCH and projection helpers, so what the face advertises is what
// it does: a caseExact attribute is compared exactly, a readOnly one is not
// written, a returned:never one is never answered.
type Attribute struct {
	Name            string      `json:"name"`
	Type            string      `json:"type"` // string boolean decimal integer dateTime reference complex binary
	SubAttributes   []Attribute `json:"subAttributes,omitempty"`
	MultiValued     bool        `json:"multiValued"`
	Description     string      `json:"description"`
	Required        bool        `json:"required"`
	CanonicalValues []string    `json:"canonicalValues,omitempty"`
	CaseExact       bool        `json:"caseExact"`
	Mutability      string      `json:"mutability"` // readOnly readWrite immutable writeOnly
	Returned        string      `json:"returned"`   // always never default request
	Uniqueness      string      `json:"uniqueness"` // none server global
	ReferenceTypes  []string    `json:"referenceTypes,omitempty"`
}

// sub returns the sub-attribute called name (any case), nil when none.
func (a *Attribute) sub(name string) *Attribute {
	return findAttribute(a.SubAttributes, name)
}

// Schema is a SCIM schema (RFC 7643 §7): its URN and attributes.
type Schema struct {
	ID          string
	Name        string
	Description string
	Attributes  []Attribute
}

// Extension is a schema extension of a resource type, and whether a
// resource must carry it.
type Extension struct {
	Schema   *Schema
	Required bool
}

// ResourceType is a kind of resource a SCIM endpoint serves (RFC 7643 §6):
// its core schema and extensions. The helpers resolve attribute paths
// through it: a core attribute sits at the top of a resource, an extension
// attribute in the object keyed by the extension's URN.
type ResourceType struct {
	Name        string
	Endpoint    string // e.g. "/Users"
	Description string
	Schema      *Schema
	Extensions  []Extension
	// Ignored lists attributes a client may send that the face accepts and
	// does not keep (RFC 7643 attributes of the core schema or of a known
	// extension, by lower-cased full path: "name", "title",
	// "urn:…:enterprise:2.0:user"), so that a connector sending its usual
	// profile is not refused; anything else unknown is invalidPath.
	Ignored []string
}

// The attributes every resource has (RFC 7643 §3.1), outside any schema.
var commonAttributes = []Attribute{
	{Name: "id", Type: "string", CaseExact: true, Mutability: "readOnly", Returned: "always", Uniqueness: "server"},
	{Name: "externalId", Type: "string", CaseExact: true, Mutability: "readWrite", Returned: "default", Uniqueness: "none"},
	{Name: "meta", Type: "complex", Mutability: "readOnly", Returned: "default", Uniqueness: "none", SubAttributes: []Attribute{
		{Name: "resourceType", Type: "string", CaseExact: true, Mutability: "readOnly", Returned: "default", Uniqueness: "none"},
		{Name: "created", Type: "dateTime", Mutability: "readOnly", Returned: "default", Uniqueness: "none"},
		{Name: "lastModified", Type: "dateTime", Mutability: "readOnly", Returned: "default", Uniqueness: "none"},
		{Name: "location", Type: "reference", CaseExact: true, Mutability: "readOnly", Returned: "default", Uniqueness: "none", ReferenceTypes: []string{"uri"}},
		{Name: "version", Type: "string", CaseExact: true, Mutability: "readOnly", Returned: "default", Uniqueness: "none"},
	}},
}

// schemasAttribute is the "schemas" member every resource carries; always returned.
var schemasAttribute = Attribute{Name: "schemas", Type: "reference", MultiValued: true, CaseExact: true,
	Mutability: "readOnly", Returned: "always", Uniqueness: "none", ReferenceTypes: []string{"uri"}}

func findAttribute(list []Attribute, name string) *Attribute {
	for i := range list {
		if strings.EqualFold(list[i].Name, name) {
			return &list[i]
		}
	}
	return nil
}

// attrRef is an attribute path resolved against a resource type: the
// schema it belongs to ("" for the core schema and the common attributes),
// the attribute and, for "name.givenName", the sub-attribute.
type attrRef struct {
	URN  string // extension URN, "" for core and common attributes
	Attr *Attribute
	Sub  *Attribute // nil when the path names the whole attribute
}

// key returns the member of the resource that holds the attribute: the
// canonical name, under the extension's object when URN is set.
func (r attrRef) String() string {
	s := r.Attr.Name
	if r.URN != "" {
		s = r.URN + ":" + s
	}
	if r.Sub != nil {
		s += "." + r.Sub.Name
	}
	return s
}

// leaf is the attribute the path ends at.
func (r attrRef) leaf() *Attribute {
	if r.Sub != nil {
		return r.Sub
	}
	return r.Attr
}

// extension returns the extension whose URN is urn (any case), nil when none.
func (rt *ResourceType) extension(urn string) *Extension {
	for i := range rt.Extensions {
		if strings.EqualFold(rt.Extensions[i].Schema.ID, urn) {
			return &rt.Extensions[i]
		}
	}
	return nil
}

// schemaURNs lists the resource type's schema URNs, core first.
func (rt *ResourceType) schemaURNs() []string {
	out := []string{rt.Schema.ID}
	for _, e := range rt.Extensions {
		out = append(out, e.Schema.ID)
	}
	return out
}

// resolve finds the attribute that uri (an extension or core URN, or ""),
// name and sub name, matched without regard to case (RFC 7643 §2.1).
// Errors: Invalid (scim.path) for an attribute the type does not have.
func (rt *ResourceType) resolve(uri, name, sub string) (attrRef, error) {
	var ref attrRef
	var list []Attribute
	switch {
	case uri == "" || strings.EqualFold(uri, rt.Schema.ID):
		list = rt.Schema.Attributes
		if a := findAttribute(commonAttributes, name); a != nil && uri == "" {
			ref.Attr = a
		}
	default:
		ext := rt.extension(uri)
		if ext == nil {
			return ref, errUnknownAttribute(uri + ":" + name)
		}
		ref.URN, list = ext.Schema.ID, ext.Schema.Attributes
	}
	if ref.Attr == nil {
		ref.Attr = findAttribute(list, name)
	}
	if ref.Attr == nil && strings.EqualFold(name, "schemas") && uri == "" {
		ref.Attr = &schemasAttribute
	}
	if ref.Attr == nil {
		full := name
		if uri != "" {
			full = uri + ":" + name
		}
		return ref, errUnknownAttribute(full)
	}
	if sub != "" {
		if ref.Sub = ref.Attr.sub(sub); ref.Sub == nil {
			return ref, errUnknownAttribute(ref.Attr.Name + "." + sub)
		}
	}
	return ref, nil
}

// ignored reports whether a client's attribute path (core name, URN-prefixed
// name, or a whole extension URN) is one the type accepts and does not keep.
func (rt *ResourceType) ignored(uri, name string) bool {
	for _, ig := range rt.Ignored {
		if uri != "" && (strings.EqualFold(ig, uri) || strings.EqualFold(ig, uri+":"+name)) {
			return true
		}
		if uri == "" || strings.EqualFold(uri, rt.Schema.ID) {
			if strings.EqualFold(ig, name) {
				return true
			}
		}
	}
	return false
}

func errUnknownAttribute(path string) error {
	return fault.Newf(fault.Invalid, "scim.path", "no attribute %q", path).WithField(path)
}
