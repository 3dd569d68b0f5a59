// Package console is Watchword's web console: server-rendered pages in
// English and French for people (login, profile and access keys, password,
// sessions, credentials, Forgot Password, and the administrator's users and
// policies). Every page works without JavaScript; one small script only adds
// the live password checklist and strength meter.
//
// Like every face it only translates: forms become core inputs, core results
// and faults become pages. The server mounts it at Path.
package console

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/i18n"
	"github.com/watchword/watchword/internal/identity"
)

// Path is where the server mounts the console; cookies are scoped to it.
const Path = "/console"

// Config tunes the console.
type Config struct {
	// PublicURL is the server's public base URL. An https URL marks cookies
	// Secure even when TLS ends at a proxy, and its origin is accepted in
	// the Origin header of form posts.
	PublicURL string
	// MaxFormBytes bounds a form post; default 64 KiB.
	MaxFormBytes int64
}

// handler holds what every route needs.
type handler struct {
	svc    *identity.Services
	cat    *i18n.Catalog
	log    *slog.Logger
	cfg    Config
	views  *engine
	assets *assets
}

// New builds the console's handler, parsing every template and loading every
// static asset first: a broken template fails here, at startup.
func New(cfg Config, svc *identity.Services, cat *i18n.Catalog, log *slog.Logger) (http.Handler, error) {
	if cfg.MaxFormBytes <= 0 {
		cfg.MaxFormBytes = 64 << 10
	}
	cfg.PublicURL = strings.TrimRight(cfg.PublicURL, "/")
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	views, err := newEngine(cat, a)
	if err != nil {
		return nil, err
	}
	h := &handler{svc: svc, cat: cat, log: log, cfg: cfg, views: views, assets: a}
	m := httpx.NewMux(h.notFound, h.methodNotAllowed)
	m.NoImplicitHead, m.NoRedirect = true, true // as under chi: no HEAD, no redirect to a cleaned path
	h.routes(m)
	return &face{Handler: h.secure(h.csrf(h.authenticate(m))), mux: m}, nil
}

// face is the console's handler: its route table under the middleware
// every request passes.
type face struct {
	http.Handler
	mux *httpx.Mux
}

// Patterns lists the route table, for tests that walk it.
func (f *face) Patterns() []string { return f.mux.Patterns() }
