package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
)

// updateVerification switches the login verification method with its proofs.
func (h *handler) updateVerification(w http.ResponseWriter, r *http.Request) {
	f := form.NewVerification(r)
	if _, err := h.svc.LoginVerification.Set(r.Context(), f.Change()); err != nil {
		h.renderVerification(w, r, verificationPage{Form: f}, err)
		return
	}
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.verification_changed"})
	redirect(w, r, Path+"/credentials")
}
