package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
	"github.com/watchword/watchword/internal/identity"
)

// sendContactBindCode sends a code to the new address.
func (h *handler) sendContactBindCode(w http.ResponseWriter, r *http.Request) {
	h.contactStep(w, r, func(kind identity.ContactKind, f form.Contact, p *contactPage) error {
		p.Step = 2
		sent, err := h.svc.Contacts.SendBindCode(r.Context(), kind, f.Ticket, f.Address)
		p.Sent = sent
		return err
	})
}
