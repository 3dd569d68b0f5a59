package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/password"
)

// policiesPage is the account's password policy (with presets to start
// from) and login policy, for its administrator.
type policiesPage struct {
	page
	Password password.Policy
	Login    identity.LoginPolicy
	Presets  []string
	// Loaded names the preset just loaded into the form, not yet saved.
	Loaded string
	// Section says which form an error belongs to: password | login.
	Section string
}

// showPolicies shows both policy forms.
func (h *handler) showPolicies(w http.ResponseWriter, r *http.Request) {
	p, err := h.policiesPage(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "policies", p)
}

func (h *handler) policiesPage(w http.ResponseWriter, r *http.Request) (policiesPage, error) {
	p := policiesPage{page: h.newPage(w, r, "page.policies.title", "policies"),
		Presets: []string{"default", "nist", "huawei", "outscale"}}
	acct, err := h.svc.Accounts.Get(r.Context())
	if err != nil {
		return p, err
	}
	p.Password = acct.PasswordPolicy
	p.Login, err = h.svc.Accounts.LoginPolicy(r.Context())
	return p, err
}

// policiesFailed shows the policies again, the form that failed as sent.
func (h *handler) policiesFailed(w http.ResponseWriter, r *http.Request, err error, edit func(*policiesPage)) {
	if sessionGone(err) {
		h.fail(w, r, err)
		return
	}
	p, lerr := h.policiesPage(w, r)
	if lerr != nil {
		h.fail(w, r, lerr)
		return
	}
	edit(&p)
	h.render(w, r, h.formFailed(r, &p.page, err), "policies", p)
}
