package outscale

import (
	"bytes"
	"context"
	"errors"
	"net/http"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/httpx"
)

// oapiContentType is what every OAPI response carries: osc-sdk-go refuses
// to decode anything else.
const oapiContentType = "application/json"

// oapiOperation is one OAPI call: how it may authenticate and what it does
// with the raw body.
type oapiOperation struct {
	auth  authMethods
	serve func(ctx context.Context, body []byte, rc responseContext) (any, error)
}

// oapiRequest is what every OAPI request struct offers the transport.
type oapiRequest interface {
	dryRun() bool
	// check reports a missing required parameter (7000) before any call.
	check() error
}

// oapiOp builds an operation from a handler over its decoded request: the
// body is decoded strictly (an unknown field is 3001), checked, and a DryRun
// request stops there with an empty success.
func oapiOp[R any, PR interface {
	*R
	oapiRequest
}](auth authMethods, fn func(ctx context.Context, req *R, rc responseContext) (any, error)) oapiOperation {
	return oapiOperation{auth: auth, serve: func(ctx context.Context, body []byte, rc responseContext) (any, error) {
		req := new(R)
		if err := decodeStrict(body, req); err != nil {
			return nil, err
		}
		if err := PR(req).check(); err != nil {
			return nil, err
		}
		if PR(req).dryRun() {
			return emptyResponse{ResponseContext: rc}, nil
		}
		return fn(ctx, req, rc)
	}}
}

// serveOAPI runs POST /api/v1/{operation} (or /api/latest/...): read the
// body, authenticate, call the operation, answer JSON.
func (h *handler) serveOAPI(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("operation")
	rc := responseContext{RequestID: h.cfg.RequestID()}
	op, ok := h.oapi[name]
	if !ok {
		h.writeOAPIError(w, r, name, rc, fault.Newf(fault.NotFound, codeUnknownOperation, "unknown operation %q", name))
		return
	}
	body, err := readBody(r, h.cfg.MaxBodyBytes)
	if err != nil {
		h.writeOAPIError(w, r, name, rc, err)
		return
	}
	ctx, err := h.authenticateOAPI(r, body, op.auth, !readOnly[name])
	if err != nil {
		h.writeOAPIError(w, r, name, rc, err)
		return
	}
	resp, err := op.serve(ctx, body, rc)
	if err != nil {
		h.writeOAPIError(w, r, name, rc, err)
		return
	}
	httpx.WriteJSONBare(w, http.StatusOK, oapiContentType, resp)
}

// serveUnknown answers anything the route table does not know, in OAPI form.
func (h *handler) serveUnknown(w http.ResponseWriter, r *http.Request) {
	rc := responseContext{RequestID: h.cfg.RequestID()}
	h.writeOAPIError(w, r, "", rc, fault.Newf(fault.NotFound, codeUnknownOperation, "no operation at %s %s", r.Method, r.URL.Path))
}

// readBody reads at most limit bytes of the request body (httpx.ReadBody),
// worded as the face's faults.
func readBody(r *http.Request, limit int64) ([]byte, error) {
	body, err := httpx.ReadBody(r, limit)
	var de *httpx.DecodeError
	switch {
	case errors.As(err, &de) && de.Reason == httpx.BodyTooLarge:
		return nil, fault.Newf(fault.TooLarge, "outscale.body_too_large", "the request body exceeds %d bytes", limit)
	case err != nil:
		return nil, fault.New(fault.Invalid, codeMalformed, "the request body could not be read")
	}
	return body, nil
}

// decodeStrict decodes a JSON object into v (httpx.DecodeJSONBytes),
// refusing any member v does not declare, in nested objects too, with names
// matched exactly: 3001 either way. An empty body reads as {}.
func decodeStrict(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	var de *httpx.DecodeError
	if err := httpx.DecodeJSONBytes(body, true, v); !errors.As(err, &de) {
		return err
	}
	switch de.Reason {
	case httpx.FieldUnknown:
		return fault.Newf(fault.Invalid, codeUnknownParameter, "unknown parameter %s", de.Field).WithField(de.Field)
	case httpx.FieldType:
		return fault.Newf(fault.Invalid, codeMalformed, "parameter %s has the wrong type", de.Field).WithField(de.Field)
	}
	return fault.New(fault.Invalid, codeMalformed, "the request body is not a valid JSON object")
}

// missing is the 7000 MissingParameter fault for a field.
func missing(field string) error {
	return fault.Newf(fault.Invalid, codeMissingParameter, "parameter %s is required", field).WithField(field)
}
