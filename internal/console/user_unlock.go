package console

import (
	"net/http"
)

// unlockUser lets a locked-out user sign in again at once.
func (h *handler) unlockUser(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := h.svc.Users.Unlock(r.Context(), id); err != nil {
		h.userFailed(w, r, err, nil)
		return
	}
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.user_unlocked"})
	redirect(w, r, Path+"/users/"+id)
}
