package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
)

// updateLoginPolicy saves the login policy.
func (h *handler) updateLoginPolicy(w http.ResponseWriter, r *http.Request) {
	pol, err := form.LoginPolicy(r)
	if err == nil {
		_, err = h.svc.Accounts.SetLoginPolicy(r.Context(), pol)
	}
	if err != nil {
		h.policiesFailed(w, r, err, func(p *policiesPage) { p.Login, p.Section = pol, "login" })
		return
	}
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.login_policy_saved"})
	redirect(w, r, Path+"/policies#login-policy")
}
