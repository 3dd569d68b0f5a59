package keystone

import (
	"net/http"

	"github.com/watchword/watchword/internal/identity"
)

type passwordChangeRequest struct {
	User *passwordChangeJSON `json:"user"`
}

func (passwordChangeRequest) wrapper() string { return "user" }

type passwordChangeJSON struct {
	Password         *string `json:"password"`
	OriginalPassword *string `json:"original_password"`
}

// changePassword is POST /v3/users/{user_id}/password (seed 002): the
// user's own X-Auth-Token, {"user":{"password","original_password"}} with
// nothing else, 204 on success. The core revokes all of the user's tokens,
// the one that made the call included, as Keystone does, and sends the
// password-change notification.
func (h *handler) changePassword(w http.ResponseWriter, r *http.Request) {
	var in passwordChangeRequest
	if !h.read(w, r, &in, true) {
		return
	}
	switch {
	case in.User == nil:
		h.writeError(w, r, required("body", "user"))
		return
	case in.User.Password == nil:
		h.writeError(w, r, required("user", "password"))
		return
	case in.User.OriginalPassword == nil:
		h.writeError(w, r, required("user", "original_password"))
		return
	}
	_, err := h.svc.Passwords.ChangeFor(r.Context(), r.PathValue("user_id"),
		identity.PasswordChange{Current: *in.User.OriginalPassword, New: *in.User.Password, RevokeAll: true})
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	w.Header().Set("Vary", "X-Auth-Token")
	w.WriteHeader(http.StatusNoContent)
}
