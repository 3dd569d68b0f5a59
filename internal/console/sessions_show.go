package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/identity"
)

// sessionsPage lists the user's live sessions, a page at a time.
type sessionsPage struct {
	page
	Sessions []*identity.Session
	// Current is the ID of the session showing the page.
	Current string
	// Next is the URL of the next page; empty on the last.
	Next string
}

// showSessions lists the user's sessions, newest first, this one marked.
func (h *handler) showSessions(w http.ResponseWriter, r *http.Request) {
	list, err := h.svc.Auth.SessionsPage(r.Context(), identity.Page{Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pr, _ := identity.PrincipalFrom(r.Context())
	p := sessionsPage{page: h.newPage(w, r, "page.sessions.title", "sessions"), Sessions: list.Items, Current: pr.SessionID,
		Next: nextPage(r, list.Next)}
	h.render(w, r, http.StatusOK, "sessions", p)
}
