package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/identity"
)

// showHome sends a signed-in user to their profile, anyone else to login.
func (h *handler) showHome(w http.ResponseWriter, r *http.Request) {
	if _, ok := identity.PrincipalFrom(r.Context()); ok {
		redirect(w, r, Path+"/profile")
		return
	}
	redirect(w, r, Path+"/login")
}
