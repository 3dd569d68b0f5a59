package httpx

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
)

// tellChi names the path of pattern as the route of a chi router the
// request came through. The server is still a chi router that mounts each
// face ("/v1/*"), and its metrics label requests by chi's route pattern:
// without this a face on a Mux is counted as its mount, not as
// "/v1/users/{id}". Face patterns are full paths, so the path replaces
// what chi gathered. It goes with chi, once the server routes with a Mux.
func tellChi(r *http.Request, pattern string) {
	rc := chi.RouteContext(r.Context())
	if rc == nil {
		return
	}
	if _, path, ok := strings.Cut(pattern, " "); ok {
		pattern = strings.TrimLeft(path, " \t")
	}
	rc.RoutePatterns = []string{pattern}
}
