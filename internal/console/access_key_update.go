package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
	"github.com/watchword/watchword/internal/identity"
)

// updateAccessKey activates or deactivates one of the user's keys.
func (h *handler) updateAccessKey(w http.ResponseWriter, r *http.Request) {
	upd := form.AccessKeyState(r)
	if _, err := h.svc.AccessKeys.Update(r.Context(), "", r.PathValue("id"), upd); err != nil {
		h.profileFailed(w, r, err, nil)
		return
	}
	key := "page.flash.access_key_deactivated"
	if *upd.State == identity.AccessKeyActive {
		key = "page.flash.access_key_activated"
	}
	h.setFlash(w, r, flash{Kind: "success", Key: key, Args: map[string]string{"id": r.PathValue("id")}})
	redirect(w, r, Path+"/profile")
}
