// Package keystone is Watchword's OpenStack Keystone v3 and Huawei Cloud IAM
// face: tokens (POST/GET/HEAD/DELETE /v3/auth/tokens), users and the
// self-service password change under /v3, and Huawei's user, security
// policy, login-protect and virtual-MFA extensions under /v3.0. The wire
// facts it follows are in README.md.
package keystone

import (
	"log/slog"
	"net"
	"net/http"
	"strings"

	"github.com/watchword/watchword/internal/identity"
)

// Config tunes the face.
type Config struct {
	// MaxBodyBytes is the request body limit; larger bodies get 413.
	// Default 64 KiB, the server's.
	MaxBodyBytes int64
	// Region names the region of the identity endpoint in token catalogs.
	// Default "RegionOne", Keystone's.
	Region string
	// PublicURL is the base URL clients reach the server at, such as
	// https://id.example.com: links, catalogs and WWW-Authenticate use it,
	// whatever Host the request names, so a forged Host cannot point a
	// client's next call elsewhere. The app always sets it (--public-url, else
	// the listen address). Empty, as for a face served on its own in tests,
	// means the request's Host.
	PublicURL string
	// TrustProxy, when PublicURL is empty, makes the base URL come from
	// X-Forwarded-Proto and X-Forwarded-Host when present.
	TrustProxy bool
}

// handler holds what every route needs.
type handler struct {
	svc *identity.Services
	log *slog.Logger
	cfg Config
}

// New returns the face. It routes on the full path, so the server mounts the
// same handler at "/v3" and at "/v3.0"; it also serves on its own.
func New(cfg Config, svc *identity.Services, log *slog.Logger) http.Handler {
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 64 << 10
	}
	if cfg.Region == "" {
		cfg.Region = "RegionOne"
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg.PublicURL = strings.TrimRight(cfg.PublicURL, "/")
	h := &handler{svc: svc, log: log, cfg: cfg}
	return h.router()
}

// baseURL is the public URL of the server, without the version: Keystone's
// base_url. It is the configured public URL; only a face with none (served
// on its own) takes it from the request's Host.
func (h *handler) baseURL(r *http.Request) string {
	if h.cfg.PublicURL != "" {
		return h.cfg.PublicURL
	}
	scheme, host := "http", r.Host
	if r.TLS != nil {
		scheme = "https"
	}
	if h.cfg.TrustProxy {
		if p := r.Header.Get("X-Forwarded-Proto"); p == "http" || p == "https" {
			scheme = p
		}
		if fh := r.Header.Get("X-Forwarded-Host"); fh != "" {
			host = strings.TrimSpace(strings.Split(fh, ",")[0])
		}
	}
	// Keystone leaves out the scheme's standard port.
	if hh, port, err := net.SplitHostPort(host); err == nil &&
		((scheme == "http" && port == "80") || (scheme == "https" && port == "443")) {
		host = hh
		if strings.Contains(hh, ":") {
			host = "[" + hh + "]"
		}
	}
	return scheme + "://" + host
}
