package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
)

// updateMFA binds the device being created with two consecutive codes.
func (h *handler) updateMFA(w http.ResponseWriter, r *http.Request) {
	f := form.NewMFA(r)
	if err := h.svc.MFA.Confirm(r.Context(), f.First, f.Second); err != nil {
		h.renderMFA(w, r, mfaPage{}, onField(err, "first"))
		return
	}
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.mfa_bound"})
	redirect(w, r, Path+"/credentials")
}
