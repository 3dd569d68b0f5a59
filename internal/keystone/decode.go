package keystone

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/httpx"
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

// decode reads one JSON object into dst within limit bytes, through
// httpx.DecodeJSON, and words its refusals in Keystone's texts (code prefix
// "keystone."): a body that is not JSON is "Expecting to find valid JSON in
// request body", as Keystone's json_body middleware says, and a body over
// the limit is TooLarge.
func decode(r *http.Request, limit int64, dst any, strict bool) error {
	// Keystone's json_body middleware takes application/json alone, not the
	// +json types httpx.DecodeJSON also reads.
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return invalid("keystone.content_type", fmt.Sprintf(msgExpectingFmt, "application/json", "Content-Type header"), "")
		}
	}
	var de *httpx.DecodeError
	if err := httpx.DecodeJSON(r, limit, strict, dst); !errors.As(err, &de) {
		return err
	}
	switch de.Reason {
	case httpx.BodyTooLarge:
		return fault.Newf(fault.TooLarge, "request.too_large", "the body is larger than %d bytes", limit)
	case httpx.FieldType:
		return invalid("keystone.schema", fmt.Sprintf("Invalid input for field '%s': expected %s, got %s",
			de.Field, de.Want, de.Got), de.Field)
	case httpx.BodyNotObject:
		// Every request body is an object: encoding/json's words for it.
		return invalid("keystone.schema", fmt.Sprintf("Invalid input for field '': expected struct, got %s", de.Got), "")
	case httpx.FieldUnknown:
		name := de.Field[strings.LastIndexByte(de.Field, '.')+1:]
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
