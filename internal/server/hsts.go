package server

import (
	"net/http"
	"net/netip"
	"strings"

	"github.com/watchword/watchword/internal/httpx"
)

// hstsValue tells browsers to use HTTPS only for this host for a year.
// includeSubDomains and preload are left to the operator's proxy: they
// bind every name under the host, which the service cannot know to be
// safe.
const hstsValue = "max-age=31536000"

// hsts sets Strict-Transport-Security on every answer served over HTTPS:
// this server's own TLS (--tls-cert), or, with trustProxy, a trusted
// proxy's whose X-Forwarded-Proto says https. Over plain HTTP the header
// would be ignored by browsers (RFC 6797 §7.2), and a client cannot earn
// it by writing X-Forwarded-Proto itself: only a trusted proxy's counts.
func hsts(trustProxy bool, trusted []netip.Prefix) func(http.Handler) http.Handler {
	if trusted == nil {
		trusted = DefaultTrustedProxies
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.TLS != nil || (trustProxy && forwardedHTTPS(r.Header) && isTrusted(httpx.RemoteIP(r), trusted)) {
				w.Header().Set("Strict-Transport-Security", hstsValue)
			}
			next.ServeHTTP(w, r)
		})
	}
}

// forwardedHTTPS reports whether the nearest proxy says the client used
// HTTPS: the last X-Forwarded-Proto value, since a proxy that appends
// rather than replaces writes its own at the end.
func forwardedHTTPS(h http.Header) bool {
	vals := h.Values("X-Forwarded-Proto")
	if len(vals) == 0 {
		return false
	}
	last := vals[len(vals)-1]
	if i := strings.LastIndexByte(last, ','); i >= 0 {
		last = last[i+1:]
	}
	return strings.EqualFold(strings.TrimSpace(last), "https")
}
