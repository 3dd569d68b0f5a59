package httpx

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/go-chi/chi/v5"
)

// SecretParam is the name a route gives a path parameter that carries a
// secret, such as the token a mailed reset link ends with
// (/reset/{token}). LogPath hides its value.
const SecretParam = "token"

// redacted replaces a secret in a logged path.
const redacted = "[redacted]"

// LogPath is r's path as logs may show it: the value of every route
// parameter named SecretParam is replaced. Call it after routing (in a
// middleware, once the handler has returned, or in a handler): the route is
// the pattern a Mux matched (Route: the route slot of WithRouteSlot, else
// r.Pattern in a handler) or, for a chi router, its route context;
// before, the path is returned unchanged.
// A reset link's token would otherwise sit in the access log, readable by
// anyone with the logs, and reset the password of its user.
func LogPath(r *http.Request) string {
	if pattern := Route(r); pattern != "" {
		return redactPattern(r.URL, pattern)
	}
	p := r.URL.Path
	rc := chi.RouteContext(r.Context())
	if rc == nil {
		return p
	}
	for i, k := range rc.URLParams.Keys {
		if k != SecretParam || i >= len(rc.URLParams.Values) || rc.URLParams.Values[i] == "" {
			continue
		}
		v := rc.URLParams.Values[i]
		p = strings.ReplaceAll(p, v, redacted)
		// chi matches the escaped path when there is one; hide that spelling too.
		if u, err := url.PathUnescape(v); err == nil && u != v {
			p = strings.ReplaceAll(p, u, redacted)
		}
	}
	return p
}

// redactPattern is u's path with the segments that pattern's {token} (or
// {token...}) wildcard matched replaced. ServeMux matches wildcards against
// the escaped path's segments, so that is what is split: an escaped slash
// inside a token stays in its one segment.
func redactPattern(u *url.URL, pattern string) string {
	if _, rest, ok := strings.Cut(pattern, " "); ok {
		pattern = strings.TrimLeft(rest, " \t")
	}
	if i := strings.IndexByte(pattern, '/'); i > 0 {
		pattern = pattern[i:] // a host
	}
	want := strings.Split(pattern, "/")
	segs := strings.Split(u.EscapedPath(), "/")
	hidden := false
	for i, w := range want {
		if i >= len(segs) {
			break
		}
		switch w {
		case "{" + SecretParam + "}":
			segs[i], hidden = redacted, true
		case "{" + SecretParam + "...}":
			segs, hidden = append(segs[:i], redacted), true
		}
	}
	if !hidden {
		return u.Path
	}
	p := strings.Join(segs, "/")
	if unescaped, err := url.PathUnescape(p); err == nil {
		return unescaped
	}
	return p
}
