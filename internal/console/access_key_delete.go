package console

import (
	"net/http"
)

// deleteAccessKey deletes one of the user's keys.
func (h *handler) deleteAccessKey(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := h.svc.AccessKeys.Delete(r.Context(), "", id); err != nil {
		h.profileFailed(w, r, err, nil)
		return
	}
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.access_key_deleted", Args: map[string]string{"id": id}})
	redirect(w, r, Path+"/profile")
}
