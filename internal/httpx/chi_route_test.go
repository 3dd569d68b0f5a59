package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/watchword/watchword/internal/httpx"
)

// TestMuxUnderChiNamesItsRoute: a Mux mounted in a chi router, as the
// server mounts the faces, gives the router's middleware (metrics) its own
// pattern's path as chi's route pattern; what it does not route stays the
// mount's.
func TestMuxUnderChiNamesItsRoute(t *testing.T) {
	m := httpx.NewMux(func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) },
		func(w http.ResponseWriter, r *http.Request, _ []string) { w.WriteHeader(http.StatusMethodNotAllowed) })
	m.HandleFunc("GET /v1/users/{id}", func(w http.ResponseWriter, r *http.Request) {})
	m.HandleFunc("POST /v1/users", func(w http.ResponseWriter, r *http.Request) {}, func(http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusUnauthorized) })
	})
	var route string
	root := chi.NewRouter()
	root.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r)
			route = chi.RouteContext(r.Context()).RoutePattern()
		})
	})
	root.Mount("/v1", m)
	for _, tt := range []struct{ method, path, want string }{
		{http.MethodGet, "/v1/users/u1", "/v1/users/{id}"},
		{http.MethodPost, "/v1/users", "/v1/users"}, // a middleware's answer too
		{http.MethodGet, "/v1/nothing", "/v1/*"},
		{http.MethodDelete, "/v1/users/u1", "/v1/*"},
	} {
		route = ""
		root.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(tt.method, tt.path, nil))
		if route != tt.want {
			t.Errorf("%s %s: chi's route %q, want %q", tt.method, tt.path, route, tt.want)
		}
	}
}
