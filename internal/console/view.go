package console

import (
	"net/http"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
)

// page is what every page shows around its own content: built once per
// request by newPage and embedded in each page's data struct.
type page struct {
	Lang  string
	Langs []string
	CSRF  string
	Flash []shownFlash
	// User is the signed-in user; nil on the login and recovery pages.
	User  *identity.User
	Theme string
	// Title is the i18n key of the page's title; Nav names the menu entry
	// to mark as current.
	Title string
	Nav   string
	// Here is the request path, where the language switch comes back to.
	Here string
	// Error is a form-level message, Fields the messages by input name, and
	// Rules the evaluated policy rules of a refused password.
	Error  string
	Fields map[string]string
	Rules  []fault.Rule
	// retryAfter is the wait the core gave with a refusal shown on the
	// page; render turns it into Retry-After.
	retryAfter time.Duration
}

// newPage builds the shared part of a page and takes the pending flash.
func (h *handler) newPage(w http.ResponseWriter, r *http.Request, title, nav string) page {
	lang := h.lang(r)
	p := page{Lang: lang, Langs: h.cat.Locales(), CSRF: csrfToken(r), User: currentUser(r),
		Title: title, Nav: nav, Fields: map[string]string{}}
	if r.Method == http.MethodGet {
		// A page shown in answer to a post has no address to come back to.
		p.Here = r.URL.RequestURI()
	}
	if p.User != nil {
		p.Theme = p.User.Theme
	}
	p.Flash = h.takeFlash(w, r, lang)
	return p
}

// formFailed puts err on the page's form: on the field it names, or above
// the form, with the policy rules of a refused password. It returns the
// status to answer with.
func (h *handler) formFailed(r *http.Request, p *page, err error) int {
	fe := fault.As(err)
	msg := h.message(r, p.Lang, err)
	if fe.Field != "" && fe.Kind != fault.Internal {
		p.Fields[fe.Field] = msg
	} else {
		p.Error = msg
	}
	if fe.Kind == fault.Policy {
		p.Rules = fe.Rules
	}
	p.retryAfter = fe.RetryAfter
	return httpx.Status(fe.Kind)
}

// sessionGone reports whether err means the caller must sign in again.
func sessionGone(err error) bool {
	switch fault.CodeOf(err) {
	case "auth.required", "auth.invalid_token":
		return true
	}
	return false
}

// onField returns err as a fault naming field, when it names none: a core
// error about "the code" belongs to the page's code input.
func onField(err error, field string) error {
	fe := *fault.As(err)
	if fe.Field == "" {
		fe.Field = field
	}
	return &fe
}
