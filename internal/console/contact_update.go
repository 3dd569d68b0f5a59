package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
	"github.com/watchword/watchword/internal/identity"
)

// updateContact binds the new address with its code.
func (h *handler) updateContact(w http.ResponseWriter, r *http.Request) {
	kind, ok := contactKind(r)
	if !ok {
		h.notFound(w, r)
		return
	}
	f := form.NewContact(r)
	if _, err := h.svc.Contacts.Bind(r.Context(), identity.ContactKind(kind), f.Change()); err != nil {
		if isCodeFault(err) {
			err = onField(err, "code")
		}
		// The code was sent: keep asking for it.
		p := contactPage{Kind: kind, Step: 2, Form: f, Sent: &identity.ContactCodeSent{}}
		h.renderContact(w, r, p, err)
		return
	}
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.contact_" + kind + "_changed"})
	redirect(w, r, Path+"/credentials")
}

// contactStep runs one step of the change and shows the next.
func (h *handler) contactStep(w http.ResponseWriter, r *http.Request, step func(identity.ContactKind, form.Contact, *contactPage) error) {
	kind, ok := contactKind(r)
	if !ok {
		h.notFound(w, r)
		return
	}
	f := form.NewContact(r)
	p := contactPage{Kind: kind, Form: f}
	err := step(identity.ContactKind(kind), f, &p)
	h.renderContact(w, r, p, err)
}
