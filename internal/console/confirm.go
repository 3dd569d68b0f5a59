package console

import (
	"net/http"
)

// confirmPage asks before an action that cannot be undone: it names what
// will go, and its form posts the action with confirm=yes. It works
// without JavaScript: the button that used to act at once is now a link
// to this page.
type confirmPage struct {
	page
	// Heading and Button are i18n keys; Lead and Items (what the action
	// removes) are already translated.
	Heading string
	Lead    string
	Items   []string
	// Action is where the form posts; Cancel where the other button leads.
	Action string
	Cancel string
	Button string
	// Version, when not zero, is the version of the thing shown, posted
	// back so that a change made meanwhile refuses the action.
	Version int64
}

// confirmed reports whether a post carries the confirmation its confirm
// page adds. A post without it (a bookmarked or old form, a script that
// skipped the page) does nothing and is sent to that page.
func confirmed(w http.ResponseWriter, r *http.Request, page string) bool {
	if r.PostFormValue("confirm") == "yes" {
		return true
	}
	redirect(w, r, page)
	return false
}

// tr translates key in the page's language, for what a confirm page lists.
func (h *handler) tr(p page, key string, args ...any) string {
	return h.cat.T(p.Lang, key, pairs(args))
}
