package server

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"

	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
)

// DefaultTrustedProxies are the proxies trusted when --trusted-proxies is
// not given: loopback and the private ranges, where a reverse proxy in
// front of the service usually sits.
var DefaultTrustedProxies = []netip.Prefix{
	netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("::1/128"),
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("fc00::/7"),
}

// ParseTrustedProxies reads a comma-separated list of CIDRs or single
// addresses. An empty list means DefaultTrustedProxies.
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	if strings.TrimSpace(s) == "" {
		return DefaultTrustedProxies, nil
	}
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("trusted proxies: %q is neither a CIDR nor an IP address", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// clientIP puts the client's address in the request's context. Without
// trustProxy it is the connection's. With it, and only when the connection
// comes from a trusted proxy, it is the rightmost X-Forwarded-For hop that
// is not a trusted proxy: every hop left of it was written by the client
// (or by proxies nobody vouches for) and could be anything, so a client
// that rotates the leftmost entry still counts as one address. X-Real-Ip is
// read only when there is no X-Forwarded-For.
func clientIP(trustProxy bool, trusted []netip.Prefix) func(http.Handler) http.Handler {
	if trusted == nil {
		trusted = DefaultTrustedProxies
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ip := httpx.RemoteIP(r)
			if trustProxy {
				ip = forwardedClient(ip, r.Header, trusted)
			}
			ctx := identity.WithRequest(r.Context(), identity.Request{IP: ip, UserAgent: r.UserAgent()})
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// forwardedClient walks the forwarding chain from the connection's address
// leftwards while each hop is a trusted proxy, and returns the first hop
// that is not (or the leftmost one when all are trusted). A hop that is not
// an IP address ends the walk: nothing left of it can be believed, so the
// last trusted hop is the client as far as anyone knows.
func forwardedClient(remote string, h http.Header, trusted []netip.Prefix) string {
	if !isTrusted(remote, trusted) {
		return remote
	}
	var hops []string
	for _, v := range h.Values("X-Forwarded-For") {
		for _, hop := range strings.Split(v, ",") {
			hops = append(hops, strings.TrimSpace(hop))
		}
	}
	if len(hops) == 0 {
		if a, err := netip.ParseAddr(strings.TrimSpace(h.Get("X-Real-Ip"))); err == nil {
			return a.Unmap().String()
		}
		return remote
	}
	client := remote
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(hops[i])
		if err != nil {
			return client
		}
		client = a.Unmap().String()
		if !isTrusted(client, trusted) {
			return client
		}
	}
	return client
}

func isTrusted(ip string, trusted []netip.Prefix) bool {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
