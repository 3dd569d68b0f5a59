package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
	"github.com/watchword/watchword/internal/identity"
)

// accountEditPage is the "update information" form of the account profile.
type accountEditPage struct {
	page
	Account *identity.Account
	Form    form.Account
}

// showAccountEdit shows the account profile form, filled in.
func (h *handler) showAccountEdit(w http.ResponseWriter, r *http.Request) {
	acct, err := h.svc.Accounts.Get(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := accountEditPage{page: h.newPage(w, r, "page.account_edit.title", "profile"), Account: acct, Form: form.AccountFrom(acct.Profile)}
	h.render(w, r, http.StatusOK, "account_edit", p)
}
