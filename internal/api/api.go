// Package api is Watchword's native REST face under /v1: JSON in and out,
// bearer tokens, RFC 9457 problem+json errors, described by an OpenAPI 3.1
// document served at /v1/openapi.json.
package api

import (
	"log/slog"
	"net/http"

	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/i18n"
	"github.com/watchword/watchword/internal/identity"
)

// Config tunes the face.
type Config struct {
	MaxBodyBytes int64 // request body limit; default 64 KiB
	// Catalog holds the messages error answers are translated with; nil
	// loads the embedded one.
	Catalog *i18n.Catalog
}

// handler holds what every route needs.
type handler struct {
	svc *identity.Services
	log *slog.Logger
	cfg Config
}

// New returns the face's router. Its routes are full paths ("/v1/me"): the
// server passes it /v1 requests unchanged.
func New(cfg Config, svc *identity.Services, log *slog.Logger) http.Handler {
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 64 << 10
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.Catalog == nil {
		cat, err := i18n.Load()
		if err != nil {
			// The embedded catalog is checked by i18n's tests; without it
			// errors stay in the core's English.
			log.Error("api: loading the message catalog failed", "err", err)
		}
		cfg.Catalog = cat
	}
	h := &handler{svc: svc, log: log, cfg: cfg}
	return h.speak(h.mux())
}

// authenticate requires a bearer token and puts its principal in the context.
func (h *handler) authenticate(next http.Handler) http.Handler {
	return httpx.BearerAuth(h.svc.Auth, func(w http.ResponseWriter, r *http.Request, err error) { writeError(w, r, h.log, err) })(next)
}

// read decodes the request body into dst, answering the error itself.
func (h *handler) read(w http.ResponseWriter, r *http.Request, dst any) bool {
	if err := decode(r, h.cfg.MaxBodyBytes, dst); err != nil {
		writeError(w, r, h.log, err)
		return false
	}
	return true
}
