package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/fault"
)

// submitLogout revokes the session and forgets it.
func (h *handler) submitLogout(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.Auth.Logout(r.Context()); err != nil && !fault.Is(err, fault.Unauthenticated) && !fault.Is(err, fault.NotFound) {
		h.fail(w, r, err)
		return
	}
	h.clearSession(w, r)
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.signed_out"})
	redirect(w, r, Path+"/login")
}
