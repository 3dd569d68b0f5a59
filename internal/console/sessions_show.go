package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/identity"
)

// sessionsPage lists the user's live sessions.
type sessionsPage struct {
	page
	Sessions []*identity.Session
	// Current is the ID of the session showing the page.
	Current string
}

// showSessions lists the user's sessions, this one marked.
func (h *handler) showSessions(w http.ResponseWriter, r *http.Request) {
	list, err := h.svc.Auth.Sessions(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pr, _ := identity.PrincipalFrom(r.Context())
	p := sessionsPage{page: h.newPage(w, r, "page.sessions.title", "sessions"), Sessions: list, Current: pr.SessionID}
	h.render(w, r, http.StatusOK, "sessions", p)
}
