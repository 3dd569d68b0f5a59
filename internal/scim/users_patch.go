package scim

import (
	"net/http"

	"github.com/watchword/watchword/internal/identity"
)

// patchUser is PATCH /v2.0/Users/{id} (RFC 7644 §3.5.2, as Entra ID and
// Okta send it): the operations apply, all or none, to the user's
// resource, and the user becomes the result; 200 with the resource. The
// root user is never changed this way; If-Match naming another version is
// 412.
func (h *handler) patchUser(w http.ResponseWriter, r *http.Request) {
	var req PatchRequest
	if err := h.decode(r, &req); err != nil {
		h.fail(w, r, err)
		return
	}
	p, err := ParsePatch(userType, req)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.provision(w, r, func(u *identity.User) (userState, error) {
		res := toUserResource(u, nil)
		if err := p.Apply(res); err != nil {
			return userState{}, err
		}
		return readUserState(res)
	})
}
