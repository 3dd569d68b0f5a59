package scim

import (
	"encoding/json"
	"math"
	"strings"
	"time"

	filter "github.com/scim2/filter-parser/v2"

	"github.com/watchword/watchword/internal/fault"
)

// MaxFilterLength bounds a filter's text: longer is invalidFilter. IBM
// Verify takes filters up to 4,096 characters.
const MaxFilterLength = 4096

// Filter is a SCIM filter (RFC 7644 §3.4.2.2) parsed and checked against a
// resource type: every attribute it names exists, and every comparison is
// one the attribute's type allows. Match evaluates it on a resource as the
// face answers it (the map of its JSON), so one filter code serves every
// resource type: operators eq ne co sw ew pr gt ge lt le, and or not,
// grouping, and value paths (emails[type eq "work" and value co "@x"]).
// Strings compare per the attribute's caseExact; dateTimes compare as
// instants; a multi-valued attribute matches when any value does, and a
// multi-valued complex one without a sub-attribute compares its "value".
type Filter struct {
	rt   *ResourceType
	expr filter.Expression
}

// ParseFilter parses raw for resource type rt.
// Errors: Invalid (scim.filter, whose scimType is invalidFilter): bad
// syntax, an unknown attribute, a comparison the attribute's type does not
// allow (gt on a boolean, a number for a string), too long.
func ParseFilter(rt *ResourceType, raw string) (*Filter, error) {
	if len(raw) > MaxFilterLength {
		return nil, errFilter("the filter is longer than 4096 characters")
	}
	expr, err := filter.ParseFilter([]byte(foldValuePathSub(raw)))
	if err != nil || expr == nil {
		return nil, errFilter("the filter is not valid SCIM filter syntax")
	}
	f := &Filter{rt: rt, expr: expr}
	if err := f.check(expr, nil); err != nil {
		return nil, err
	}
	return f, nil
}

// Match reports whether res, a resource of the filter's type with its
// canonical member names, matches.
func (f *Filter) Match(res map[string]any) bool { return f.eval(f.expr, res, nil) }

// Equality returns the value of a filter that is exactly `path eq "value"`
// on a string attribute, path named as attrRef.String gives it (e.g.
// "userName"), so that a face can look the one resource up instead of
// reading them all. ok is false for any other filter.
func (f *Filter) Equality(path string) (value string, ok bool) {
	e, isExpr := f.expr.(*filter.AttributeExpression)
	if !isExpr || e.Operator != filter.EQ {
		return "", false
	}
	ref, err := f.rt.resolve(e.AttributePath.URI(), e.AttributePath.AttributeName, e.AttributePath.SubAttributeName())
	s, isString := e.CompareValue.(string)
	if err != nil || !isString || !strings.EqualFold(ref.String(), path) {
		return "", false
	}
	return unescape(s), true
}

func errFilter(detail string) error {
	return fault.New(fault.Invalid, "scim.filter", detail).WithField("filter")
}

// check validates expr; within a value path, parent is the complex
// attribute whose sub-attributes the expression names.
func (f *Filter) check(expr filter.Expression, parent *attrRef) error {
	switch e := expr.(type) {
	case *filter.LogicalExpression:
		if err := f.check(e.Left, parent); err != nil {
			return err
		}
		return f.check(e.Right, parent)
	case *filter.NotExpression:
		return f.check(e.Expression, parent)
	case *filter.ValuePath:
		if parent != nil {
			return errFilter("value paths do not nest")
		}
		ref, err := f.ref(e.AttributePath, nil)
		if err != nil {
			return err
		}
		if ref.Sub != nil || ref.Attr.Type != "complex" {
			return errFilter("a value path needs a complex attribute: " + ref.String())
		}
		return f.check(e.ValueFilter, &ref)
	case *filter.AttributeExpression:
		ref, err := f.ref(e.AttributePath, parent)
		if err != nil {
			return err
		}
		return checkComparison(ref, e)
	}
	return errFilter("the filter is not valid SCIM filter syntax")
}

// ref resolves an attribute path, relative to parent inside a value path.
func (f *Filter) ref(p filter.AttributePath, parent *attrRef) (attrRef, error) {
	var ref attrRef
	var err error
	if parent != nil {
		if p.URIPrefix != nil || p.SubAttribute != nil {
			return ref, errFilter("a value path's filter names sub-attributes only")
		}
		ref = *parent
		if ref.Sub = ref.Attr.sub(p.AttributeName); ref.Sub == nil {
			err = errUnknownAttribute(ref.Attr.Name + "." + p.AttributeName)
		}
	} else {
		ref, err = f.rt.resolve(p.URI(), p.AttributeName, p.SubAttributeName())
	}
	if err != nil {
		return ref, errFilter(fault.As(err).Message)
	}
	return ref, nil
}

// checkComparison refuses what RFC 7644 §3.4.2.2 refuses: ordering a
// boolean or binary, and a value of the wrong type.
func checkComparison(ref attrRef, e *filter.AttributeExpression) error {
	a := ref.leaf()
	if a.Type == "complex" && ref.Sub == nil {
		// A multi-valued complex attribute compares its "value".
		if v := a.sub("value"); v != nil && a.MultiValued {
			a = v
		} else if e.Operator != filter.PR {
			return errFilter(ref.String() + " is complex: compare one of its sub-attributes")
		}
	}
	if e.Operator == filter.PR || e.CompareValue == nil {
		if e.Operator != filter.PR && e.Operator != filter.EQ && e.Operator != filter.NE {
			return errFilter("null compares with eq or ne only")
		}
		return nil
	}
	ordering := e.Operator == filter.GT || e.Operator == filter.GE || e.Operator == filter.LT || e.Operator == filter.LE
	substring := e.Operator == filter.CO || e.Operator == filter.SW || e.Operator == filter.EW
	switch a.Type {
	case "boolean":
		if ordering || substring {
			return errFilter(ref.String() + " is a boolean: compare with eq or ne")
		}
		if _, ok := boolValue(e.CompareValue); !ok {
			return errFilter(ref.String() + " is a boolean: compare with true or false")
		}
	case "binary":
		if ordering {
			return errFilter(ref.String() + " is binary and has no order")
		}
	case "integer", "decimal":
		if _, ok := e.CompareValue.(string); ok || substring {
			return errFilter(ref.String() + " is a number")
		}
	case "dateTime":
		s, ok := e.CompareValue.(string)
		if !ok || substring {
			return errFilter(ref.String() + " is a dateTime: compare with a quoted xsd:dateTime")
		}
		if _, err := time.Parse(time.RFC3339Nano, unescape(s)); err != nil {
			return errFilter(ref.String() + " is a dateTime: " + s + " is not an xsd:dateTime")
		}
	default: // string, reference
		if _, ok := e.CompareValue.(string); !ok {
			return errFilter(ref.String() + " is a string: compare with a quoted value")
		}
	}
	return nil
}

func (f *Filter) eval(expr filter.Expression, res map[string]any, parent *attrRef) bool {
	switch e := expr.(type) {
	case *filter.LogicalExpression:
		if e.Operator == filter.AND {
			return f.eval(e.Left, res, parent) && f.eval(e.Right, res, parent)
		}
		return f.eval(e.Left, res, parent) || f.eval(e.Right, res, parent)
	case *filter.NotExpression:
		return !f.eval(e.Expression, res, parent)
	case *filter.ValuePath:
		ref, _ := f.ref(e.AttributePath, nil)
		for _, el := range elements(valueOf(res, ref.URN, ref.Attr.Name)) {
			if m, ok := el.(map[string]any); ok && f.eval(e.ValueFilter, m, &ref) {
				return true
			}
		}
		return false
	case *filter.AttributeExpression:
		ref, _ := f.ref(e.AttributePath, parent)
		var values []any
		if parent != nil {
			values = elements(res[ref.Sub.Name]) // res is the element
		} else {
			values = valuesAt(res, ref)
		}
		return compareAny(ref, values, e)
	}
	return false
}

// valueOf returns the member name of res, inside the extension object urn
// when set.
func valueOf(res map[string]any, urn, name string) any {
	if urn != "" {
		ext, _ := res[urn].(map[string]any)
		return ext[name]
	}
	return res[name]
}

// elements returns v's values: itself, or each element of an array.
func elements(v any) []any {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		return x
	}
	return []any{v}
}

// valuesAt returns every value the path names in res: a sub-attribute of
// each element of a multi-valued complex attribute, or its "value" when the
// path names no sub-attribute.
func valuesAt(res map[string]any, ref attrRef) []any {
	top := elements(valueOf(res, ref.URN, ref.Attr.Name))
	sub := ""
	switch {
	case ref.Sub != nil:
		sub = ref.Sub.Name
	case ref.Attr.Type == "complex" && ref.Attr.MultiValued:
		sub = "value"
	default:
		return top
	}
	var out []any
	for _, el := range top {
		if m, ok := el.(map[string]any); ok {
			out = append(out, elements(m[sub])...)
		}
	}
	return out
}

func compareAny(ref attrRef, values []any, e *filter.AttributeExpression) bool {
	a := ref.leaf()
	if a.Type == "complex" && a.MultiValued {
		if v := a.sub("value"); v != nil {
			a = v
		}
	}
	present := false
	for _, v := range values {
		if !isEmpty(v) {
			present = true
		}
	}
	switch {
	case e.Operator == filter.PR:
		return present
	case e.CompareValue == nil && e.Operator == filter.EQ:
		return !present
	case e.CompareValue == nil:
		return present
	case e.Operator == filter.NE:
		for _, v := range values {
			if compareOne(a, v, filter.EQ, e.CompareValue) {
				return false
			}
		}
		return true
	}
	for _, v := range values {
		if compareOne(a, v, e.Operator, e.CompareValue) {
			return true
		}
	}
	return false
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

// compareOne compares one value of attribute a with the filter's value.
func compareOne(a *Attribute, v any, op filter.CompareOperator, want any) bool {
	switch a.Type {
	case "boolean":
		got, ok1 := boolValue(v)
		w, ok2 := boolValue(want)
		return ok1 && ok2 && got == w
	case "integer", "decimal":
		got, ok1 := number(v)
		w, ok2 := number(want)
		return ok1 && ok2 && ordered(op, cmpFloat(got, w))
	case "dateTime":
		gs, _ := v.(string)
		ws, _ := want.(string)
		got, err1 := time.Parse(time.RFC3339Nano, gs)
		w, err2 := time.Parse(time.RFC3339Nano, unescape(ws))
		return err1 == nil && err2 == nil && ordered(op, got.Compare(w))
	}
	got, ok1 := v.(string)
	w, ok2 := want.(string)
	if !ok1 || !ok2 {
		return false
	}
	w = unescape(w)
	if !a.CaseExact {
		got, w = strings.ToLower(got), strings.ToLower(w)
	}
	switch op {
	case filter.CO:
		return strings.Contains(got, w)
	case filter.SW:
		return strings.HasPrefix(got, w)
	case filter.EW:
		return strings.HasSuffix(got, w)
	}
	return ordered(op, strings.Compare(got, w))
}

func ordered(op filter.CompareOperator, c int) bool {
	switch op {
	case filter.EQ:
		return c == 0
	case filter.GT:
		return c > 0
	case filter.GE:
		return c >= 0
	case filter.LT:
		return c < 0
	case filter.LE:
		return c <= 0
	}
	return false
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, !math.IsNaN(x)
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return 0, false
}

// boolValue reads a boolean, also from the strings "true" and "false" in
// any case, which some clients send (Entra ID sends "False").
func boolValue(v any) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		switch strings.ToLower(x) {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	}
	return false, false
}

// unescape decodes the JSON escapes of a filter's string value, which the
// parser leaves as written (`"a\"b"` is a"b).
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var out string
	if err := json.Unmarshal([]byte(`"`+s+`"`), &out); err != nil {
		return s
	}
	return out
}
