package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
	"github.com/watchword/watchword/internal/identity"
)

// sendContactIdentityCode sends a code to a factor already bound, to prove
// who is changing the contact.
func (h *handler) sendContactIdentityCode(w http.ResponseWriter, r *http.Request) {
	h.contactStep(w, r, func(kind identity.ContactKind, f form.Contact, p *contactPage) error {
		p.Step = 1
		sent, err := h.svc.Contacts.SendIdentityCode(r.Context(), kind, f.ChannelOf())
		p.Sent = sent
		return err
	})
}
