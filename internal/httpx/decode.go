package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"reflect"
	"slices"
	"strings"
)

// DecodeReason says why a JSON request body could not be read.
type DecodeReason int

// The reasons DecodeJSON refuses a body.
const (
	BadContentType DecodeReason = iota + 1 // not application/json or a +json type
	BodyTooLarge                           // over the limit
	BodyEmpty                              // no JSON value at all
	BodyMalformed                          // not JSON
	BodyTrailing                           // more than one JSON value
	BodyNotObject                          // JSON, but not an object
	FieldType                              // a member has the wrong JSON type
	FieldUnknown                           // a member the destination does not declare (strict only)
)

// DecodeError is DecodeJSON's refusal. Each face words it in its own error
// format; the reason and the field are all it needs.
type DecodeError struct {
	Reason DecodeReason
	// Field is the dotted path of the member at fault ("user.password"),
	// for FieldType and FieldUnknown.
	Field string
	// Parent is the path of the object holding Field ("" at the top).
	Parent string
	// Want is the Go kind Field needs (FieldType). Got is the JSON type
	// Field had (FieldType), or the body's (BodyNotObject): "array",
	// "string", "number", "bool" or "null", as encoding/json names them.
	Want, Got string
	// Limit is the body limit in bytes (BodyTooLarge).
	Limit int64
	Err   error
}

func (e *DecodeError) Error() string {
	switch e.Reason {
	case FieldType:
		return fmt.Sprintf("field %q must be a %s", e.Field, e.Want)
	case FieldUnknown:
		return fmt.Sprintf("unknown field %q", e.Field)
	case BodyTooLarge:
		return fmt.Sprintf("the body is larger than %d bytes", e.Limit)
	}
	return "the body is not one JSON object"
}

func (e *DecodeError) Unwrap() error { return e.Err }

// DecodeJSON reads r's body, at most limit bytes, as one JSON object into
// dst. A Content-Type, when given, must be application/json or a +json type.
// strict refuses members dst does not declare, in nested objects too, with
// names matched exactly (encoding/json alone matches them case-insensitively
// and has no typed error for them). Errors: *DecodeError.
func DecodeJSON(r *http.Request, limit int64, strict bool, dst any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return &DecodeError{Reason: BadContentType, Err: err}
		}
	}
	body, err := ReadBody(r, limit)
	if err != nil {
		return err
	}
	return DecodeJSONBytes(body, strict, dst)
}

// ReadBody reads at most limit bytes of r's body.
// Errors: *DecodeError (BodyTooLarge, BodyMalformed for a broken read).
func ReadBody(r *http.Request, limit int64) ([]byte, error) {
	if r.ContentLength > limit {
		return nil, &DecodeError{Reason: BodyTooLarge, Limit: limit}
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, limit))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, &DecodeError{Reason: BodyTooLarge, Limit: limit, Err: err}
	case err != nil:
		return nil, &DecodeError{Reason: BodyMalformed, Err: err}
	}
	return body, nil
}

// DecodeJSONBytes is DecodeJSON for a body already read (a face that must
// verify a signature over the bytes first).
func DecodeJSONBytes(body []byte, strict bool, dst any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return &DecodeError{Reason: BodyEmpty}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return &DecodeError{Reason: BodyMalformed, Err: err}
	}
	if _, err := dec.Token(); err != io.EOF {
		return &DecodeError{Reason: BodyTrailing}
	}
	if raw[0] != '{' {
		return &DecodeError{Reason: BodyNotObject, Got: jsonType(raw[0])}
	}
	if strict {
		if err := checkMembers(raw, reflect.TypeOf(dst), ""); err != nil {
			return err
		}
	}
	var typ *json.UnmarshalTypeError
	if err := json.Unmarshal(raw, dst); errors.As(err, &typ) {
		parent, _ := cutLast(typ.Field)
		return &DecodeError{Reason: FieldType, Field: typ.Field, Parent: parent, Want: typ.Type.Kind().String(), Got: typ.Value, Err: err}
	} else if err != nil {
		return &DecodeError{Reason: BodyMalformed, Err: err}
	}
	return nil
}

// checkMembers reports the first member of the JSON object raw (in name
// order) that the struct type t has no field for, then checks nested
// objects, and the objects in arrays, likewise.
func checkMembers(raw json.RawMessage, t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return nil // a type mismatch: json.Unmarshal names it
		}
		for _, item := range items {
			if err := checkMembers(item, t.Elem(), path); err != nil {
				return err
			}
		}
		return nil
	case reflect.Struct:
	default:
		return nil
	}
	var members map[string]json.RawMessage
	if json.Unmarshal(raw, &members) != nil {
		return nil // a type mismatch: json.Unmarshal names it
	}
	fields := jsonFields(t)
	for _, name := range slices.Sorted(maps.Keys(members)) {
		ft, ok := fields[name]
		if !ok {
			return &DecodeError{Reason: FieldUnknown, Field: path + name, Parent: strings.TrimSuffix(path, ".")}
		}
		if err := checkMembers(members[name], ft, path+name+"."); err != nil {
			return err
		}
	}
	return nil
}

// jsonFields maps the JSON names of a struct's fields, embedded ones
// included, to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" {
			et := f.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				maps.Copy(out, jsonFields(et))
				continue
			}
		}
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}

// jsonType names the type of the JSON value starting with c.
func jsonType(c byte) string {
	switch c {
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}

// cutLast splits a dotted path into its parent and last name.
func cutLast(path string) (parent, name string) {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[:i], path[i+1:]
	}
	return "", path
}
