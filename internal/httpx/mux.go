package httpx

import (
	"context"
	"net/http"
	"path"
	"slices"
	"strings"
)

// Mux is the standard library's ServeMux (method and wildcard patterns,
// r.PathValue) with a face's own answers for an unknown path and a wrong
// method: ServeMux's own are plain text, and each face has an error format.
type Mux struct {
	mux      *http.ServeMux
	patterns []string
	mounts   []mount
	// NotFound answers a path no pattern matches.
	NotFound http.HandlerFunc
	// MethodNotAllowed answers a path some pattern matches, but not for this
	// method. The mux has already set the Allow header RFC 9110 §15.5.6 needs
	// to the methods that would match.
	MethodNotAllowed http.HandlerFunc
	// NoImplicitHead keeps HEAD to patterns registered for HEAD. ServeMux
	// answers HEAD with a GET pattern's handler (and lists HEAD in Allow); a
	// face whose wire never did (chi routes GET alone) sets it to stay as it was.
	NoImplicitHead bool
	// NoRedirect answers a path that is not clean ("//", "/./", "/../") as
	// unknown, where ServeMux redirects it to the clean path: an API client
	// should not be sent to another path (a 301 turns a POST into a GET),
	// and chi never did. Subtree patterns ("/x/") keep their redirect.
	NoRedirect bool
}

// NewMux returns an empty Mux answering unknown paths with notFound and wrong
// methods with methodNotAllowed.
func NewMux(notFound, methodNotAllowed http.HandlerFunc) *Mux {
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

// mount is a prefix Mount gave a handler.
type mount struct {
	prefix string
	h      http.Handler
}

// Mount registers h for every method on prefix ("/v3") and every path under
// it, without reporting a route or listing it in Patterns: h routes on the
// full path and reports its own patterns. With NoRedirect, a path under
// prefix that is not clean ("/v3//users") goes to h as well, as chi's Mount
// sent it, so that the face answers it in its own format.
func (m *Mux) Mount(prefix string, h http.Handler) {
	prefix = strings.TrimSuffix(prefix, "/")
	m.mux.Handle(prefix, h)
	m.mux.Handle(prefix+"/", h)
	m.mounts = append(m.mounts, mount{prefix, h})
}

// mounted returns the handler mounted at the longest prefix of p, if any.
func (m *Mux) mounted(p string) http.Handler {
	var found mount
	for _, mt := range m.mounts {
		if (p == mt.prefix || strings.HasPrefix(p, mt.prefix+"/")) && len(mt.prefix) > len(found.prefix) {
			found = mt
		}
	}
	return found.h
}

// probeMethods are the methods tried to fill Allow.
var probeMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// ServeHTTP routes r, or answers it with NotFound or MethodNotAllowed.
func (m *Mux) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if m.match(r) != "" {
		m.mux.ServeHTTP(w, r)
		return
	}
	if h := m.mounted(r.URL.EscapedPath()); h != nil {
		h.ServeHTTP(w, r) // an unclean path under a mount (NoRedirect)
		return
	}
	if allow := m.allowed(r); len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		m.MethodNotAllowed(w, r)
		return
	}
	m.NotFound(w, r)
}

// allowed lists the methods some pattern would accept r's path with.
func (m *Mux) allowed(r *http.Request) []string {
	var allow []string
	for _, method := range probeMethods {
		probe := r.Clone(r.Context())
		probe.Method = method
		if m.match(probe) != "" {
			allow = append(allow, method)
		}
	}
	return allow
}

// match returns the pattern ServeMux would serve r with, or "" when there is
// none or the options rule it out.
func (m *Mux) match(r *http.Request) string {
	_, pattern := m.mux.Handler(r)
	switch {
	case pattern == "":
	case m.NoRedirect && r.Method != http.MethodConnect && cleanPath(r.URL.EscapedPath()) != r.URL.EscapedPath():
		return ""
	case m.NoImplicitHead && r.Method == http.MethodHead && strings.HasPrefix(pattern, http.MethodGet+" "):
		return ""
	}
	return pattern
}

// cleanPath is the path ServeMux routes p as: rooted, without "." and ".."
// elements or repeated slashes, keeping a trailing slash.
func cleanPath(p string) string {
	if p == "" || p[0] != '/' {
		p = "/" + p
	}
	np := path.Clean(p)
	if strings.HasSuffix(p, "/") && np != "/" {
		np += "/"
	}
	return np
}

// routeKey holds the *string where the matched pattern is reported.
type routeKey struct{}

// WithRouteSlot returns ctx with a slot that a Mux serving a request under it
// fills with the matched pattern, for middleware outside the face (metrics
// label requests by pattern, so that IDs in paths do not explode the label
// space, and logs hide secrets in paths). The mux sets r.Pattern on its own
// copy of the request only. Under a context that already has a slot it
// returns that one, so every middleware asking learns the same pattern.
func WithRouteSlot(ctx context.Context) (context.Context, *string) {
	if slot, ok := ctx.Value(routeKey{}).(*string); ok {
		return ctx, slot
	}
	slot := new(string)
	return context.WithValue(ctx, routeKey{}, slot), slot
}

// Route is the pattern that served r: what a Mux reported to the route slot
// of r's context, else r.Pattern (a handler's own request where no slot was
// made); "" before routing or when no pattern matched. The slot comes
// first: a ServeMux sets r.Pattern on the request it is given, so the
// request a middleware holds may carry the pattern a face was mounted at
// ("/console/") rather than the face's own.
func Route(r *http.Request) string {
	if slot, ok := r.Context().Value(routeKey{}).(*string); ok && *slot != "" {
		return *slot
	}
	return r.Pattern
}

// PatternPath is a ServeMux pattern without its method ("GET /v1/users/{id}"
// is "/v1/users/{id}"); a pattern with no method is returned as it is.
func PatternPath(pattern string) string {
	if _, rest, ok := strings.Cut(pattern, " "); ok {
		return strings.TrimLeft(rest, " \t")
	}
	return pattern
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
