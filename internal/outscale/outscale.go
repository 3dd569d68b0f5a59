// Package outscale is Watchword's Outscale face: the OUTSCALE API (OAPI)
// account and access-key calls that osc-sdk-go and osc-cli make, and the
// legacy ICU calls of "osc-cli icu". It verifies AK/SK request signatures
// (AWS4 and OSC4) and login/password, then only translates: every decision
// is the core's. README.md lists the protocol facts it implements.
package outscale

import (
	"crypto/rand"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/watchword/watchword/internal/identity"
)

// Config tunes the face.
type Config struct {
	// MaxBodyBytes bounds a request body; default 1 MiB.
	MaxBodyBytes int64
	// RequestID makes the ID each response carries; default a random UUID.
	RequestID func() string
}

func (c Config) withDefaults() Config {
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = 1 << 20
	}
	if c.RequestID == nil {
		c.RequestID = newRequestID
	}
	return c
}

// handler serves both Outscale protocols over the core's services.
type handler struct {
	cfg  Config
	svc  *identity.Services
	log  *slog.Logger
	oapi map[string]oapiOperation
	icu  map[string]icuAction
	mux  http.Handler
}

// New returns the face. Mount it at /api/ without stripping the prefix
// (signatures cover the full path), and send it ICU requests, which are
// POST / with X-Amz-Target: TinaIcuService.*; Front does both.
func New(cfg Config, svc *identity.Services, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := &handler{cfg: cfg.withDefaults(), svc: svc, log: log}
	h.oapi, h.icu = h.oapiOperations(), h.icuActions()
	h.mux = h.routes()
	return h
}

// ServeHTTP folds duplicate slashes before routing: osc-cli calls
// //api/latest/..., which a ServeMux would answer with a redirect.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r.URL.Path = foldSlashes(r.URL.Path)
	r.URL.RawPath = ""
	h.mux.ServeHTTP(w, r)
}

// Front sends to face the Outscale requests a ServeMux cannot route itself:
// osc-cli's //api/... paths, which a ServeMux redirects, and ICU calls, which
// are recognised by a header, not a path. Everything else goes to next.
// Serve Front(face, mux) and also mount face at /api/ on mux.
func Front(face, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "//") && strings.HasPrefix(foldSlashes(r.URL.Path), "/api/") || IsICU(r) {
			face.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// IsICU reports whether r is an ICU call: POST / with an X-Amz-Target of
// the TinaIcuService.
func IsICU(r *http.Request) bool {
	return r.Method == http.MethodPost && foldSlashes(r.URL.Path) == "/" &&
		strings.HasPrefix(r.Header.Get("X-Amz-Target"), icuTargetPrefix)
}

// foldSlashes turns every run of slashes into one.
func foldSlashes(p string) string {
	if !strings.Contains(p, "//") {
		return p
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == '/' && i > 0 && p[i-1] == '/' {
			continue
		}
		b.WriteByte(p[i])
	}
	return b.String()
}

// newRequestID returns a random (version 4) UUID.
func newRequestID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
