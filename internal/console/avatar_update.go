package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
)

// updateAvatar replaces the user's picture with an upload.
func (h *handler) updateAvatar(w http.ResponseWriter, r *http.Request) {
	data, err := form.Avatar(r)
	if err == nil {
		_, err = h.svc.Avatars.Upload(r.Context(), data)
	}
	if err != nil {
		h.credentialsFailed(w, r, err)
		return
	}
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.avatar_updated"})
	redirect(w, r, Path+"/credentials")
}
