package scim

import (
	"encoding/json"
	"strings"

	"github.com/watchword/watchword/internal/fault"
)

// Resource is a SCIM resource as JSON: the map of its members, named as the
// schema names them once Normalize has read it. The generic helpers
// (filter, PATCH, projection) work on it, so that every resource type
// shares them; each endpoint converts its own type to and from it.
type Resource = map[string]any

// ToResource returns v (a wire struct) as a Resource.
func ToResource(v any) Resource {
	raw, err := json.Marshal(v)
	if err != nil {
		return Resource{}
	}
	var out Resource
	_ = json.Unmarshal(raw, &out)
	return out
}

// Normalize reads a client's resource body for rt: member names take the
// schema's case, values its types (a boolean sent as "False" is false, one
// value sent for a multi-valued attribute is a list of one), readOnly
// members and those the type ignores are dropped; "schemas" is kept.
// Errors: Invalid (scim.value, invalidValue) for a value of the wrong type;
// (scim.path, invalidPath) for a member the type does not have.
func Normalize(rt *ResourceType, body map[string]any) (Resource, error) {
	out := Resource{}
	for k, v := range body {
		if strings.EqualFold(k, "schemas") {
			out["schemas"] = v
			continue
		}
		if ext := rt.extension(k); ext != nil {
			m, ok := v.(map[string]any)
			if !ok && v != nil {
				return nil, errValue(k, "an object")
			}
			inner := Resource{}
			for ik, iv := range m {
				if err := setNormalized(rt, inner, ext.Schema.ID, ik, iv); err != nil {
					return nil, err
				}
			}
			if len(inner) > 0 {
				out[ext.Schema.ID] = inner
			}
			continue
		}
		if err := setNormalized(rt, out, "", k, v); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// setNormalized sets member name (of extension urn when set) in dst.
func setNormalized(rt *ResourceType, dst Resource, urn, name string, v any) error {
	ref, err := rt.resolve(urn, name, "")
	if err != nil {
		if rt.ignored(urn, name) || (urn == "" && rt.ignored(extURN(name))) {
			return nil
		}
		return err
	}
	if ref.Attr.Mutability == "readOnly" {
		return nil
	}
	cv, err := coerce(ref.Attr, v, true, ref.String())
	if err != nil || cv == nil {
		return err
	}
	dst[ref.Attr.Name] = cv
	return nil
}

// extURN splits "urn:…:User:attr" into the URN and attribute, for ignored
// checks of URN-qualified names.
func extURN(name string) (string, string) {
	i := strings.LastIndex(name, ":")
	if i < 0 {
		return "", name
	}
	return name[:i], name[i+1:]
}

// coerce reads v as a value of a; multi allows a list for a multi-valued
// attribute. Complex values get canonical sub-attribute names.
func coerce(a *Attribute, v any, multi bool, path string) (any, error) {
	if v == nil {
		return nil, nil
	}
	if a.MultiValued && multi {
		list, ok := v.([]any)
		if !ok {
			list = []any{v}
		}
		out := make([]any, 0, len(list))
		for _, el := range list {
			cv, err := coerce(a, el, false, path)
			if err != nil {
				return nil, err
			}
			if cv != nil {
				out = append(out, cv)
			}
		}
		return out, nil
	}
	switch a.Type {
	case "complex":
		m, ok := v.(map[string]any)
		if !ok {
			return nil, errValue(path, "an object")
		}
		out := map[string]any{}
		for k, sv := range m {
			sa := a.sub(k)
			if sa == nil {
				continue // a sub-attribute the schema lacks: not kept
			}
			cv, err := coerce(sa, sv, true, path+"."+sa.Name)
			if err != nil {
				return nil, err
			}
			if cv != nil {
				out[sa.Name] = cv
			}
		}
		return out, nil
	case "boolean":
		b, ok := boolValue(v)
		if !ok {
			return nil, errValue(path, "a boolean")
		}
		return b, nil
	case "integer", "decimal":
		if _, ok := number(v); !ok {
			return nil, errValue(path, "a number")
		}
		return v, nil
	}
	s, ok := v.(string)
	if !ok {
		return nil, errValue(path, "a string")
	}
	return s, nil
}

func errValue(path, want string) error {
	return fault.Newf(fault.Invalid, "scim.value", "%s must be %s", path, want).WithField(path)
}

// StringAt returns the string member name of res ("" when absent).
func StringAt(res Resource, name string) string {
	s, _ := res[name].(string)
	return s
}

// primaryValue returns the "value" of the element of a multi-valued
// attribute marked primary, else of the first one of typ (any type when
// typ is empty), else of the first one; "" when none.
func primaryValue(res Resource, name, typ string) string {
	list, _ := res[name].([]any)
	pick := func(ok func(map[string]any) bool) string {
		for _, el := range list {
			if m, isMap := el.(map[string]any); isMap && ok(m) {
				if s, _ := m["value"].(string); s != "" {
					return s
				}
			}
		}
		return ""
	}
	if s := pick(func(m map[string]any) bool { b, _ := m["primary"].(bool); return b }); s != "" {
		return s
	}
	if typ != "" {
		if s := pick(func(m map[string]any) bool { t, _ := m["type"].(string); return strings.EqualFold(t, typ) }); s != "" {
			return s
		}
	}
	return pick(func(map[string]any) bool { return true })
}
