package console

import (
	"net/http"
	"strings"
)

// contentSecurityPolicy allows nothing but the console's own files: no
// inline script or style, no framing, forms posting only here.
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
	"frame-ancestors 'none'; form-action 'self'; base-uri 'none'"

// secure sets the headers every console response carries. Pages are never
// cached: they show personal data, and once an access key's secret.
func (h *handler) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", contentSecurityPolicy)
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		hd.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// secureCookies reports whether cookies must be Secure: the request came
// over TLS, or the public URL is https (TLS ends at a proxy).
func (h *handler) secureCookies(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(h.cfg.PublicURL, "https://")
}

// localPath returns next when it is a path inside the console, else the
// profile page: a login's "next" must never send anyone elsewhere.
func localPath(next string) string {
	if strings.HasPrefix(next, Path+"/") && !strings.HasPrefix(next, "//") &&
		!strings.ContainsAny(next, "\\\r\n") && !strings.Contains(next, "/../") {
		return next
	}
	return Path + "/profile"
}

// redirect answers a form post (or a page needing another) with 303 See
// Other to p, a path inside the console.
func redirect(w http.ResponseWriter, r *http.Request, p string) {
	http.Redirect(w, r, p, http.StatusSeeOther)
}
