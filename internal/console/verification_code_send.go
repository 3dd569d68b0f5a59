package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
)

// sendVerificationCode sends the code proving the switch to the chosen method.
func (h *handler) sendVerificationCode(w http.ResponseWriter, r *http.Request) {
	f := form.NewVerification(r)
	sent, err := h.svc.LoginVerification.SendCode(r.Context(), f.Method)
	h.renderVerification(w, r, verificationPage{Form: f, Sent: sent}, err)
}
