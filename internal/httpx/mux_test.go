package httpx_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/httpx"
)

func TestMux(t *testing.T) {
	var order []string
	mw := func(name string) func(http.Handler) http.Handler {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				order = append(order, name)
				next.ServeHTTP(w, r)
			})
		}
	}
	m := httpx.NewMux(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "face 404", http.StatusNotFound)
	}, func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "face 405 "+w.Header().Get("Allow"), http.StatusMethodNotAllowed)
	})
	m.HandleFunc("GET /v1/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "user "+r.PathValue("id"))
	}, mw("outer"), mw("inner"))
	m.HandleFunc("DELETE /v1/users/{id}", func(w http.ResponseWriter, r *http.Request) {})
	tests := []struct {
		name, method, path string
		status             int
		body, allow        string
	}{
		{"OK", http.MethodGet, "/v1/users/u1", 200, "user u1", ""},
		{"OKHead", http.MethodHead, "/v1/users/u1", 200, "user u1", ""}, // a real server drops the body
		{"ErrMethod", http.MethodPost, "/v1/users/u1", 405, "face 405 GET, HEAD, DELETE\n", "GET, HEAD, DELETE"},
		{"ErrNotFound", http.MethodGet, "/v1/nothing", 404, "face 404\n", ""},
		{"ErrNotFoundDeeper", http.MethodGet, "/v1/users/u1/x", 404, "face 404\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			m.ServeHTTP(w, httptest.NewRequest(tt.method, tt.path, nil))
			if w.Code != tt.status || w.Body.String() != tt.body || w.Header().Get("Allow") != tt.allow {
				t.Fatalf("got %d %q Allow %q", w.Code, w.Body.String(), w.Header().Get("Allow"))
			}
		})
	}
	order = nil
	m.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/v1/users/u2", nil))
	if strings.Join(order, ",") != "outer,inner" {
		t.Fatalf("middleware order %v", order)
	}
}

// TestMuxStrictOptions: with NoImplicitHead and NoRedirect, HEAD is served
// only where registered and an unclean path is unknown, as under chi.
func TestMuxStrictOptions(t *testing.T) {
	m := httpx.NewMux(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "face 404", http.StatusNotFound)
	}, func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "face 405 "+w.Header().Get("Allow"), http.StatusMethodNotAllowed)
	})
	m.NoImplicitHead, m.NoRedirect = true, true
	ok := func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, r.Method) }
	m.HandleFunc("GET /v1/me", ok)
	m.HandleFunc("PATCH /v1/me", ok)
	m.HandleFunc("GET /v1/avatar", ok)
	m.HandleFunc("HEAD /v1/avatar", ok)
	m.HandleFunc("/v1/tree/", ok)
	tests := []struct {
		name, method, path string
		status             int // or its class (3: a redirect)
		body, allow        string
	}{
		{"OKGet", http.MethodGet, "/v1/me", 200, "GET", ""},
		{"OKHeadRegistered", http.MethodHead, "/v1/avatar", 200, "HEAD", ""},
		{"OKSubtreeRedirect", http.MethodGet, "/v1/tree", 3, "", ""},
		{"ErrHead", http.MethodHead, "/v1/me", 405, "face 405 GET, PATCH\n", "GET, PATCH"},
		{"ErrMethodNoHeadInAllow", http.MethodPost, "/v1/me", 405, "face 405 GET, PATCH\n", "GET, PATCH"},
		{"ErrMethodHeadInAllow", http.MethodPost, "/v1/avatar", 405, "face 405 GET, HEAD\n", "GET, HEAD"},
		{"ErrDoubleSlash", http.MethodGet, "/v1//me", 404, "face 404\n", ""},
		{"ErrDotSegment", http.MethodPost, "/v1/./me", 404, "face 404\n", ""},
		{"ErrDotDot", http.MethodGet, "/v1/x/../me", 404, "face 404\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			m.ServeHTTP(w, httptest.NewRequest(tt.method, tt.path, nil))
			if (w.Code != tt.status && w.Code/100 != tt.status) || (tt.body != "" && w.Body.String() != tt.body) || w.Header().Get("Allow") != tt.allow {
				t.Fatalf("got %d %q Allow %q", w.Code, w.Body.String(), w.Header().Get("Allow"))
			}
		})
	}
	// Without the options, ServeMux's own ways: HEAD served, unclean paths redirected.
	plain := httpx.NewMux(http.NotFound, func(w http.ResponseWriter, r *http.Request) {})
	plain.HandleFunc("GET /v1/me", ok)
	for path, want := range map[string]int{"/v1/me": 2, "/v1//me": 3} { // the status class: 301 or 307 by Go version
		w := httptest.NewRecorder()
		plain.ServeHTTP(w, httptest.NewRequest(http.MethodHead, path, nil))
		if w.Code/100 != want {
			t.Fatalf("HEAD %s without the options: %d, want %d", path, w.Code, want)
		}
	}
}

func TestMuxReportsRoute(t *testing.T) {
	m := httpx.NewMux(http.NotFound, func(w http.ResponseWriter, r *http.Request) {})
	m.HandleFunc("GET /v1/users/{id}", func(w http.ResponseWriter, r *http.Request) {})
	r := httptest.NewRequest(http.MethodGet, "/v1/users/u1", nil)
	ctx, slot := httpx.WithRouteSlot(r.Context())
	m.ServeHTTP(httptest.NewRecorder(), r.WithContext(ctx))
	if *slot != "GET /v1/users/{id}" {
		t.Fatalf("route = %q", *slot)
	}
}

func TestMuxPatterns(t *testing.T) {
	m := httpx.NewMux(http.NotFound, func(w http.ResponseWriter, r *http.Request) {})
	h := func(w http.ResponseWriter, r *http.Request) {}
	m.HandleFunc("GET /v1/users/{id}", h)
	m.HandleFunc("POST /v1/users", h)
	got := m.Patterns()
	if strings.Join(got, ",") != "GET /v1/users/{id},POST /v1/users" {
		t.Fatalf("patterns %v", got)
	}
	got[0] = "changed"
	if m.Patterns()[0] != "GET /v1/users/{id}" {
		t.Fatal("Patterns shares the mux's own slice")
	}
}

func TestMuxMount(t *testing.T) {
	var seen []string
	face := httpx.NewMux(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, "face 404 "+r.URL.Path)
	}, nil)
	face.HandleFunc("GET /v3/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, "user "+r.PathValue("id"))
	})
	root := httpx.NewMux(func(w http.ResponseWriter, r *http.Request) { seen = append(seen, "root 404") }, nil)
	root.Mount("/v3", face)
	for _, p := range []string{"/v3", "/v3/users/u1", "/v3/nothing", "/v3.0/x"} {
		r := httptest.NewRequest(http.MethodGet, p, nil)
		ctx, slot := httpx.WithRouteSlot(r.Context())
		root.ServeHTTP(httptest.NewRecorder(), r.WithContext(ctx))
		seen = append(seen, "slot "+*slot)
	}
	want := "face 404 /v3,slot ,user u1,slot GET /v3/users/{id},face 404 /v3/nothing,slot ,root 404,slot "
	if got := strings.Join(seen, ","); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	// Under NoRedirect an unclean path is the mounted face's to answer.
	seen = nil
	root.NoRedirect, face.NoRedirect = true, true
	for _, p := range []string{"/v3//users/u1", "/v3/../v1", "//v3/users/u1"} {
		root.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, p, nil))
	}
	want = "face 404 /v3//users/u1,face 404 /v3/../v1,root 404"
	if got := strings.Join(seen, ","); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if len(root.Patterns()) != 0 {
		t.Fatalf("a mount is listed: %v", root.Patterns())
	}
}

func TestWithRouteSlotShared(t *testing.T) {
	ctx, outer := httpx.WithRouteSlot(context.Background())
	ctx, inner := httpx.WithRouteSlot(ctx)
	m := httpx.NewMux(http.NotFound, nil)
	m.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {})
	r := httptest.NewRequest(http.MethodGet, "/healthz", nil).WithContext(ctx)
	m.ServeHTTP(httptest.NewRecorder(), r)
	if outer != inner || *outer != "GET /healthz" || httpx.Route(r) != "GET /healthz" {
		t.Fatalf("outer %q inner %q route %q", *outer, *inner, httpx.Route(r))
	}
}
