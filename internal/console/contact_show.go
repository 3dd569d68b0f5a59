package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// contactPage is the change of the email address or mobile number: step 1
// proves who the user is, step 2 binds the new address.
type contactPage struct {
	page
	Kind string // email | mobile
	Step int
	Form form.Contact
	// Sent says where the last code went, masked.
	Sent *identity.ContactCodeSent
}

// showContact starts changing the email address or mobile number.
func (h *handler) showContact(w http.ResponseWriter, r *http.Request) {
	kind, ok := contactKind(r)
	if !ok {
		h.notFound(w, r)
		return
	}
	h.renderContact(w, r, contactPage{Kind: kind, Step: 1}, nil)
}

// renderContact shows a step of the change, with err on its form.
func (h *handler) renderContact(w http.ResponseWriter, r *http.Request, p contactPage, err error) {
	if err != nil && sessionGone(err) {
		h.fail(w, r, err)
		return
	}
	p.page = h.newPage(w, r, "page.contact."+p.Kind+".title", "credentials")
	p.Form.Code, p.Form.Password = "", ""
	status := http.StatusOK
	if err != nil {
		status = h.formFailed(r, &p.page, err)
	}
	h.render(w, r, status, "contact", p)
}

// contactKind is the kind the path names; only two pages exist.
func contactKind(r *http.Request) (string, bool) {
	k := r.PathValue("kind")
	return k, k == string(identity.ContactEmail) || k == string(identity.ContactMobile)
}

// isCodeFault reports whether err is about a code the user typed.
func isCodeFault(err error) bool {
	switch fault.CodeOf(err) {
	case "verify.code_invalid", "verify.code_expired", "verify.code_used", "verify.too_many_attempts":
		return true
	}
	return false
}
