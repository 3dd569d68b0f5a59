package console

import (
	"net/http"
	"strconv"
)

// revokeOtherSessions signs the user out everywhere but here.
func (h *handler) revokeOtherSessions(w http.ResponseWriter, r *http.Request) {
	n, err := h.svc.Auth.RevokeOtherSessions(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.sessions_revoked", Args: map[string]string{"count": strconv.Itoa(n)}})
	redirect(w, r, Path+"/sessions")
}
