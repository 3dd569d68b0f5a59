package outscale

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/http"
	"reflect"
	"sort"
	"strings"

	"github.com/watchword/watchword/internal/fault"
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
	body, err := readBody(w, r, h.cfg.MaxBodyBytes)
	if err != nil {
		h.writeOAPIError(w, r, name, rc, err)
		return
	}
	ctx, err := h.authenticateOAPI(r, body, op.auth)
	if err != nil {
		h.writeOAPIError(w, r, name, rc, err)
		return
	}
	resp, err := op.serve(ctx, body, rc)
	if err != nil {
		h.writeOAPIError(w, r, name, rc, err)
		return
	}
	writeJSON(w, http.StatusOK, oapiContentType, resp)
}

// serveUnknown answers anything the route table does not know, in OAPI form.
func (h *handler) serveUnknown(w http.ResponseWriter, r *http.Request) {
	rc := responseContext{RequestID: h.cfg.RequestID()}
	h.writeOAPIError(w, r, "", rc, fault.Newf(fault.NotFound, codeUnknownOperation, "no operation at %s %s", r.Method, r.URL.Path))
}

// readBody reads at most limit bytes of the request body.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, fault.Newf(fault.TooLarge, "outscale.body_too_large", "the request body exceeds %d bytes", limit)
	}
	if err != nil {
		return nil, fault.New(fault.Invalid, codeMalformed, "the request body could not be read")
	}
	return body, nil
}

// decodeStrict decodes a JSON object into v, refusing any field v does not
// declare (names are matched exactly, unlike encoding/json), in nested
// objects too. An empty body reads as {}.
func decodeStrict(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	if err := checkFields(body, reflect.TypeOf(v), ""); err != nil {
		return err
	}
	var typeErr *json.UnmarshalTypeError
	if err := json.Unmarshal(body, v); errors.As(err, &typeErr) {
		return fault.Newf(fault.Invalid, codeMalformed, "parameter %s has the wrong type", typeErr.Field).WithField(typeErr.Field)
	} else if err != nil {
		return fault.New(fault.Invalid, codeMalformed, "the request body is not a valid JSON object")
	}
	return nil
}

// checkFields reports the first member of the JSON object raw that the
// struct type t has no field for, then checks nested objects likewise.
func checkFields(raw []byte, t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(raw, &members); err != nil {
		if path == "" {
			return fault.New(fault.Invalid, codeMalformed, "the request body is not a valid JSON object")
		}
		return nil // a type mismatch: json.Unmarshal reports it
	}
	fields := jsonFields(t)
	names := make([]string, 0, len(members))
	for name := range members {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		ft, ok := fields[name]
		if !ok {
			return fault.Newf(fault.Invalid, codeUnknownParameter, "unknown parameter %s%s", path, name).WithField(path + name)
		}
		if err := checkFields(members[name], ft, path+name+"."); err != nil {
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
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			maps.Copy(out, jsonFields(f.Type))
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
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

// missing is the 7000 MissingParameter fault for a field.
func missing(field string) error {
	return fault.Newf(fault.Invalid, codeMissingParameter, "parameter %s is required", field).WithField(field)
}

// writeJSON answers with v as JSON of the given content type.
func writeJSON(w http.ResponseWriter, status int, contentType string, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status, body = http.StatusInternalServerError, []byte(`{}`)
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
