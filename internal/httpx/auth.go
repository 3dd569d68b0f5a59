package httpx

import (
	"context"
	"net/http"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// Authenticator turns a bearer token into a principal; the core's AuthService is one.
type Authenticator interface {
	Authenticate(ctx context.Context, token string) (identity.Principal, error)
}

// BearerAuth is middleware that requires "Authorization: Bearer", puts the
// token's principal in the request context, and answers failures through
// fail in the face's own error format, with RFC 6750's WWW-Authenticate.
func BearerAuth(auth Authenticator, fail func(http.ResponseWriter, *http.Request, error)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			token, ok := Bearer(r)
			if !ok {
				w.Header().Set("WWW-Authenticate", `Bearer realm="watchword"`)
				fail(w, r, fault.New(fault.Unauthenticated, "auth.required", "a bearer token is required"))
				return
			}
			p, err := auth.Authenticate(r.Context(), token)
			if err != nil {
				w.Header().Set("WWW-Authenticate", `Bearer realm="watchword", error="invalid_token"`)
				fail(w, r, err)
				return
			}
			next.ServeHTTP(w, r.WithContext(identity.WithPrincipal(r.Context(), p)))
		})
	}
}
