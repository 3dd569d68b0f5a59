package server_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/metrics"
	"github.com/watchword/watchword/internal/server"
)

// testFace is a face on its full paths, as every face routes.
func testFace() http.Handler {
	m := httpx.NewMux(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "face 404 "+r.URL.Path, http.StatusNotFound)
	}, func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "face 405", http.StatusMethodNotAllowed)
	})
	m.NoImplicitHead, m.NoRedirect = true, true
	m.HandleFunc("GET /v3/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "user "+r.PathValue("id"))
	})
	return m
}

// TestRoutes: the root routes on full paths, hands each face its prefix
// (unclean paths under it too, as chi's Mount did), and answers the rest
// with Root when there is one.
func TestRoutes(t *testing.T) {
	face := testFace()
	console := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "console "+r.URL.Path) })
	root := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "root "+r.Method+" "+r.URL.Path+" Allow="+w.Header().Get("Allow"))
	})
	faces := server.Faces{Mounts: map[string]http.Handler{"/v3": face, "/v3.0": face, "/console": console}}
	bare := server.Handler(server.Config{}, faces, healthy{}, metrics.New(), slog.New(slog.DiscardHandler))
	faces.Root = root
	withRoot := server.Handler(server.Config{}, faces, healthy{}, metrics.New(), slog.New(slog.DiscardHandler))
	tests := []struct {
		name    string
		h       http.Handler
		method  string
		path    string
		status  int
		want    string // the body starts with it
		allow   string
		locatin string
	}{
		{"Healthz", bare, "GET", "/healthz", 200, `{"status":"ok"}`, "", ""},
		{"Metrics", bare, "GET", "/metrics", 200, "# HELP", "", ""},
		{"Face", bare, "GET", "/v3/users/u1", 200, "user u1", "", ""},
		{"FaceOtherPrefix", bare, "GET", "/v3.0/users/u1", 404, "face 404 /v3.0/users/u1", "", ""},
		{"FaceUnknown", bare, "GET", "/v3/nothing", 404, "face 404 /v3/nothing", "", ""},
		{"FaceUnclean", bare, "GET", "/v3//users/u1", 404, "face 404 /v3//users/u1", "", ""},
		{"FaceMethod", bare, "DELETE", "/v3/users/u1", 405, "face 405", "GET", ""},
		{"Home", bare, "GET", "/", 302, "", "", "/console/"},
		{"ResetLink", bare, "GET", "/reset/abc", 302, "", "", "/console/reset/abc"},
		{"Console", bare, "GET", "/console/reset/abc", 200, "console /console/reset/abc", "", ""},
		{"ErrNotFound", bare, "GET", "/nothing", 404, "404 page not found", "", ""},
		{"ErrHeadHealthz", bare, "HEAD", "/healthz", 405, "", "GET", ""},
		{"ErrPostHome", bare, "POST", "/", 405, "", "GET", ""},
		{"RootNotFound", withRoot, "GET", "/nothing", 200, "root GET /nothing Allow=", "", ""},
		{"RootMethod", withRoot, "POST", "/", 200, "root POST / Allow=", "", ""},
		{"RootUnclean", withRoot, "GET", "//healthz", 200, "root GET //healthz Allow=", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			tt.h.ServeHTTP(w, httptest.NewRequest(tt.method, tt.path, nil))
			if w.Code != tt.status || !strings.HasPrefix(w.Body.String(), tt.want) || w.Header().Get("Allow") != tt.allow ||
				w.Header().Get("Location") != tt.locatin || w.Header().Get("Cache-Control") != "no-store" {
				t.Fatalf("%d Allow %q Location %q Cache-Control %q\n%s", w.Code, w.Header().Get("Allow"), w.Header().Get("Location"),
					w.Header().Get("Cache-Control"), w.Body.String())
			}
		})
	}
}

// TestMetricsLabelRoutes: requests are counted by the pattern that served
// them, the server's or a face's; what no pattern served is "unmatched",
// and no raw path (an ID, a token) becomes a label.
func TestMetricsLabelRoutes(t *testing.T) {
	m := metrics.New()
	h := server.Handler(server.Config{}, server.Faces{Mounts: map[string]http.Handler{"/v3": testFace(), "/console": testFace()}},
		healthy{}, m, slog.New(slog.DiscardHandler))
	for _, p := range []string{"/healthz", "/v3/users/u-secret-1", "/v3/nothing-secret-2", "/nowhere-secret-3", "/reset/secret-4"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, p, nil))
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body := w.Body.String()
	for _, want := range []string{
		`watchword_http_requests_total{method="GET",route="/healthz",status="200"} 1`,
		`watchword_http_requests_total{method="GET",route="/v3/users/{id}",status="200"} 1`,
		`watchword_http_requests_total{method="GET",route="unmatched",status="404"} 2`,
		`watchword_http_requests_total{method="GET",route="/reset/{token}",status="302"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("no %s in\n%s", want, grep(body, "watchword_http_requests_total"))
		}
	}
	if strings.Contains(body, "secret") {
		t.Fatalf("a raw path became a label:\n%s", grep(body, "secret"))
	}
}

func grep(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
