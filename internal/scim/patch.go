package scim

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"

	filter "github.com/scim2/filter-parser/v2"

	"github.com/watchword/watchword/internal/fault"
)

// patchSchema is the URN of a PATCH body.
const patchSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

// maxPatchOperations bounds one PATCH body's operations.
const maxPatchOperations = 1000

// PatchRequest is RFC 7644 §3.5.2's body. encoding/json matches member
// names in any case, so IBM's "operations" reads as "Operations".
type PatchRequest struct {
	Schemas    []string         `json:"schemas"`
	Operations []PatchOperation `json:"Operations"`
}

// PatchOperation is one operation of a PATCH body. Op is read in any case
// ("Replace", as Entra ID sends it).
type PatchOperation struct {
	Op    string `json:"op"`
	Path  string `json:"path"`
	Value any    `json:"value"`
}

// Patch is a PATCH body checked against a resource type, ready to apply.
type Patch struct {
	rt  *ResourceType
	ops []patchOp
}

type patchOp struct {
	op    string // add replace remove
	t     *target
	value any
}

// target is where an operation's path points.
type target struct {
	ref   attrRef
	ext   *Extension        // the path names a whole extension
	where filter.Expression // a value filter: emails[type eq "work"]
	sub   *Attribute        // the sub-attribute after a value filter
	skip  bool              // an attribute the type accepts and does not keep
}

// ParsePatch checks a PATCH body for rt.
// Errors: Invalid with scimType invalidValue (scim.schemas: the PatchOp URN
// missing; scim.patch_op: an op other than add, replace, remove),
// invalidPath (scim.path: a path that does not parse or names nothing),
// noTarget (scim.no_target: remove without a path), invalidFilter
// (scim.filter), mutability (scim.mutability: a path to a read-only
// attribute).
func ParsePatch(rt *ResourceType, req PatchRequest) (*Patch, error) {
	if !containsFold(req.Schemas, patchSchema) {
		return nil, fault.Newf(fault.Invalid, "scim.schemas", "schemas must be [%q]", patchSchema).WithField("schemas")
	}
	if len(req.Operations) == 0 || len(req.Operations) > maxPatchOperations {
		return nil, fault.New(fault.Invalid, "scim.patch_op", "Operations must hold 1 to 1000 operations").WithField("Operations")
	}
	p := &Patch{rt: rt}
	for _, o := range req.Operations {
		op := strings.ToLower(strings.TrimSpace(o.Op))
		if op != "add" && op != "replace" && op != "remove" {
			return nil, fault.Newf(fault.Invalid, "scim.patch_op", "op %q is not add, replace or remove", o.Op).WithField("op")
		}
		po := patchOp{op: op, value: o.Value}
		if strings.TrimSpace(o.Path) == "" {
			if op == "remove" {
				return nil, fault.New(fault.Invalid, "scim.no_target", "remove needs a path").WithField("path")
			}
			if _, ok := o.Value.(map[string]any); !ok {
				return nil, errValue("value", "an object of attributes when there is no path")
			}
		} else {
			t, err := rt.target(o.Path)
			if err != nil {
				return nil, err
			}
			po.t = t
		}
		p.ops = append(p.ops, po)
	}
	return p, nil
}

// spaceBeforeQuote finds a comparison operator written against its quoted
// value.
var spaceBeforeQuote = regexp.MustCompile(`(?i)( (?:eq|ne|co|sw|ew|gt|ge|lt|le))"`)

// target parses a PATCH path.
func (rt *ResourceType) target(path string) (*target, error) {
	path = strings.TrimSpace(path)
	if ext := rt.extension(path); ext != nil {
		return &target{ext: ext}, nil
	}
	p, err := filter.ParsePath([]byte(path))
	if err != nil {
		// RFC 7644 §3.5.2.2's own example writes members[value eq"…"],
		// without the space its grammar requires.
		p, err = filter.ParsePath([]byte(spaceBeforeQuote.ReplaceAllString(path, `$1 "`)))
	}
	if err != nil {
		return nil, fault.Newf(fault.Invalid, "scim.path", "path %q does not parse", path).WithField("path")
	}
	ap := p.AttributePath
	ref, err := rt.resolve(ap.URI(), ap.AttributeName, ap.SubAttributeName())
	if err != nil {
		if rt.ignored(ap.URI(), ap.AttributeName) {
			return &target{skip: true}, nil
		}
		return nil, err
	}
	t := &target{ref: ref}
	if p.ValueExpression != nil {
		if ref.Sub != nil || ref.Attr.Type != "complex" || !ref.Attr.MultiValued {
			return nil, fault.Newf(fault.Invalid, "scim.path", "path %q filters an attribute that is not multi-valued complex", path).WithField("path")
		}
		f := &Filter{rt: rt}
		if err := f.check(p.ValueExpression, &ref); err != nil {
			return nil, err
		}
		t.where = p.ValueExpression
		if p.SubAttribute != nil {
			if t.sub = ref.Attr.sub(*p.SubAttribute); t.sub == nil {
				return nil, errUnknownAttribute(ref.Attr.Name + "." + *p.SubAttribute)
			}
		}
	}
	if ref.Attr.Mutability == "readOnly" || (ref.Sub != nil && ref.Sub.Mutability == "readOnly") ||
		(t.sub != nil && t.sub.Mutability == "readOnly") {
		return nil, fault.Newf(fault.Invalid, "scim.mutability", "%s is read-only", ref.String()).WithField("path")
	}
	return t, nil
}

// Apply applies the operations in order to res (a resource of the patch's
// type, with canonical member names), changing it in place. Apply it to a
// copy: an error leaves res half-changed, and the whole PATCH must then be
// refused (RFC 7644 §3.5.2: all or nothing).
// Errors: Invalid (scim.value: a value of the wrong type; scim.no_target: a
// value filter of replace or remove that matches nothing it can act on).
func (p *Patch) Apply(res Resource) error {
	for _, o := range p.ops {
		var err error
		if o.t == nil {
			err = p.applyPathless(res, o)
		} else {
			err = p.applyAt(res, o.op, o.t, o.value)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// applyPathless applies an add or replace whose value is an object of
// attributes; its keys are attribute paths ("name.givenName" and
// URN-qualified names too, as Entra ID sends), or extension URNs.
func (p *Patch) applyPathless(res Resource, o patchOp) error {
	m := o.value.(map[string]any)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys) // a stable order for keys naming the same attribute
	for _, k := range keys {
		if ext := p.rt.extension(k); ext != nil {
			inner, ok := m[k].(map[string]any)
			if !ok {
				return errValue(k, "an object")
			}
			for ik, iv := range inner {
				if err := p.applyKey(res, o.op, ext.Schema.ID+":"+ik, iv); err != nil {
					return err
				}
			}
			continue
		}
		if err := p.applyKey(res, o.op, k, m[k]); err != nil {
			return err
		}
	}
	return nil
}

func (p *Patch) applyKey(res Resource, op, key string, v any) error {
	t, err := p.rt.target(key)
	if fault.CodeOf(err) == "scim.mutability" {
		return nil // a read-only member of a whole resource sent back: not written
	}
	if err != nil {
		return err
	}
	return p.applyAt(res, op, t, v)
}

func (p *Patch) applyAt(res Resource, op string, t *target, v any) error {
	switch {
	case t.skip:
		return nil
	case t.ext != nil:
		return p.applyExtension(res, op, t.ext, v)
	case t.where != nil:
		return p.applyFiltered(res, op, t, v)
	}
	box := container(res, t.ref.URN, op != "remove")
	if box == nil {
		return nil
	}
	a := t.ref.Attr
	if t.ref.Sub != nil {
		return applySub(box, op, a, t.ref.Sub, v, t.ref.String())
	}
	if op == "remove" {
		if v != nil && a.MultiValued && a.Type == "complex" {
			return removeValues(box, a, v)
		}
		delete(box, a.Name)
		return nil
	}
	cv, err := coerce(a, v, true, t.ref.String())
	if err != nil {
		return err
	}
	switch {
	case cv == nil:
		delete(box, a.Name)
	case op == "add" && a.MultiValued:
		box[a.Name] = appendValues(a, box[a.Name], cv.([]any))
	case op == "add" && a.Type == "complex":
		merged, _ := box[a.Name].(map[string]any)
		if merged == nil {
			merged = map[string]any{}
		}
		for k, x := range cv.(map[string]any) {
			merged[k] = x
		}
		box[a.Name] = merged
	default:
		box[a.Name] = cv
	}
	return nil
}

// applySub sets or removes sub-attribute sa of single-valued complex a.
func applySub(box Resource, op string, a, sa *Attribute, v any, path string) error {
	m, _ := box[a.Name].(map[string]any)
	if op == "remove" {
		if m != nil {
			delete(m, sa.Name)
		}
		return nil
	}
	if a.MultiValued {
		// "emails.value" without a filter: every element (RFC 7644 §3.5.2.3).
		cv, err := coerce(sa, v, true, path)
		if err != nil {
			return err
		}
		for _, el := range elements(box[a.Name]) {
			if em, ok := el.(map[string]any); ok {
				em[sa.Name] = cv
			}
		}
		return nil
	}
	cv, err := coerce(sa, v, true, path)
	if err != nil {
		return err
	}
	if m == nil {
		m = map[string]any{}
		box[a.Name] = m
	}
	m[sa.Name] = cv
	return nil
}

func (p *Patch) applyExtension(res Resource, op string, ext *Extension, v any) error {
	if op == "remove" {
		delete(res, ext.Schema.ID)
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return errValue(ext.Schema.ID, "an object")
	}
	if op == "replace" {
		delete(res, ext.Schema.ID)
	}
	for k, x := range m {
		if err := p.applyKey(res, "add", ext.Schema.ID+":"+k, x); err != nil {
			return err
		}
	}
	return nil
}

// container returns the object holding the attributes of extension urn
// (res itself for the core schema), creating it when create is set.
func container(res Resource, urn string, create bool) Resource {
	if urn == "" {
		return res
	}
	m, _ := res[urn].(map[string]any)
	if m == nil && create {
		m = map[string]any{}
		res[urn] = m
	}
	return m
}

// appendValues adds values to a multi-valued attribute, leaving out those
// it holds already; a new primary value makes the others not primary.
func appendValues(a *Attribute, cur any, add []any) []any {
	out := elements(cur)
	for _, v := range add {
		if containsValue(out, v) {
			continue
		}
		if m, ok := v.(map[string]any); ok && a.Type == "complex" {
			if b, _ := m["primary"].(bool); b {
				for _, el := range out {
					if em, ok := el.(map[string]any); ok {
						delete(em, "primary")
					}
				}
			}
		}
		out = append(out, v)
	}
	return out
}

func containsValue(list []any, v any) bool {
	want, _ := json.Marshal(v)
	for _, x := range list {
		if got, _ := json.Marshal(x); string(got) == string(want) {
			return true
		}
	}
	return false
}

// removeValues removes from a multi-valued complex attribute the elements
// whose "value" is that of one of v's (Entra ID removes group members with
// {"op":"Remove","path":"members","value":[{"value":"…"}]}).
func removeValues(box Resource, a *Attribute, v any) error {
	cv, err := coerce(a, v, true, a.Name)
	if err != nil {
		return err
	}
	drop := map[string]bool{}
	for _, el := range cv.([]any) {
		if m, ok := el.(map[string]any); ok {
			if s, ok := m["value"].(string); ok {
				drop[s] = true
			}
		}
	}
	var keep []any
	for _, el := range elements(box[a.Name]) {
		if m, ok := el.(map[string]any); ok {
			if s, _ := m["value"].(string); drop[s] {
				continue
			}
		}
		keep = append(keep, el)
	}
	if len(keep) == 0 {
		delete(box, a.Name)
	} else {
		box[a.Name] = keep
	}
	return nil
}
