package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
	"github.com/watchword/watchword/internal/notify"
)

// updateAccount saves the account profile form; the core decides who may.
// A new email or mobile only starts a change (a code to the new address);
// the flash says where the code went and where to enter it.
func (h *handler) updateAccount(w http.ResponseWriter, r *http.Request) {
	f := form.NewAccount(r)
	a, err := h.svc.Accounts.Update(r.Context(), f.Update())
	if err != nil {
		acct, gerr := h.svc.Accounts.Get(r.Context())
		if gerr != nil || sessionGone(err) {
			h.fail(w, r, err)
			return
		}
		p := accountEditPage{page: h.newPage(w, r, "page.account_edit.title", "profile"), Account: acct, Form: f}
		h.render(w, r, h.formFailed(r, &p.page, err), "account_edit", p)
		return
	}
	fs := []flash{{Kind: "success", Key: "page.flash.account_updated"}}
	for _, sent := range a.PendingContacts {
		key := "page.flash.account_contact_pending_email"
		if sent.Channel == notify.SMS {
			key = "page.flash.account_contact_pending_mobile"
		}
		fs = append(fs, flash{Kind: "warning", Key: key, Args: map[string]string{"to": sent.To}})
	}
	h.setFlash(w, r, fs...)
	redirect(w, r, Path+"/profile")
}
