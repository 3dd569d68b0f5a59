package scim

import "net/http"

// deleteGroup is DELETE /v2.0/Groups/{id}: 204; its users stay. The
// built-in admin group is never deleted (400 mutability); another
// account's group is not found; If-Match naming another version is 412.
func (h *handler) deleteGroup(w http.ResponseWriter, r *http.Request) {
	ctx, id := r.Context(), r.PathValue("id")
	var version int64
	if r.Header.Get("If-Match") != "" {
		g, err := h.svc.Groups.Get(ctx, id)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		if err := CheckIfMatch(r, g.Version); err != nil {
			h.fail(w, r, err)
			return
		}
		version = g.Version
	}
	if err := h.svc.Groups.Delete(ctx, id, version); err != nil {
		h.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
