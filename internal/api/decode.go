package api

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/httpx"
)

// decode reads a JSON body into dst: one object, no unknown fields, within
// the size limit. Every failure is a clear Invalid or TooLarge fault.
func decode(r *http.Request, limit int64, dst any) error {
	return bodyFault(httpx.DecodeJSON(r, limit, true, dst), limit)
}

// bodyFault words a body that could not be read in /v1's codes: httpx's
// refusals by their reason, the body limit (of a form too) as TooLarge, any
// other read error as malformed.
func bodyFault(err error, limit int64) error {
	if err == nil {
		return nil
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return errTooLarge(limit)
	}
	var de *httpx.DecodeError
	if !errors.As(err, &de) {
		return fault.Newf(fault.Invalid, "request.malformed", "the body could not be read: %v", err)
	}
	var syntax *json.SyntaxError
	switch de.Reason {
	case httpx.BadContentType:
		return fault.New(fault.Invalid, "request.content_type", "the body must be application/json")
	case httpx.BodyTooLarge:
		return errTooLarge(limit)
	case httpx.BodyEmpty:
		return fault.New(fault.Invalid, "request.empty", "the body must be a JSON object")
	case httpx.BodyTrailing:
		return fault.New(fault.Invalid, "request.trailing_data", "the body must be one JSON object with nothing after it")
	case httpx.BodyNotObject:
		// There is no field to name.
		return fault.New(fault.Invalid, "request.type", "the body must be a JSON object")
	case httpx.FieldType:
		return fault.Newf(fault.Invalid, "request.type", "field %q must be a %s", de.Field, de.Want).WithField(de.Field)
	case httpx.FieldUnknown:
		return fault.Newf(fault.Invalid, "request.unknown_field", "unknown field %q", de.Field).WithField(de.Field)
	case httpx.BodyMalformed:
		if de.Err == nil || errors.As(de.Err, &syntax) || errors.Is(de.Err, io.ErrUnexpectedEOF) {
			return fault.New(fault.Invalid, "request.malformed", "the body is not valid JSON")
		}
	}
	return fault.Newf(fault.Invalid, "request.malformed", "the body could not be read: %v", de.Err)
}

// orTooLarge reports an error caused by the body limit as TooLarge, and
// passes any other error through.
func orTooLarge(err error, limit int64) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return errTooLarge(limit)
	}
	return err
}

func errTooLarge(limit int64) error {
	return fault.Newf(fault.TooLarge, "request.too_large", "the body is larger than %d bytes", limit)
}
