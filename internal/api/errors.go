package api

import (
	"log/slog"
	"net/http"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/password"
)

// problemJSON is the media type of every error answer.
const problemJSON = "application/problem+json"

// problem is an RFC 9457 problem document with Watchword's stable code.
type problem struct {
	Type   string        `json:"type"`
	Title  string        `json:"title"`
	Status int           `json:"status"`
	Detail string        `json:"detail"`
	Code   string        `json:"code"`
	Field  string        `json:"field,omitempty"`
	Rules  []problemRule `json:"rules,omitempty"`
}

// writeError answers with the problem+json form of err. Internal errors are
// logged once, with the request ID, and answered with generic text. The
// title, detail and rule messages are in the caller's language (localize);
// the code is the same in every language.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	fe := fault.As(err)
	status := httpx.Status(fe.Kind)
	if fe.Code == "group.version_mismatch" {
		// The version If-Match named is not the group's (RFC 9110 §13.1.1).
		status = http.StatusPreconditionFailed
	}
	p := problem{Type: "urn:watchword:problem:" + fe.Code, Title: http.StatusText(status), Status: status,
		Detail: fe.Message, Code: fe.Code, Field: fe.Field, Rules: toProblemRules(fe.Rules)}
	if fe.Kind == fault.Internal {
		log.Error("internal error", "request_id", requestID(r), "method", r.Method, "path", r.URL.Path, "err", err)
		p.Detail, p.Code, p.Type = "internal error", "internal", "urn:watchword:problem:internal"
	}
	if lang := localize(r, &p, fe); lang != "" {
		w.Header().Set("Content-Language", lang)
	}
	httpx.SetRetryAfter(w.Header(), fe.RetryAfter)
	if h := password.EnforcedHeader(fe.Code); h != "" {
		w.Header().Set("isv-dictionary-policy", h)
	}
	httpx.WriteJSON(w, status, problemJSON, p)
}

// requestID is the ID the server's middleware gave the request.
func requestID(r *http.Request) string { return r.Header.Get("X-Request-Id") }

var errGrantType = fault.New(fault.Invalid, "auth.unsupported_grant_type", "grant_type must be client_credentials").WithField("grant_type")

var errNotifyType = fault.New(fault.Invalid, "request.notify_type", "notify_type must be NONE or EMAIL").WithField("notify_type")

var errCodeFactor = fault.New(fault.Invalid, "request.factor", "factor must be new or current").WithField("factor")
