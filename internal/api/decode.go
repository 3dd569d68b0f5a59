package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/watchword/watchword/internal/fault"
)

// decode reads a JSON body into dst: one object, no unknown fields, within
// the size limit. Every failure is a clear Invalid or TooLarge fault.
func decode(r *http.Request, limit int64, dst any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return fault.New(fault.Invalid, "request.content_type", "the body must be application/json")
		}
	}
	body := http.MaxBytesReader(nil, r.Body, limit)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	if err == nil {
		if dec.More() || dec.Decode(&struct{}{}) != io.EOF {
			err = errTrailingData
		}
	}
	return decodeError(err, limit)
}

// errTrailingData is a body that holds more than one JSON value.
var errTrailingData = errors.New("trailing data")

func decodeError(err error, limit int64) error {
	if err == nil {
		return nil
	}
	var tooBig *http.MaxBytesError
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooBig):
		return fault.Newf(fault.TooLarge, "request.too_large", "the body is larger than %d bytes", limit)
	case errors.Is(err, io.EOF):
		return fault.New(fault.Invalid, "request.empty", "the body must be a JSON object")
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		return fault.New(fault.Invalid, "request.malformed", "the body is not valid JSON")
	case errors.Is(err, errTrailingData):
		return fault.New(fault.Invalid, "request.trailing_data", "the body must be one JSON object with nothing after it")
	case errors.As(err, &typ) && typ.Field == "":
		// The body itself is not an object (an array, a string...): there is no field to name.
		return fault.New(fault.Invalid, "request.type", "the body must be a JSON object")
	case errors.As(err, &typ):
		return fault.Newf(fault.Invalid, "request.type", "field %q must be a %s", typ.Field, typ.Type.Kind()).WithField(typ.Field)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		// encoding/json offers no typed error for unknown fields.
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return fault.Newf(fault.Invalid, "request.unknown_field", "unknown field %q", name).WithField(name)
	}
	return fault.New(fault.Invalid, "request.malformed", fmt.Sprintf("the body could not be read: %v", err))
}

// orTooLarge reports an error caused by the body limit as TooLarge, and
// passes any other error through.
func orTooLarge(err error, limit int64) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return fault.Newf(fault.TooLarge, "request.too_large", "the body is larger than %d bytes", limit)
	}
	return err
}
