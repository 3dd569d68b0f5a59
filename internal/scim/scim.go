// Package scim is Watchword's SCIM 2.0 face in the dialect of IBM Security
// Verify: /v2.0/Me, /v2.0/Me/password (IBM's proprietary change of the
// caller's own password, with its Notification extension, themeId and the
// isv-dictionary-policy header), and the RFC 7644 discovery endpoints.
package scim

import (
	"errors"
	"log/slog"
	"mime"
	"net/http"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
)

// Config tunes the face.
type Config struct {
	MaxBodyBytes int64 // default 64 KiB
}

type handler struct {
	svc *identity.Services
	log *slog.Logger
	cfg Config
}

// mediaType is SCIM's content type, of every answer and preferred for bodies.
const mediaType = "application/scim+json"

// New returns the face's handler, routing on full paths; the server mounts
// it at /v2.0.
func New(cfg Config, svc *identity.Services, log *slog.Logger) http.Handler {
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 64 << 10
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := &handler{svc: svc, log: log, cfg: cfg}
	m := httpx.NewMux(h.notFound, h.methodNotAllowed)
	m.NoImplicitHead, m.NoRedirect = true, true // as under chi: no HEAD, no redirect to a cleaned path
	h.routes(m)
	return m
}

// authenticate requires a bearer token and puts its principal in the context.
func (h *handler) authenticate(next http.Handler) http.Handler {
	return httpx.BearerAuth(h.svc.Auth, h.fail)(next)
}

// decode reads a SCIM JSON body (application/scim+json or application/json)
// with httpx.DecodeJSON and words its refusals as SCIM codes. Unknown
// members are tolerated, as SCIM clients send schema extensions.
func (h *handler) decode(r *http.Request, dst any) error {
	// SCIM takes its own type and application/json (RFC 7644 §3.8), not
	// every +json type httpx.DecodeJSON reads.
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != mediaType && mt != "application/json") {
			return fault.New(fault.Invalid, "request.content_type", "the body must be application/scim+json")
		}
	}
	var de *httpx.DecodeError
	if err := httpx.DecodeJSON(r, h.cfg.MaxBodyBytes, false, dst); !errors.As(err, &de) {
		return err
	}
	switch de.Reason {
	case httpx.BodyTooLarge:
		return fault.New(fault.TooLarge, "request.too_large", "the request body is too large")
	case httpx.BodyEmpty:
		return fault.New(fault.Invalid, "request.empty", "the body must be a JSON object")
	case httpx.FieldType, httpx.BodyNotObject:
		// A body that is not an object is encoding/json's type error at
		// the top, the attribute "".
		return fault.Newf(fault.Invalid, "request.type", "attribute %q has the wrong type", de.Field).WithField(de.Field)
	}
	return fault.New(fault.Invalid, "request.malformed", "the body is not valid JSON")
}
