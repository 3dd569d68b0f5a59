package api

import (
	"net/http"

	"github.com/watchword/watchword/internal/httpx"
)

// The account's login policy (Huawei IAM's fields), and an administrator's
// unlock of a user locked out after failed sign-ins.

func (h *handler) showLoginPolicy(w http.ResponseWriter, r *http.Request) {
	p, err := h.svc.Accounts.LoginPolicy(r.Context())
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, "", toLoginPolicyJSON(p))
}

func (h *handler) updateLoginPolicy(w http.ResponseWriter, r *http.Request) {
	var in loginPolicyJSON
	if !h.read(w, r, &in) {
		return
	}
	p, err := h.svc.Accounts.SetLoginPolicy(r.Context(), in.policy())
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, "", toLoginPolicyJSON(p))
}

func (h *handler) unlockUser(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.Users.Unlock(r.Context(), r.PathValue("id")); err != nil {
		writeError(w, r, h.log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
