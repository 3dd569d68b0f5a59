package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
	"github.com/watchword/watchword/internal/identity"
)

// verifyContactIdentity exchanges the code (or the password) for the
// ticket that opens step 2.
func (h *handler) verifyContactIdentity(w http.ResponseWriter, r *http.Request) {
	h.contactStep(w, r, func(kind identity.ContactKind, f form.Contact, p *contactPage) error {
		p.Step = 1
		ticket, err := h.svc.Contacts.VerifyIdentity(r.Context(), kind, f.Proof())
		if err != nil {
			if isCodeFault(err) {
				err = onField(err, "code")
			}
			return err
		}
		p.Step, p.Form.Ticket = 2, ticket.Token
		return nil
	})
}
