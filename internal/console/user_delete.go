package console

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

// deleteUser removes an IAM user and everything they own.
func (h *handler) deleteUser(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.Users.Delete(r.Context(), chi.URLParam(r, "id")); err != nil {
		h.userFailed(w, r, err, nil)
		return
	}
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.user_deleted"})
	redirect(w, r, Path+"/users")
}
