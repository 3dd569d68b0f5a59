package console

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"mime"
	"net/http"
	"net/url"

	"github.com/watchword/watchword/internal/fault"
)

// The CSRF token travels in an HttpOnly, SameSite=Strict cookie and, for
// each post, in a hidden form field (or, for the JSON check, a header).
const (
	csrfCookie = "ww_csrf"
	csrfField  = "csrf_token"
	csrfHeader = "X-CSRF-Token"
	csrfLen    = 43 // 32 random bytes, base64url without padding
)

type csrfKey struct{}

// csrf gives every browser a random token and refuses any post whose
// Origin is another site's, or whose form token does not match the cookie.
func (h *handler) csrf(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, had := "", false
		if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) == csrfLen {
			token, had = c.Value, true
		} else {
			b := make([]byte, 32)
			_, _ = rand.Read(b)
			token = base64.RawURLEncoding.EncodeToString(b)
			http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: token, Path: Path, HttpOnly: true,
				Secure: h.secureCookies(r), SameSite: http.SameSiteStrictMode, MaxAge: 365 * 24 * 3600})
		}
		r = r.WithContext(context.WithValue(r.Context(), csrfKey{}, token))
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		if !h.sameOrigin(r) {
			h.fail(w, r, errCSRF())
			return
		}
		given := r.Header.Get(csrfHeader)
		if given == "" {
			if err := h.parseForm(w, r); err != nil {
				h.fail(w, r, err)
				return
			}
			given = r.PostForm.Get(csrfField)
		}
		if !had || subtle.ConstantTimeCompare([]byte(given), []byte(token)) != 1 {
			h.fail(w, r, errCSRF())
			return
		}
		next.ServeHTTP(w, r)
	})
}

// parseForm reads a posted form, bounded: a multipart form (the avatar
// upload) may carry one picture more. It is kept in memory, since the
// server only cleans up temporary files of the request it made itself.
// Errors: TooLarge (request.too_large), Invalid (request.form).
func (h *handler) parseForm(w http.ResponseWriter, r *http.Request) error {
	limit := h.cfg.MaxFormBytes
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	multipart := ct == "multipart/form-data"
	if multipart {
		limit += h.svc.Avatars.MaxBytes()
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	var err error
	if multipart {
		err = r.ParseMultipartForm(limit)
	} else {
		err = r.ParseForm()
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return fault.New(fault.TooLarge, "request.too_large", "the form is too large")
	case err != nil:
		return fault.New(fault.Invalid, "request.form", "the form could not be read")
	}
	return nil
}

// sameOrigin reports whether a post may come from where it says it comes
// from: a browser naming another site in Sec-Fetch-Site or Origin is
// refused; a client naming none is left to the token check.
func (h *handler) sameOrigin(r *http.Request) bool {
	site := r.Header.Get("Sec-Fetch-Site")
	switch site {
	case "", "same-origin", "none":
	default:
		return false
	}
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	if o == "null" {
		// Our own Referrer-Policy (no-referrer) makes browsers send an
		// opaque Origin with our forms; the browser's Sec-Fetch-Site then
		// says whether the post is ours. A sandboxed frame elsewhere also
		// sends "null", but with cross-site.
		return site == "same-origin"
	}
	u, err := url.Parse(o)
	if err != nil || u.Host == "" {
		return false
	}
	if u.Host == r.Host {
		return true
	}
	return h.cfg.PublicURL != "" && o == publicOrigin(h.cfg.PublicURL)
}

// publicOrigin is the scheme://host of a public URL.
func publicOrigin(public string) string {
	u, err := url.Parse(public)
	if err != nil {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// csrfToken is the request's CSRF token, for the page's forms.
func csrfToken(r *http.Request) string {
	t, _ := r.Context().Value(csrfKey{}).(string)
	return t
}

func errCSRF() error {
	return fault.New(fault.Forbidden, "csrf.invalid", "the form has expired or did not come from this site; reload the page and try again")
}
