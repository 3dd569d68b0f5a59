package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/identity"
)

// mfaPage is the virtual MFA device: create one, scan its QR code and
// prove it with two consecutive codes, or remove it.
type mfaPage struct {
	page
	Status *identity.MFAStatus
	// Enrollment is the device just created, its secret shown this once
	// for typing into an app by hand.
	Enrollment *identity.MFAEnrollment
	QRSize     int
}

// showMFA shows the device's state and what can be done next.
func (h *handler) showMFA(w http.ResponseWriter, r *http.Request) {
	h.renderMFA(w, r, mfaPage{}, nil)
}

func (h *handler) renderMFA(w http.ResponseWriter, r *http.Request, p mfaPage, err error) {
	if err != nil && sessionGone(err) {
		h.fail(w, r, err)
		return
	}
	st, serr := h.svc.MFA.Status(r.Context())
	if serr != nil {
		h.fail(w, r, serr)
		return
	}
	p.page, p.Status, p.QRSize = h.newPage(w, r, "page.mfa.title", "credentials"), st, qrShown
	status := http.StatusOK
	if err != nil {
		status = h.formFailed(r, &p.page, err)
	}
	h.render(w, r, status, "mfa", p)
}

// qrShown is the size the QR code is drawn at; the PNG is twice that, for
// sharp screens.
const qrShown = identity.QRCodeSize / 2
