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
// middleware, once the handler has returned, or in a handler), when chi
// has filled the route context; before, the path is returned unchanged.
// A reset link's token would otherwise sit in the access log, readable by
// anyone with the logs, and reset the password of its user.
func LogPath(r *http.Request) string {
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
