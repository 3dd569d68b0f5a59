package server_test

import (
	"crypto/tls"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/watchword/watchword/internal/metrics"
	"github.com/watchword/watchword/internal/server"
)

// TestHSTS: Strict-Transport-Security is on every answer served over
// HTTPS, ours or a trusted proxy's (X-Forwarded-Proto with --trust-proxy),
// and on none served over HTTP or claimed HTTPS by anyone else.
func TestHSTS(t *testing.T) {
	faces := server.Faces{Mounts: map[string]http.Handler{"/v3": testFace()}}
	plain := server.Handler(server.Config{}, faces, healthy{}, metrics.New(), slog.New(slog.DiscardHandler))
	proxied := server.Handler(server.Config{TrustProxy: true}, faces, healthy{}, metrics.New(), slog.New(slog.DiscardHandler))
	tests := []struct {
		name   string
		h      http.Handler
		remote string
		tls    bool
		proto  []string
		want   string
	}{
		{"OKOwnTLS", plain, "203.0.113.9:4000", true, nil, "max-age=31536000"},
		{"OKOwnTLSProxyOff", plain, "127.0.0.1:4000", true, []string{"http"}, "max-age=31536000"},
		{"OKTrustedProxy", proxied, "10.1.2.3:4000", false, []string{"https"}, "max-age=31536000"},
		{"OKTrustedProxyAppends", proxied, "127.0.0.1:4000", false, []string{"http, HTTPS"}, "max-age=31536000"},
		{"NoPlainHTTP", plain, "127.0.0.1:4000", false, nil, ""},
		{"NoProxyNotTrusted", plain, "127.0.0.1:4000", false, []string{"https"}, ""},
		{"NoUntrustedPeer", proxied, "203.0.113.9:4000", false, []string{"https"}, ""},
		{"NoProxySaysHTTP", proxied, "127.0.0.1:4000", false, []string{"https, http"}, ""},
		{"NoProxySaysNothing", proxied, "127.0.0.1:4000", false, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, path := range []string{"/healthz", "/v3/users/u1", "/nowhere"} {
				r := httptest.NewRequest(http.MethodGet, path, nil)
				r.RemoteAddr = tt.remote
				if tt.tls {
					r.TLS = &tls.ConnectionState{}
				}
				for _, p := range tt.proto {
					r.Header.Add("X-Forwarded-Proto", p)
				}
				w := httptest.NewRecorder()
				tt.h.ServeHTTP(w, r)
				if got := w.Header().Get("Strict-Transport-Security"); got != tt.want {
					t.Errorf("%s: Strict-Transport-Security = %q, want %q", path, got, tt.want)
				}
			}
		})
	}
}
