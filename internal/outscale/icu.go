package outscale

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/httpx"
)

// icuTargetPrefix starts the X-Amz-Target of every ICU call.
const icuTargetPrefix = "TinaIcuService."

// icuContentType is what osc-cli sends and what the face answers with.
const icuContentType = "application/x-amz-json-1.1"

// icuAction is one ICU call: how it may authenticate and what it does.
type icuAction struct {
	auth  authMethods
	serve func(ctx context.Context, body []byte, md responseMetadata) (any, error)
}

// icuRequest is what every ICU request struct offers the transport.
type icuRequest interface {
	// check reports a missing required parameter before any call.
	check() error
}

// icuEnvelope holds the members osc-cli puts in every ICU body around the
// call's own parameters; each request struct embeds it.
type icuEnvelope struct {
	Action               string      `json:"Action"`
	Filters              []icuFilter `json:"Filters"`
	Version              string      `json:"Version"`
	AuthenticationMethod string      `json:"AuthenticationMethod"`
	Login                *string     `json:"Login"`
	Password             *string     `json:"Password"`
}

type icuFilter struct {
	Name   string   `json:"Name"`
	Values []string `json:"Values"`
}

// responseMetadata closes every ICU success body.
type responseMetadata struct {
	RequestID string `json:"RequestId"`
}

// icuErrorBody is the AWS JSON 1.1 error body ICU answers with.
type icuErrorBody struct {
	Type    string `json:"__type"`
	Message string `json:"message"`
}

// icuOp builds an action from a handler over its decoded request: unknown
// members are refused, and so are filters, which no supported action has.
func icuOp[R any, PR interface {
	*R
	icuRequest
}](auth authMethods, fn func(ctx context.Context, req *R, md responseMetadata) (any, error)) icuAction {
	return icuAction{auth: auth, serve: func(ctx context.Context, body []byte, md responseMetadata) (any, error) {
		req := new(R)
		if err := decodeStrict(body, req); err != nil {
			return nil, err
		}
		if err := PR(req).check(); err != nil {
			return nil, err
		}
		return fn(ctx, req, md)
	}}
}

// serveICU runs POST / with X-Amz-Target: TinaIcuService.<Action>.
func (h *handler) serveICU(w http.ResponseWriter, r *http.Request) {
	requestID := h.cfg.RequestID()
	w.Header().Set("x-amz-requestid", requestID)
	name, ok := strings.CutPrefix(r.Header.Get("X-Amz-Target"), icuTargetPrefix)
	act, known := h.icu[name]
	if !ok || !known {
		h.writeICUError(w, name, requestID, fault.Newf(fault.Invalid, codeUnknownOperation,
			"X-Amz-Target must be %s<Action> with a supported action", icuTargetPrefix))
		return
	}
	body, err := readBody(r, h.cfg.MaxBodyBytes)
	if err != nil {
		h.writeICUError(w, name, requestID, err)
		return
	}
	var env icuEnvelope
	if err := json.Unmarshal(body, &env); err != nil && len(bytes.TrimSpace(body)) > 0 {
		h.writeICUError(w, name, requestID, fault.New(fault.Invalid, codeMalformed, "the request body is not a valid JSON object"))
		return
	}
	if env.Action != "" && env.Action != name {
		h.writeICUError(w, name, requestID, fault.Newf(fault.Invalid, codeMalformed, "Action %q does not match X-Amz-Target", env.Action))
		return
	}
	if len(env.Filters) > 0 {
		h.writeICUError(w, name, requestID, fault.Newf(fault.Invalid, codeUnknownParameter, "%s takes no Filters", name))
		return
	}
	ctx, err := h.authenticateICU(r, body, env, act.auth, !readOnly[name])
	if err != nil {
		h.writeICUError(w, name, requestID, err)
		return
	}
	resp, err := act.serve(ctx, body, responseMetadata{RequestID: requestID})
	if err != nil {
		h.writeICUError(w, name, requestID, err)
		return
	}
	httpx.WriteJSONBare(w, http.StatusOK, icuContentType, resp)
}

// authenticateICU follows the body's AuthenticationMethod: "accesskey" is
// an AWS4 signature scoped to service icu; "password" is Basic
// login:password, or Login and Password in the body. A noAuth action is
// not authenticated whatever the body says: osc-cli sends its no-auth
// calls with "AuthenticationMethod": "accesskey" and no Authorization.
func (h *handler) authenticateICU(r *http.Request, body []byte, env icuEnvelope, auth authMethods, changes bool) (context.Context, error) {
	ctx := withRequest(r)
	if auth == noAuth {
		return ctx, nil
	}
	switch env.AuthenticationMethod {
	case "":
		return nil, fault.New(fault.Invalid, codeMissingParameter, "Field AuthenticationMethod is required")
	case "accesskey":
		if r.Header.Get("Authorization") == "" {
			return nil, fault.New(fault.Unauthenticated, codeAuthRequired, "the request is not signed")
		}
		return h.verifySigned(ctx, r, body, icuSigners, changes)
	case "password":
		if auth != signedOrPassword {
			return nil, fault.New(fault.Unauthenticated, codePasswordForbidden, "login/password authentication is not allowed for this call")
		}
		login, password := deref(env.Login), deref(env.Password)
		if scheme, rest, _ := strings.Cut(r.Header.Get("Authorization"), " "); strings.EqualFold(scheme, "Basic") {
			var err error
			if login, password, err = decodeBasic(rest); err != nil {
				return nil, err
			}
		}
		if login == "" || password == "" {
			return nil, fault.New(fault.Unauthenticated, "auth.invalid_credentials", "Login and Password are required")
		}
		return h.loginPassword(ctx, login, password)
	}
	return nil, fault.New(fault.Invalid, codeMalformed, "AuthenticationMethod must be accesskey or password")
}
