package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
	"github.com/watchword/watchword/internal/identity"
)

// verificationPage changes the login verification method: choose one, get
// a code for it (from the device for totp), prove the method in use (its
// code, or the password while it is off), confirm.
type verificationPage struct {
	page
	Status *identity.LoginVerificationStatus
	Form   form.Verification
	Sent   *identity.CodeSent
}

// showVerification shows the current method and the choices.
func (h *handler) showVerification(w http.ResponseWriter, r *http.Request) {
	h.renderVerification(w, r, verificationPage{}, nil)
}

func (h *handler) renderVerification(w http.ResponseWriter, r *http.Request, p verificationPage, err error) {
	if err != nil && sessionGone(err) {
		h.fail(w, r, err)
		return
	}
	st, serr := h.svc.LoginVerification.Status(r.Context())
	if serr != nil {
		h.fail(w, r, serr)
		return
	}
	p.page, p.Status = h.newPage(w, r, "page.verification.title", "credentials"), st
	if p.Form.Method == "" {
		p.Form.Method = st.Method
	}
	p.Form.Code, p.Form.CurrentCode, p.Form.CurrentPassword = "", "", ""
	status := http.StatusOK
	if err != nil {
		status = h.formFailed(r, &p.page, err)
	}
	h.render(w, r, status, "verification", p)
}
