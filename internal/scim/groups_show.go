package scim

import "net/http"

// showGroup is GET /v2.0/Groups/{id}: a group of the caller's account;
// another account's group is not found, as an unknown ID is.
// If-None-Match naming the current version is 304.
func (h *handler) showGroup(w http.ResponseWriter, r *http.Request) {
	g, err := h.svc.Groups.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if NotModified(r, g.Version) {
		w.Header().Set("ETag", ETag(g.Version))
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.writeGroup(w, r, http.StatusOK, g)
}
