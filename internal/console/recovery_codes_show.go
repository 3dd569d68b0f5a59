package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
	"github.com/watchword/watchword/internal/identity"
)

// recoveryCodesPage is the user's MFA recovery codes: how many are left,
// a form to make a new set, or the new set, shown this once.
type recoveryCodesPage struct {
	page
	Status *identity.MFAStatus
	Codes  *identity.RecoveryCodeStatus
	// New is the set just made; shown once, never again.
	New []string
}

// showRecoveryCodes shows how many recovery codes are left.
func (h *handler) showRecoveryCodes(w http.ResponseWriter, r *http.Request) {
	h.renderRecoveryCodes(w, r, nil, nil)
}

// createRecoveryCodes makes a new set, proved by a code of the device or
// the password, and shows it once.
func (h *handler) createRecoveryCodes(w http.ResponseWriter, r *http.Request) {
	f := form.NewMFA(r)
	codes, err := h.svc.MFA.GenerateRecoveryCodes(r.Context(), identity.RecoveryCodesRequest{Code: f.Code, Password: f.Password})
	if err != nil && isCodeFault(err) {
		err = onField(err, "code")
	}
	h.renderRecoveryCodes(w, r, codes, err)
}

func (h *handler) renderRecoveryCodes(w http.ResponseWriter, r *http.Request, codes []string, err error) {
	if err != nil && sessionGone(err) {
		h.fail(w, r, err)
		return
	}
	p := recoveryCodesPage{page: h.newPage(w, r, "page.recovery_codes.title", "credentials"), New: codes}
	var lerr error
	if p.Status, lerr = h.svc.MFA.Status(r.Context()); lerr == nil {
		p.Codes, lerr = h.svc.MFA.RecoveryCodes(r.Context())
	}
	if lerr != nil {
		h.fail(w, r, lerr)
		return
	}
	status := http.StatusOK
	if err != nil {
		status = h.formFailed(r, &p.page, err)
	}
	h.render(w, r, status, "recovery_codes", p)
}
