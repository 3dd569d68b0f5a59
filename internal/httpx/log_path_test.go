package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/go-chi/chi/v5"
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
	console := chi.NewRouter()
	console.Get("/reset/{token}", logged)
	console.Get("/users/{id}", logged)
	root := chi.NewRouter()
	root.Get("/reset/{token}", logged)
	root.Mount("/console", console)
	root.NotFound(logged)
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
