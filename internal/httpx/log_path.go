package httpx

import (
	"net/http"
	"net/url"
	"strings"
)

// SecretParam is the name a route gives a path parameter that carries a
// secret, such as the token a mailed reset link ends with
// (/reset/{token}). LogPath hides its value.
const SecretParam = "token"

// redacted replaces a secret in a logged path.
const redacted = "[redacted]"

// LogPath is r's path as logs may show it: the segment a {token} (or
// {token...}) wildcard of the matched pattern covers is replaced. Call it
// after routing (in a middleware once the handler has returned, or in a
// handler): the pattern is Route's (the route slot of WithRouteSlot, else
// r.Pattern in a handler); before, or when no pattern matched, the path is
// returned unchanged. A reset link's token would otherwise sit in the
// access log, readable by anyone with the logs, and reset the password of
// its user.
func LogPath(r *http.Request) string {
	if p, ok := redactPattern(r.URL, Route(r)); ok {
		return p
	}
	return r.URL.Path
}

// redactPattern is u's path with the segments that pattern's {token} (or
// {token...}) wildcard matched replaced, and whether there was one.
// ServeMux matches wildcards against the escaped path's segments, so that is
// what is split: an escaped slash inside a token stays in its one segment.
func redactPattern(u *url.URL, pattern string) (string, bool) {
	pattern = PatternPath(pattern)
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
