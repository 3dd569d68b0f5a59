package scim

import (
	filter "github.com/scim2/filter-parser/v2"

	"github.com/watchword/watchword/internal/fault"
)

// applyFiltered applies an operation whose path has a value filter
// (emails[type eq "work"].value, members[value eq "…"]) to the elements
// the filter matches. When none match, an add, or a replace of a
// sub-attribute through a filter of eq comparisons joined by and, creates
// the element the filter describes (Entra ID replaces
// emails[type eq "work"].value on a user without a work email and expects
// one); a remove of nothing is no error (the value is already gone); any
// other replace is noTarget (RFC 7644 §3.5.2.3).
func (p *Patch) applyFiltered(res Resource, op string, t *target, v any) error {
	box := container(res, t.ref.URN, op != "remove")
	if box == nil {
		return nil
	}
	a := t.ref.Attr
	f := &Filter{rt: p.rt}
	list := elements(box[a.Name])
	var keep []any
	matched := 0
	var value any
	if op != "remove" {
		var err error
		if t.sub != nil {
			value, err = coerce(t.sub, v, true, a.Name+"."+t.sub.Name)
		} else {
			value, err = coerce(a, v, false, a.Name)
		}
		if err != nil {
			return err
		}
	}
	for _, el := range list {
		m, ok := el.(map[string]any)
		if !ok || !f.eval(t.where, m, &t.ref) {
			keep = append(keep, el)
			continue
		}
		matched++
		switch {
		case op == "remove" && t.sub != nil:
			delete(m, t.sub.Name)
			keep = append(keep, m)
		case op == "remove":
			// dropped
		case t.sub != nil:
			m[t.sub.Name] = value
			keep = append(keep, m)
		default:
			nm, _ := value.(map[string]any)
			for k, x := range nm {
				m[k] = x
			}
			keep = append(keep, m)
		}
	}
	if matched == 0 && op != "remove" {
		el, ok := describedElement(t.where)
		if !ok || (op == "replace" && t.sub == nil) {
			return fault.New(fault.Invalid, "scim.no_target", "the path's filter matches no value").WithField("path")
		}
		if t.sub != nil {
			el[t.sub.Name] = value
		} else if nm, isMap := value.(map[string]any); isMap {
			for k, x := range nm {
				el[k] = x
			}
		}
		if c, err := coerce(a, el, false, a.Name); err == nil {
			keep = append(keep, c)
		}
	}
	if len(keep) == 0 {
		delete(box, a.Name)
	} else {
		box[a.Name] = keep
	}
	return nil
}

// describedElement returns the element a filter of eq comparisons joined
// by and describes (type eq "work" gives {"type":"work"}), ok false for any
// other filter.
func describedElement(expr filter.Expression) (map[string]any, bool) {
	out := map[string]any{}
	var walk func(filter.Expression) bool
	walk = func(e filter.Expression) bool {
		switch x := e.(type) {
		case *filter.LogicalExpression:
			return x.Operator == filter.AND && walk(x.Left) && walk(x.Right)
		case *filter.AttributeExpression:
			if x.Operator != filter.EQ || x.CompareValue == nil || x.AttributePath.SubAttribute != nil {
				return false
			}
			v := x.CompareValue
			if s, ok := v.(string); ok {
				v = unescape(s)
			}
			out[x.AttributePath.AttributeName] = v
			return true
		}
		return false
	}
	return out, walk(expr)
}
