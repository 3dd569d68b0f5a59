package scim

import "net/http"

// deleteUser is DELETE /v2.0/Users/{id}: 204. The root user is never
// deleted this way; another account's user is not found; If-Match naming
// another version is 412.
func (h *handler) deleteUser(w http.ResponseWriter, r *http.Request) {
	ctx, id := r.Context(), r.PathValue("id")
	var version int64
	if r.Header.Get("If-Match") != "" {
		u, err := h.svc.Users.Get(ctx, id)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		if err := CheckIfMatch(r, u.Version); err != nil {
			h.fail(w, r, err)
			return
		}
		version = u.Version
	}
	if err := h.svc.Users.Deprovision(ctx, id, version); err != nil {
		h.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
