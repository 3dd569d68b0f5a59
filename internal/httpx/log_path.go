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
	// chi sets r.Pattern to its own pattern ("/console/*"), naming no
	// token: then the token is in chi's route context (shareSecret).
	if p, ok := redactPattern(r.URL, Route(r)); ok {
		return p
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
// {token...}) wildcard matched replaced, and whether there was one. ServeMux matches wildcards against
// the escaped path's segments, so that is what is split: an escaped slash
// inside a token stays in its one segment.
func redactPattern(u *url.URL, pattern string) (string, bool) {
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
		return "", false
	}
	p := strings.Join(segs, "/")
	if unescaped, err := url.PathUnescape(p); err == nil {
		return unescaped, true
	}
	return p, true
}

// shareSecret copies the value of pattern's {token} wildcard into a chi
// route context the request came through, where LogPath finds it for the
// server's access and panic logs, which run outside the face and see
// neither r.Pattern nor, while the server is a chi router, a route slot.
// It goes with chi, once the server routes with a Mux.
func shareSecret(r *http.Request, pattern string) {
	if !strings.Contains(pattern, "{"+SecretParam) {
		return
	}
	if rc := chi.RouteContext(r.Context()); rc != nil {
		rc.URLParams.Add(SecretParam, r.PathValue(SecretParam))
	}
}
