package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
)

// updateUserPassword sets a user's password as their administrator,
// optionally making them change it at next login.
func (h *handler) updateUserPassword(w http.ResponseWriter, r *http.Request) {
	f := form.ReadUserPassword(r)
	id := r.PathValue("id")
	err := f.Validate()
	if err == nil {
		_, err = h.svc.Passwords.AdminSet(r.Context(), id, f.Password, f.ForceChange)
	}
	if err != nil {
		h.userFailed(w, r, onField(err, "password"), func(p *userPage) { p.Force = f.ForceChange })
		return
	}
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.user_password_set"})
	redirect(w, r, Path+"/users/"+id)
}
