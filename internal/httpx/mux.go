package httpx

import (
	"context"
	"net/http"
	"slices"
	"strings"
)

// Mux is the standard library's ServeMux (method and wildcard patterns,
// r.PathValue) with a face's own answers for an unknown path and a wrong
// method: ServeMux's own are plain text, and each face has an error format.
type Mux struct {
	mux      *http.ServeMux
	patterns []string
	// NotFound answers a path no pattern matches.
	NotFound http.HandlerFunc
	// MethodNotAllowed answers a path some pattern matches, but not for this
	// method; allow lists the methods that would match (RFC 9110 §15.5.6 needs
	// them in an Allow header, which the mux sets before calling it).
	MethodNotAllowed func(w http.ResponseWriter, r *http.Request, allow []string)
}

// NewMux returns an empty Mux answering unknown paths with notFound and wrong
// methods with methodNotAllowed.
func NewMux(notFound http.HandlerFunc, methodNotAllowed func(http.ResponseWriter, *http.Request, []string)) *Mux {
	return &Mux{mux: http.NewServeMux(), NotFound: notFound, MethodNotAllowed: methodNotAllowed}
}

// Handle registers h for pattern ("GET /v1/users/{id}"), wrapped by mw, the
// first of mw outermost.
func (m *Mux) Handle(pattern string, h http.Handler, mw ...func(http.Handler) http.Handler) {
	for i := len(mw) - 1; i >= 0; i-- {
		h = mw[i](h)
	}
	m.mux.Handle(pattern, routed(pattern, h))
	m.patterns = append(m.patterns, pattern)
}

// Patterns lists the registered patterns in the order they were registered,
// for tests that walk a face's route table.
func (m *Mux) Patterns() []string {
	return slices.Clone(m.patterns)
}

// HandleFunc is Handle for a function.
func (m *Mux) HandleFunc(pattern string, h http.HandlerFunc, mw ...func(http.Handler) http.Handler) {
	m.Handle(pattern, h, mw...)
}

// probeMethods are the methods tried to fill Allow.
var probeMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// ServeHTTP routes r, or answers it with NotFound or MethodNotAllowed.
func (m *Mux) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if _, pattern := m.mux.Handler(r); pattern != "" {
		m.mux.ServeHTTP(w, r)
		return
	}
	if allow := m.Allowed(r); len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		m.MethodNotAllowed(w, r, allow)
		return
	}
	m.NotFound(w, r)
}

// Allowed lists the methods some pattern would accept r's path with.
func (m *Mux) Allowed(r *http.Request) []string {
	var allow []string
	for _, method := range probeMethods {
		probe := r.Clone(r.Context())
		probe.Method = method
		if _, pattern := m.mux.Handler(probe); pattern != "" {
			allow = append(allow, method)
		}
	}
	return allow
}

// routeKey holds the *string where the matched pattern is reported.
type routeKey struct{}

// WithRouteSlot returns ctx with a slot that a Mux serving a request under it
// fills with the matched pattern, for middleware outside the face (metrics
// label requests by pattern, so that IDs in paths do not explode the label
// space). The mux sets r.Pattern on its own copy of the request only.
func WithRouteSlot(ctx context.Context) (context.Context, *string) {
	slot := new(string)
	return context.WithValue(ctx, routeKey{}, slot), slot
}

// routed reports pattern to the route slot in the request's context.
func routed(pattern string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if slot, ok := r.Context().Value(routeKey{}).(*string); ok {
			*slot = pattern
		}
		h.ServeHTTP(w, r)
	})
}
