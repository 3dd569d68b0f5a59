package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
)

// updateAccount saves the account profile form; the core decides who may.
func (h *handler) updateAccount(w http.ResponseWriter, r *http.Request) {
	f := form.NewAccount(r)
	if _, err := h.svc.Accounts.Update(r.Context(), f.Update()); err != nil {
		acct, gerr := h.svc.Accounts.Get(r.Context())
		if gerr != nil || sessionGone(err) {
			h.fail(w, r, err)
			return
		}
		p := accountEditPage{page: h.newPage(w, r, "page.account_edit.title", "profile"), Account: acct, Form: f}
		h.render(w, r, h.formFailed(r, &p.page, err), "account_edit", p)
		return
	}
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.account_updated"})
	redirect(w, r, Path+"/profile")
}
