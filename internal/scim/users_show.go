package scim

import "net/http"

// showUser is GET /v2.0/Users/{id}: a user of the caller's account for an
// administrator or API client, or the caller itself (the Location /Me
// answers with); another account's user is not found. If-None-Match naming
// the current version is 304.
func (h *handler) showUser(w http.ResponseWriter, r *http.Request) {
	u, err := h.svc.Users.Show(r.Context(), r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if NotModified(r, u.Version) {
		w.Header().Set("ETag", ETag(u.Version))
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.writeUser(w, r, http.StatusOK, u)
}
