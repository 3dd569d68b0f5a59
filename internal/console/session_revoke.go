package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/identity"
)

// revokeSession ends one of the user's sessions; ending this one signs out.
func (h *handler) revokeSession(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := h.svc.Auth.RevokeSession(r.Context(), id); err != nil {
		h.fail(w, r, err)
		return
	}
	if pr, _ := identity.PrincipalFrom(r.Context()); pr.SessionID == id {
		h.clearSession(w, r)
		h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.signed_out"})
		redirect(w, r, Path+"/login")
		return
	}
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.session_revoked"})
	redirect(w, r, Path+"/sessions")
}
