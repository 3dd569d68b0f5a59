package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
)

// updateReset sets the new password; then the user logs in with it (the
// core revoked every session, and login verification still applies).
func (h *handler) updateReset(w http.ResponseWriter, r *http.Request) {
	f := form.NewReset(r)
	err := f.Validate()
	if err == nil {
		if _, err = h.svc.Recovery.Reset(r.Context(), f.Input()); err == nil {
			h.clearSession(w, r)
			h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.password_reset"})
			redirect(w, r, Path+"/login")
			return
		}
	}
	h.renderReset(w, r, f, err)
}
