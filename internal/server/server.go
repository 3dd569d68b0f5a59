// Package server mounts every face of Watchword under one router, with health,
// metrics and the middleware all faces share.
package server

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"time"

	"github.com/watchword/watchword/internal/health"
	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/metrics"
)

// Faces are the protocol handlers to mount, each optional.
type Faces struct {
	API http.Handler // native /v1
	// Mounts are further faces by path prefix (e.g. "/api" for Outscale).
	Mounts map[string]http.Handler
	// Root receives requests no face claims; it may route by header (ICU).
	Root http.Handler
	// Intercept runs after the shared middleware and before routing, for
	// faces that claim requests by header or by paths a router would not
	// match (Outscale's ICU calls and osc-cli's //api/... paths).
	Intercept []func(http.Handler) http.Handler
}

// Config tunes the server.
type Config struct {
	// TrustProxy makes the client IP come from X-Forwarded-For (or
	// X-Real-Ip), and HTTPS (for HSTS) from X-Forwarded-Proto, when the
	// connection comes from a trusted proxy.
	TrustProxy bool
	// MetricsElsewhere leaves /metrics off this handler: the app serves it
	// on its own listener (--metrics-addr).
	MetricsElsewhere bool
	// TrustedProxies are the proxies whose X-Forwarded-For hops are
	// believed; nil means DefaultTrustedProxies.
	TrustedProxies []netip.Prefix
}

// Handler builds the root handler: the shared middleware, then the
// Intercept faces, then a ServeMux routing /healthz, /metrics, the console's
// redirects and each face at its prefix (faces route on full paths).
func Handler(cfg Config, faces Faces, ready health.Readiness, m *metrics.Metrics, log *slog.Logger) http.Handler {
	notFound := http.NotFound
	methodNotAllowed := func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
	if faces.Root != nil {
		notFound = faces.Root.ServeHTTP
		methodNotAllowed = func(w http.ResponseWriter, r *http.Request) {
			w.Header().Del("Allow") // the Root face answers in its own terms
			faces.Root.ServeHTTP(w, r)
		}
	}
	mux := httpx.NewMux(notFound, methodNotAllowed)
	// As under chi: HEAD only where registered, and an unclean path is
	// unknown (or its face's, under a face's prefix) rather than redirected.
	mux.NoImplicitHead, mux.NoRedirect = true, true
	// /healthz: the process is alive and serving HTTP; it touches nothing
	// else, so that an orchestrator never restarts a replica for its
	// database's outage. /readyz: it can do its work now.
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		httpx.WriteJSON(w, http.StatusOK, "", healthJSON{Status: "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		rep := ready.Ready(r.Context())
		out, status := healthJSON{Status: "ready"}, http.StatusOK
		if !rep.Ready {
			out.Status, status = "unavailable", http.StatusServiceUnavailable
			httpx.SetRetryAfter(w.Header(), readyRetryAfter)
		}
		for _, c := range rep.Checks {
			out.Checks = append(out.Checks, checkJSON{Name: c.Name, OK: c.OK, Detail: c.Detail})
		}
		w.Header().Set("Cache-Control", "no-store")
		httpx.WriteJSON(w, status, "", out)
	})
	if !cfg.MetricsElsewhere {
		mux.Handle("/metrics", m.Handler())
	}
	if _, ok := faces.Mounts["/console"]; ok {
		// The console is the home page, and mailed reset links
		// ({public URL}/reset/{token}) open in it. Only GET: a POST to /
		// still reaches Root, where the ICU face lives.
		mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/console/", http.StatusFound)
		})
		mux.HandleFunc("GET /reset/{token}", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/console/reset/"+url.PathEscape(r.PathValue("token")), http.StatusFound)
		})
	}
	for prefix, h := range faces.Mounts {
		mux.Mount(prefix, h)
	}
	if faces.API != nil {
		mux.Mount("/v1", faces.API)
	}
	var h http.Handler = mux
	chain := append([]func(http.Handler) http.Handler{noStore, hsts(cfg.TrustProxy, cfg.TrustedProxies), requestID, clientIP(cfg.TrustProxy, cfg.TrustedProxies),
		recoverer(log), m.Middleware, accessLog(log)}, faces.Intercept...)
	for i := len(chain) - 1; i >= 0; i-- {
		h = chain[i](h)
	}
	return h
}

// noStore marks every answer Cache-Control: no-store before any face runs:
// tokens, secret keys, codes and console pages must never be kept by a
// browser or a proxy, and a route added later is covered without thinking of
// it. The few cacheable answers (the console's static files, the OpenAPI
// document, avatars) set their own Cache-Control over it.
func noStore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

func requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 16)
		_, _ = rand.Read(b)
		id := hex.EncodeToString(b)
		id = id[:8] + "-" + id[8:12] + "-" + id[12:16] + "-" + id[16:20] + "-" + id[20:]
		r.Header.Set("X-Request-Id", id)
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r)
	})
}

// recoverer turns a panic into a logged 500, so one bad request never takes
// the process down.
func recoverer(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// The route slot is made here, outside the routing, so that the
			// panic line below knows the route (httpx.LogPath hides a token).
			ctx, _ := httpx.WithRouteSlot(r.Context())
			r = r.WithContext(ctx)
			defer func() {
				if v := recover(); v != nil {
					if v == http.ErrAbortHandler {
						panic(v)
					}
					log.Error("panic", "request_id", r.Header.Get("X-Request-Id"), "path", httpx.LogPath(r), "panic", v)
					w.Header().Set("Content-Type", "application/problem+json")
					w.WriteHeader(http.StatusInternalServerError)
					_, _ = w.Write([]byte(`{"type":"urn:watchword:problem:internal","title":"Internal Server Error","status":500,"detail":"internal error","code":"internal"}` + "\n"))
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}

// accessLog logs each request at debug level, its path as httpx.LogPath
// gives it: a mailed reset link carries its token in the path.
func accessLog(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			sw := &status{ResponseWriter: w, code: http.StatusOK}
			next.ServeHTTP(sw, r)
			log.Debug("request", "request_id", r.Header.Get("X-Request-Id"), "method", r.Method, "path", httpx.LogPath(r),
				"status", sw.code, "duration", time.Since(start))
		})
	}
}

type status struct {
	http.ResponseWriter
	code int
}

func (s *status) WriteHeader(code int)        { s.code = code; s.ResponseWriter.WriteHeader(code) }
func (s *status) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// readyRetryAfter is the wait a not-ready answer suggests.
const readyRetryAfter = 5 * time.Second

type healthJSON struct {
	Status string      `json:"status"`
	Checks []checkJSON `json:"checks,omitempty"`
}

type checkJSON struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
}

// Face names the face h serves in its requests' context
// (identity.WithFace), so that the core's sign-in counts say which face a
// sign-in came through.
func Face(name string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(identity.WithFace(r.Context(), name)))
	})
}
