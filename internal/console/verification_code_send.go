package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
)

// sendVerificationCode sends a code proving the switch to the chosen
// method: to that method, or (factor current) to the one in use.
func (h *handler) sendVerificationCode(w http.ResponseWriter, r *http.Request) {
	f := form.NewVerification(r)
	send := h.svc.LoginVerification.SendCode
	if f.Factor == "current" {
		send = h.svc.LoginVerification.SendCurrentCode
	}
	sent, err := send(r.Context(), f.Method)
	h.renderVerification(w, r, verificationPage{Form: f, Sent: sent}, err)
}
