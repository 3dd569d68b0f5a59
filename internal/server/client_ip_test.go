package server

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/watchword/watchword/internal/identity"
)

func TestClientIP(t *testing.T) {
	custom, err := ParseTrustedProxies("203.0.113.0/24, 2001:db8::1")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, remote string
		xff          []string
		realIP       string
		trust        bool
		want         string
	}{
		{"NoTrust", "192.0.2.1:1234", []string{"198.51.100.1"}, "", false, "192.0.2.1"},
		{"DirectClientIgnoresHeader", "192.0.2.1:1234", []string{"198.51.100.1"}, "", true, "192.0.2.1"},
		{"OneProxy", "127.0.0.1:1234", []string{"198.51.100.1"}, "", true, "198.51.100.1"},
		{"ClientWrittenLeftmost", "127.0.0.1:1234", []string{"6.6.6.6, 198.51.100.1"}, "", true, "198.51.100.1"},
		{"ChainOfProxies", "127.0.0.1:1234", []string{"6.6.6.6, 198.51.100.1, 10.0.0.5", "192.168.1.2"}, "", true, "198.51.100.1"},
		{"GarbageHopEndsTheWalk", "127.0.0.1:1234", []string{"198.51.100.1, not-an-ip, 10.0.0.5"}, "", true, "10.0.0.5"},
		{"AllTrusted", "127.0.0.1:1234", []string{"10.0.0.9, 10.0.0.5"}, "", true, "10.0.0.9"},
		{"RealIPWithoutXFF", "127.0.0.1:1234", nil, "198.51.100.7", true, "198.51.100.7"},
		{"RealIPIgnoredWithXFF", "127.0.0.1:1234", []string{"198.51.100.1"}, "198.51.100.7", true, "198.51.100.1"},
		{"MappedIPv4", "[::1]:1234", []string{"::ffff:198.51.100.1"}, "", true, "198.51.100.1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got string
			h := clientIP(tc.trust, nil)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got = identity.RequestFrom(r.Context()).IP
			}))
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.remote
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if tc.realIP != "" {
				r.Header.Set("X-Real-Ip", tc.realIP)
			}
			h.ServeHTTP(httptest.NewRecorder(), r)
			if got != tc.want {
				t.Fatalf("client IP %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("CustomList", func(t *testing.T) {
		// With a list of its own, the private ranges are no longer trusted.
		if got := forwardedClient("203.0.113.9", http.Header{"X-Forwarded-For": {"198.51.100.1, 10.0.0.5"}}, custom); got != "10.0.0.5" {
			t.Fatalf("got %q", got)
		}
		if got := forwardedClient("127.0.0.1", http.Header{"X-Forwarded-For": {"198.51.100.1"}}, custom); got != "127.0.0.1" {
			t.Fatalf("loopback is not in the custom list: got %q", got)
		}
	})
	t.Run("ParseErrors", func(t *testing.T) {
		if _, err := ParseTrustedProxies("10.0.0.0/8, nope"); err == nil {
			t.Fatal("accepted a bad entry")
		}
		if got, _ := ParseTrustedProxies(""); len(got) != len(DefaultTrustedProxies) {
			t.Fatalf("empty list: %v", got)
		}
	})
}
