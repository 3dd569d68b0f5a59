package console

import (
	"context"
	"net/http"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
)

// message is err for people, in lang: the translation of error.<code>, else
// of error.kind.<kind>. Internal errors are logged here, once, with the
// request ID, and shown as generic text.
func (h *handler) message(r *http.Request, lang string, err error) string {
	fe := fault.As(err)
	if fe.Kind == fault.Internal {
		h.log.Error("internal error", "request_id", r.Header.Get("X-Request-Id"), "method", r.Method,
			"path", httpx.LogPath(r), "err", err)
		return h.cat.T(lang, "error.internal", nil)
	}
	args := map[string]any{}
	if fe.RetryAfter > 0 {
		args["seconds"] = int(fe.RetryAfter.Seconds() + 0.5)
	}
	if key := "error." + fe.Code; h.cat.T(lang, key, args) != key {
		return h.cat.T(lang, key, args)
	}
	return h.cat.T(lang, "error.kind."+string(fe.Kind), args)
}

// errorPage is the data of the page showing a failure.
type errorPage struct {
	page
	Status int
}

// fail answers a request that went wrong. A gone session leads to the
// login page, a password that must be changed to the password page;
// anything else is an error page with the kind's status.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case sessionGone(err):
		h.clearSession(w, r)
		h.toLogin(w, r)
		return
	case fault.CodeOf(err) == "password.change_required":
		// The password page says why itself, once (page.password.restricted).
		redirect(w, r, Path+"/password")
		return
	}
	fe := fault.As(err)
	p := errorPage{page: h.newPage(w, r, "page.error.title", ""), Status: httpx.Status(fe.Kind)}
	p.retryAfter = fe.RetryAfter
	p.Error = h.message(r, p.Lang, err)
	h.render(w, r, p.Status, "error", p)
}

func (h *handler) notFound(w http.ResponseWriter, r *http.Request) {
	h.fail(w, h.withSignedInUser(r), fault.New(fault.NotFound, "route.not_found", "no such page"))
}

// withSignedInUser loads the signed-in user, if any, for a page no route claimed
// (404, 405): that page keeps the navigation a signed-in user had, rather
// than looking signed out. A session restricted to changing its password
// gets no menu, as on its other pages.
func (h *handler) withSignedInUser(r *http.Request) *http.Request {
	p, ok := identity.PrincipalFrom(r.Context())
	if !ok || p.Restricted != "" || currentUser(r) != nil {
		return r
	}
	u, err := h.svc.Users.Me(r.Context())
	if err != nil {
		return r
	}
	return r.WithContext(context.WithValue(r.Context(), userKey{}, u))
}

// methodNotAllowed is the 405 page; the mux has set Allow to the methods
// the path takes.
func (h *handler) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	r = h.withSignedInUser(r)
	p := errorPage{page: h.newPage(w, r, "page.error.title", ""), Status: http.StatusMethodNotAllowed}
	p.Error = h.cat.T(p.Lang, "error.request.method", nil)
	h.render(w, r, p.Status, "error", p)
}

// setRetryAfter gives every 429 and 503 answer a Retry-After: the wait the
// core gave, else a minute for a limit and a second for a busy server, so
// that no client is left to guess and retry at once.
func setRetryAfter(hd http.Header, status int, wait time.Duration) {
	if status != http.StatusTooManyRequests && status != http.StatusServiceUnavailable {
		return
	}
	if wait <= 0 {
		wait = time.Second
		if status == http.StatusTooManyRequests {
			wait = time.Minute
		}
	}
	httpx.SetRetryAfter(hd, wait)
}
