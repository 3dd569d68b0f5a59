package api

import (
	"net/http"

	"github.com/watchword/watchword/internal/httpx"
)

type sessionsRevokedJSON struct {
	Revoked int `json:"revoked"`
}

// revokeOtherSessions signs the caller out everywhere but this session.
func (h *handler) revokeOtherSessions(w http.ResponseWriter, r *http.Request) {
	n, err := h.svc.Auth.RevokeOtherSessions(r.Context())
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, "", sessionsRevokedJSON{Revoked: n})
}
