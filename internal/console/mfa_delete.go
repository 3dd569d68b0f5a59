package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
)

// deleteMFA removes the device, proved by a current code or the password.
func (h *handler) deleteMFA(w http.ResponseWriter, r *http.Request) {
	f := form.NewMFA(r)
	if err := h.svc.MFA.Unbind(r.Context(), f.Unbind()); err != nil {
		if isCodeFault(err) {
			err = onField(err, "code")
		}
		h.renderMFA(w, r, mfaPage{}, err)
		return
	}
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.mfa_unbound"})
	redirect(w, r, Path+"/credentials")
}
