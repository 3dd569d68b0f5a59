package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
	"github.com/watchword/watchword/internal/password"
)

// updatePasswordPolicy saves the password policy, or, when a preset button
// was pressed, fills the form with that preset for review (nothing saved).
func (h *handler) updatePasswordPolicy(w http.ResponseWriter, r *http.Request) {
	if name := form.Preset(r); name != "" {
		preset, ok := password.Presets()[name]
		if !ok {
			h.notFound(w, r)
			return
		}
		p, err := h.policiesPage(w, r)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		p.Password, p.Loaded = preset, name
		h.render(w, r, http.StatusOK, "policies", p)
		return
	}
	pol, err := form.PasswordPolicy(r)
	if err == nil {
		err = h.svc.Accounts.SetPasswordPolicy(r.Context(), pol)
	}
	if err != nil {
		h.policiesFailed(w, r, err, func(p *policiesPage) { p.Password, p.Section = pol, "password" })
		return
	}
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.password_policy_saved"})
	redirect(w, r, Path+"/policies")
}
