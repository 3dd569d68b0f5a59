package console

import (
	"net/http"
	"strconv"
)

// showRevokeOtherSessions asks before signing the user out everywhere else.
func (h *handler) showRevokeOtherSessions(w http.ResponseWriter, r *http.Request) {
	p := confirmPage{page: h.newPage(w, r, "page.confirm.sessions.title", "sessions"), Heading: "page.confirm.sessions.title",
		Action: Path + "/sessions/revoke-others", Cancel: Path + "/sessions", Button: "form.sessions.revoke_others"}
	p.Lead = h.tr(p.page, "page.confirm.sessions.lead")
	h.render(w, r, http.StatusOK, "confirm", p)
}

// revokeOtherSessions signs the user out everywhere but here, once confirmed.
func (h *handler) revokeOtherSessions(w http.ResponseWriter, r *http.Request) {
	if !confirmed(w, r, Path+"/sessions/revoke-others") {
		return
	}
	n, err := h.svc.Auth.RevokeOtherSessions(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.sessions_revoked", Args: map[string]string{"count": strconv.Itoa(n)}})
	redirect(w, r, Path+"/sessions")
}
