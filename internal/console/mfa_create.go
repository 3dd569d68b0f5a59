package console

import (
	"net/http"
)

// createMFA creates a device and shows its QR code and secret.
func (h *handler) createMFA(w http.ResponseWriter, r *http.Request) {
	enr, err := h.svc.MFA.Begin(r.Context())
	h.renderMFA(w, r, mfaPage{Enrollment: enr}, err)
}
