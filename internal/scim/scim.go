// Package scim is Watchword's SCIM 2.0 face in the dialect of IBM Security
// Verify: /v2.0/Me, /v2.0/Me/password (IBM's proprietary change of the
// caller's own password, with its Notification extension, themeId and the
// isv-dictionary-policy header), and the RFC 7644 discovery endpoints.
package scim

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"

	"github.com/go-chi/chi/v5"
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

// New returns the face's router; the server mounts it at /v2.0.
func New(cfg Config, svc *identity.Services, log *slog.Logger) chi.Router {
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 64 << 10
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := &handler{svc: svc, log: log, cfg: cfg}
	r := chi.NewRouter()
	h.routes(r)
	return r
}

// authenticate requires a bearer token and puts its principal in the context.
func (h *handler) authenticate(next http.Handler) http.Handler {
	return httpx.BearerAuth(h.svc.Auth, h.fail)(next)
}

// decode reads a SCIM JSON body (application/scim+json or application/json).
// Unknown members are tolerated, as SCIM clients send schema extensions.
func (h *handler) decode(r *http.Request, dst any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/scim+json" && mt != "application/json") {
			return fault.New(fault.Invalid, "request.content_type", "the body must be application/scim+json")
		}
	}
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, h.cfg.MaxBodyBytes))
	err := dec.Decode(dst)
	var tooBig *http.MaxBytesError
	var typ *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &tooBig):
		return fault.New(fault.TooLarge, "request.too_large", "the request body is too large")
	case errors.Is(err, io.EOF):
		return fault.New(fault.Invalid, "request.empty", "the body must be a JSON object")
	case errors.As(err, &typ):
		return fault.Newf(fault.Invalid, "request.type", "attribute %q has the wrong type", typ.Field).WithField(typ.Field)
	}
	return fault.New(fault.Invalid, "request.malformed", "the body is not valid JSON")
}

func writeSCIM(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/scim+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
