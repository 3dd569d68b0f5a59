package httpx_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/watchword/watchword/internal/httpx"
)

func TestLogPath(t *testing.T) {
	const secret = "yOZJDd21RBcJT78f2SKx092gT9byOospqh2VAqTx"
	tests := []struct {
		name, path, want string
	}{
		{"ResetLink", "/reset/" + secret, "/reset/[redacted]"},
		{"MountedFace", "/console/reset/" + secret, "/console/reset/[redacted]"},
		{"Escaped", "/console/reset/ab%2Fcd", "/console/reset/[redacted]"},
		{"OtherParamsKept", "/console/users/u-123", "/console/users/u-123"},
		{"Unrouted", "/nowhere/" + secret, "/nowhere/" + secret},
	}
	var got string
	logged := func(w http.ResponseWriter, r *http.Request) { got = httpx.LogPath(r) }
	console := httpx.NewMux(logged, nil)
	console.HandleFunc("GET /console/reset/{token}", logged)
	console.HandleFunc("GET /console/users/{id}", logged)
	root := httpx.NewMux(logged, nil)
	root.HandleFunc("GET /reset/{token}", logged)
	root.Mount("/console", console)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got = ""
			root.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, tt.path, nil))
			if got != tt.want {
				t.Fatalf("LogPath(%s) = %q, want %q", tt.path, got, tt.want)
			}
		})
	}
	if p := httpx.LogPath(httptest.NewRequest(http.MethodGet, "/reset/x", nil)); p != "/reset/x" {
		t.Fatalf("before routing: %q", p)
	}
}

// TestLogPathMux: under a Mux the token is hidden both in the handler
// (r.Pattern) and outside the face, where a middleware holds the route slot.
func TestLogPathMux(t *testing.T) {
	const secret = "yOZJDd21RBcJT78f2SKx092gT9byOospqh2VAqTx"
	tests := []struct {
		name, path, want string
	}{
		{"ResetLink", "/console/reset/" + secret, "/console/reset/[redacted]"},
		{"Escaped", "/console/reset/ab%2Fcd", "/console/reset/[redacted]"},
		{"Deeper", "/console/reset/" + secret + "/more", "/console/reset/[redacted]/more"},
		{"Rest", "/files/" + secret + "/a/b", "/files/[redacted]"},
		{"OtherParamsKept", "/console/users/u-123", "/console/users/u-123"},
		{"Unrouted", "/nowhere/" + secret, "/nowhere/" + secret},
	}
	var inside string
	logged := func(w http.ResponseWriter, r *http.Request) { inside = httpx.LogPath(r) }
	m := httpx.NewMux(logged, func(w http.ResponseWriter, r *http.Request) {})
	m.HandleFunc("GET /console/reset/{token}", logged)
	m.HandleFunc("GET /console/reset/{token}/more", logged)
	m.HandleFunc("GET example.test/files/{token...}", logged)
	m.HandleFunc("GET /console/users/{id}", logged)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inside = ""
			r := httptest.NewRequest(http.MethodGet, "http://example.test"+tt.path, nil)
			ctx, _ := httpx.WithRouteSlot(r.Context())
			r = r.WithContext(ctx)
			m.ServeHTTP(httptest.NewRecorder(), r)
			if inside != tt.want {
				t.Fatalf("in the handler: LogPath(%s) = %q, want %q", tt.path, inside, tt.want)
			}
			if got := httpx.LogPath(r); got != tt.want {
				t.Fatalf("outside the face: LogPath(%s) = %q, want %q", tt.path, got, tt.want)
			}
		})
	}
}

// TestLogPathMounted: a face mounted on a root Mux that hands its own Mux a
// copy of the request (r.WithContext); the middleware outside both holds
// the request the root ServeMux set r.Pattern on (the mount, "/console/"),
// and still hides the token the face's pattern names.
func TestLogPathMounted(t *testing.T) {
	const secret = "yOZJDd21RBcJT78f2SKx092gT9byOospqh2VAqTx"
	mux := httpx.NewMux(http.NotFound, nil)
	mux.HandleFunc("GET /console/reset/{token}", func(w http.ResponseWriter, r *http.Request) {})
	type key struct{}
	face := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mux.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), key{}, "face")))
	})
	root := httpx.NewMux(http.NotFound, nil)
	root.Mount("/console", face)
	r := httptest.NewRequest(http.MethodGet, "/console/reset/"+secret, nil)
	ctx, _ := httpx.WithRouteSlot(r.Context())
	r = r.WithContext(ctx)
	root.ServeHTTP(httptest.NewRecorder(), r)
	if got := httpx.LogPath(r); got != "/console/reset/[redacted]" {
		t.Fatalf("LogPath = %q (r.Pattern %q)", got, r.Pattern)
	}
}
