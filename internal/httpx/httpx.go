// Package httpx holds the HTTP plumbing every face shares: the default
// status of each fault kind, bearer-token parsing, the JSON body decoder
// and writer, the router (Mux) and the redaction of secrets in logged
// paths. It sits at the edge with the faces; the core never imports it.
package httpx

import (
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/watchword/watchword/internal/fault"
)

// statusByKind is the default HTTP status of each fault kind. A face may
// override it for particular codes where its protocol says otherwise.
var statusByKind = map[fault.Kind]int{
	fault.Invalid:         http.StatusBadRequest,
	fault.Unauthenticated: http.StatusUnauthorized,
	fault.Forbidden:       http.StatusForbidden,
	fault.NotFound:        http.StatusNotFound,
	fault.Conflict:        http.StatusConflict,
	fault.Policy:          http.StatusBadRequest,
	fault.RateLimited:     http.StatusTooManyRequests,
	fault.Unavailable:     http.StatusServiceUnavailable,
	fault.TooLarge:        http.StatusRequestEntityTooLarge,
	fault.Internal:        http.StatusInternalServerError,
}

// Status returns the HTTP status for a fault kind; unknown kinds are 500.
func Status(k fault.Kind) int {
	if s, ok := statusByKind[k]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// SetRetryAfter sets Retry-After (whole seconds, at least 1) when d > 0.
func SetRetryAfter(h http.Header, d time.Duration) {
	if d > 0 {
		h.Set("Retry-After", strconv.Itoa(max(1, int(d.Seconds()+0.5))))
	}
}

// Bearer returns the token of an "Authorization: Bearer …" header.
func Bearer(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false
	}
	return token, true
}

// RemoteIP is the address of the connection's peer: r.RemoteAddr without
// its port, or whole when it has none.
func RemoteIP(r *http.Request) string {
	ip, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return ip
}
