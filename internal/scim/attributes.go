package scim

import (
	"net/url"
	"strings"

	filter "github.com/scim2/filter-parser/v2"
)

// Projection is what the attributes and excludedAttributes parameters
// (RFC 7644 §3.9) ask of every resource in an answer. The zero value asks
// for the default set.
type Projection struct {
	attributes []selector // only these (and "always" ones), when set
	excluded   []selector
	set        bool // attributes was given
}

// selector is one attribute path of either parameter: an attribute, one of
// its sub-attributes, or a whole extension (name empty).
type selector struct {
	urn       string // "" for core and common attributes
	name, sub string // canonical names
}

// ParseProjection reads the attributes and excludedAttributes parameters
// of q (comma-separated attribute paths, URN-qualified or not, any case).
// Names the type does not have select nothing.
func ParseProjection(rt *ResourceType, q url.Values) Projection {
	var p Projection
	if v := q.Get("attributes"); v != "" {
		p.attributes, p.set = parseSelectors(rt, v), true
	}
	if v := q.Get("excludedAttributes"); v != "" {
		p.excluded = parseSelectors(rt, v)
	}
	return p
}

func parseSelectors(rt *ResourceType, list string) []selector {
	var out []selector
	for _, raw := range strings.Split(list, ",") {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			continue
		}
		if ext := rt.extension(raw); ext != nil {
			out = append(out, selector{urn: ext.Schema.ID})
			continue
		}
		p, err := filter.ParseAttrPath([]byte(raw))
		if err != nil {
			continue
		}
		ref, err := rt.resolve(p.URI(), p.AttributeName, p.SubAttributeName())
		if err != nil {
			continue
		}
		s := selector{urn: ref.URN, name: ref.Attr.Name}
		if ref.Sub != nil {
			s.sub = ref.Sub.Name
		}
		out = append(out, s)
	}
	return out
}

// Apply returns res, a resource of rt with canonical member names, as the
// projection shows it: "always" attributes (id, schemas) whatever is asked;
// "never" ones never; "request" ones only when asked for; with attributes
// given, only what it names; otherwise all "default" ones but those
// excludedAttributes names. schemas keeps the URNs of the extensions left.
func (p Projection) Apply(rt *ResourceType, res map[string]any) map[string]any {
	out := map[string]any{}
	p.copyAttributes(res, out, "", append(append([]Attribute{}, commonAttributes...), rt.Schema.Attributes...))
	schemas := []any{rt.Schema.ID}
	for _, e := range rt.Extensions {
		src, _ := res[e.Schema.ID].(map[string]any)
		if src == nil {
			continue
		}
		dst := map[string]any{}
		p.copyAttributes(src, dst, e.Schema.ID, e.Schema.Attributes)
		if len(dst) > 0 {
			out[e.Schema.ID] = dst
			schemas = append(schemas, e.Schema.ID)
		}
	}
	out["schemas"] = schemas
	return out
}

func (p Projection) copyAttributes(src, dst map[string]any, urn string, attrs []Attribute) {
	for i := range attrs {
		a := &attrs[i]
		v, ok := src[a.Name]
		if !ok || a.Returned == "never" {
			continue
		}
		if a.Returned == "always" {
			dst[a.Name] = v
			continue
		}
		whole, subs := p.wanted(urn, a)
		switch {
		case whole:
			dst[a.Name] = p.dropExcludedSubs(urn, a, v)
		case len(subs) > 0 && a.Type == "complex":
			if pv := keepSubs(a, v, subs); pv != nil {
				dst[a.Name] = pv
			}
		}
	}
}

// wanted says whether attribute a is shown whole, or which of its
// sub-attributes are.
func (p Projection) wanted(urn string, a *Attribute) (whole bool, subs []string) {
	if p.set {
		for _, s := range p.attributes {
			if s.urn != urn || (s.name != "" && s.name != a.Name) {
				continue
			}
			if s.name == "" || s.sub == "" {
				return true, nil
			}
			subs = append(subs, s.sub)
		}
		return false, subs
	}
	if a.Returned == "request" {
		return false, nil
	}
	for _, s := range p.excluded {
		if s.urn == urn && (s.name == "" || (s.name == a.Name && s.sub == "")) {
			return false, nil
		}
	}
	return true, nil
}

// dropExcludedSubs removes from v the sub-attributes excludedAttributes
// names ("emails.type").
func (p Projection) dropExcludedSubs(urn string, a *Attribute, v any) any {
	if p.set || a.Type != "complex" {
		return v
	}
	var drop []string
	for _, s := range p.excluded {
		if s.urn == urn && s.name == a.Name && s.sub != "" {
			drop = append(drop, s.sub)
		}
	}
	if len(drop) == 0 {
		return v
	}
	var keep []string
	for _, sa := range a.SubAttributes {
		if !containsFold(drop, sa.Name) {
			keep = append(keep, sa.Name)
		}
	}
	return keepSubs(a, v, keep)
}

// keepSubs returns v (a complex value or an array of them) with only the
// named sub-attributes and those returned always; nil when nothing is left.
func keepSubs(a *Attribute, v any, subs []string) any {
	one := func(m map[string]any) map[string]any {
		out := map[string]any{}
		for _, sa := range a.SubAttributes {
			if x, ok := m[sa.Name]; ok && (sa.Returned == "always" || containsFold(subs, sa.Name)) && sa.Returned != "never" {
				out[sa.Name] = x
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	}
	switch x := v.(type) {
	case map[string]any:
		if m := one(x); m != nil {
			return m
		}
	case []any:
		var out []any
		for _, el := range x {
			if m, ok := el.(map[string]any); ok {
				if pm := one(m); pm != nil {
					out = append(out, pm)
				}
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// Wants reports whether the projection shows attribute name (of extension
// urn, "" for the core schema) at all, so that an endpoint can skip
// reading what no one asked for (a user's groups, a group's members).
func (p Projection) Wants(rt *ResourceType, urn, name string) bool {
	list := rt.Schema.Attributes
	if urn != "" {
		ext := rt.extension(urn)
		if ext == nil {
			return false
		}
		list = ext.Schema.Attributes
	}
	a := findAttribute(list, name)
	if a == nil {
		return false
	}
	if a.Returned == "always" {
		return true
	}
	if a.Returned == "never" {
		return false
	}
	whole, subs := p.wanted(urn, a)
	return whole || len(subs) > 0
}
