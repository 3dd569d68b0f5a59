package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/identity"
)

// showMFAQR serves the QR code of the device being bound; once bound, its
// secret is never shown again.
func (h *handler) showMFAQR(w http.ResponseWriter, r *http.Request) {
	png, err := h.svc.MFA.QRCode(r.Context(), identity.QRCodeSize)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	_, _ = w.Write(png)
}
