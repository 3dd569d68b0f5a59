package console

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// sessionCookie holds the user token the core issued at login.
const sessionCookie = "ww_session"

type userKey struct{}

// authenticate turns the session cookie into the caller's principal. A
// token the core no longer accepts is dropped, and the caller is anonymous.
func (h *handler) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		if err != nil || c.Value == "" {
			next.ServeHTTP(w, r)
			return
		}
		p, err := h.svc.Auth.Authenticate(r.Context(), c.Value)
		if fault.Is(err, fault.Unauthenticated) {
			h.clearSession(w, r)
			next.ServeHTTP(w, r)
			return
		}
		if err != nil {
			h.fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(identity.WithPrincipal(r.Context(), p)))
	})
}

// requireLogin sends anonymous callers to the login page, coming back here
// afterwards, and loads the signed-in user for the page. A session
// restricted to changing the password is sent to the password page from
// every other page: the core refuses its writes anyway, but the pages that
// only read (sessions, policies, credentials) would otherwise show, and
// their forms fail one by one, instead of the one thing it must do first.
func (h *handler) requireLogin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := identity.PrincipalFrom(r.Context())
		if !ok {
			h.toLogin(w, r)
			return
		}
		if p.Restricted != "" && !restrictedMayUse(strings.TrimPrefix(r.URL.Path, Path)) {
			h.fail(w, r, fault.New(fault.Forbidden, "password.change_required", "the password must be changed before anything else"))
			return
		}
		u, err := h.svc.Users.Me(r.Context())
		if err != nil {
			h.fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), userKey{}, u)))
	})
}

// restrictedMayUse reports whether a session restricted to changing the
// password may use path: the password page and its live check, and logout.
func restrictedMayUse(path string) bool {
	switch path {
	case "/password", "/password/check", "/logout":
		return true
	}
	return false
}

// toLogin redirects to the login page; a page asked for by GET is where the
// login comes back to.
func (h *handler) toLogin(w http.ResponseWriter, r *http.Request) {
	target := Path + "/login"
	if r.Method == http.MethodGet {
		target += "?next=" + url.QueryEscape(r.URL.RequestURI())
	} else {
		h.setFlash(w, r, flash{Kind: "warning", Key: "page.flash.session_expired"})
	}
	redirect(w, r, target)
}

// currentUser is the signed-in user that requireLogin loaded.
func currentUser(r *http.Request) *identity.User {
	u, _ := r.Context().Value(userKey{}).(*identity.User)
	return u
}

// setSession stores a new user token, for as long as the core's session lasts.
func (h *handler) setSession(w http.ResponseWriter, r *http.Request, token string, expires time.Time) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: Path, Expires: expires,
		HttpOnly: true, Secure: h.secureCookies(r), SameSite: http.SameSiteLaxMode})
}

// clearSession removes the user token from the browser.
func (h *handler) clearSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: Path, MaxAge: -1,
		HttpOnly: true, Secure: h.secureCookies(r), SameSite: http.SameSiteLaxMode})
}
