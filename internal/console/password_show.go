package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// passwordPage is the change-password form of seed 000 with the policy's
// checklist: the requirements before anything is typed, the evaluated
// rules after a refused change.
type passwordPage struct {
	page
	Requirements []fault.Rule
	// Restricted: the session may do nothing else until the password changes.
	Restricted bool
}

// showPassword shows the change-password form.
func (h *handler) showPassword(w http.ResponseWriter, r *http.Request) {
	p, err := h.passwordPage(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "password", p)
}

func (h *handler) passwordPage(w http.ResponseWriter, r *http.Request) (passwordPage, error) {
	p := passwordPage{page: h.newPage(w, r, "page.password.title", "password")}
	pr, _ := identity.PrincipalFrom(r.Context())
	p.Restricted = pr.Restricted != ""
	var err error
	p.Requirements, err = h.svc.Passwords.Requirements(r.Context())
	return p, err
}
