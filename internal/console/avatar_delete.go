package console

import (
	"net/http"
)

// deleteAvatar puts the generated picture back.
func (h *handler) deleteAvatar(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.Avatars.Delete(r.Context()); err != nil {
		h.credentialsFailed(w, r, err)
		return
	}
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.avatar_deleted"})
	redirect(w, r, Path+"/credentials")
}
