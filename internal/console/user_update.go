package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
)

// updateUser saves the administrator's changes to a user.
func (h *handler) updateUser(w http.ResponseWriter, r *http.Request) {
	f := form.ReadUser(r)
	id := r.PathValue("id")
	if _, err := h.svc.Users.Update(r.Context(), id, f.Update()); err != nil {
		h.userFailed(w, r, err, func(p *userPage) { p.Form = f })
		return
	}
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.user_updated"})
	redirect(w, r, Path+"/users/"+id)
}
