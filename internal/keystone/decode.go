package keystone

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/watchword/watchword/internal/fault"
)

// read decodes the request body into dst, answering the error itself.
// strict refuses unknown fields, as Keystone's schemas with
// additionalProperties false do.
func (h *handler) read(w http.ResponseWriter, r *http.Request, dst any, strict bool) bool {
	if err := decode(r, h.cfg.MaxBodyBytes, dst, strict); err != nil {
		h.writeError(w, r, err)
		return false
	}
	return true
}

// decode reads one JSON object into dst within limit bytes. Its faults carry
// Keystone's texts (code prefix "keystone."): a body that is not JSON is
// "Expecting to find valid JSON in request body", as Keystone's json_body
// middleware says, and a body over the limit is TooLarge.
func decode(r *http.Request, limit int64, dst any, strict bool) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/json" {
			return invalid("keystone.content_type", fmt.Sprintf(msgExpectingFmt, "application/json", "Content-Type header"), "")
		}
	}
	if r.ContentLength > limit {
		return fault.Newf(fault.TooLarge, "request.too_large", "the body is larger than %d bytes", limit)
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, limit))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return fault.Newf(fault.TooLarge, "request.too_large", "the body is larger than %d bytes", limit)
	}
	if err != nil {
		return invalid("keystone.body", fmt.Sprintf(msgExpectingFmt, "valid JSON", "request body"), "")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if strict {
		dec.DisallowUnknownFields()
	}
	err = dec.Decode(dst)
	if err == nil && dec.More() {
		err = errors.New("trailing data")
	}
	var typ *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &typ):
		return invalid("keystone.schema", fmt.Sprintf("Invalid input for field '%s': expected %s, got %s",
			typ.Field, typ.Type.Kind(), typ.Value), typ.Field)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		// encoding/json offers no typed error for unknown fields.
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return invalid("keystone.schema", fmt.Sprintf("Invalid input for field '%s': Additional properties are not allowed ('%s' was unexpected)",
			parentOf(dst), name), name)
	}
	return invalid("keystone.body", fmt.Sprintf(msgExpectingFmt, "valid JSON", "request body"), "")
}

// parentOf names the top-level object of a request body, for schema
// messages ("user", "auth").
func parentOf(dst any) string {
	if n, ok := dst.(interface{ wrapper() string }); ok {
		return n.wrapper()
	}
	return "body"
}

// invalid builds an Invalid fault whose message is already the wire text.
func invalid(code, message, field string) error {
	return fault.New(fault.Invalid, code, message).WithField(field)
}

// required is Keystone's schema message for a missing property.
func required(parent, name string) error {
	return invalid("keystone.schema", fmt.Sprintf("Invalid input for field '%s': '%s' is a required property", parent, name), name)
}
