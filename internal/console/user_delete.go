package console

import (
	"net/http"
)

// deleteUser removes an IAM user and everything they own.
func (h *handler) deleteUser(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.Users.Delete(r.Context(), r.PathValue("id")); err != nil {
		h.userFailed(w, r, err, nil)
		return
	}
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.user_deleted"})
	redirect(w, r, Path+"/users")
}
