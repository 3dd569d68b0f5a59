package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/identity"
)

// usersPage lists the account's users, for its administrator.
type usersPage struct {
	page
	Users []*identity.User
	Total int
}

// showUsers lists the account's users.
func (h *handler) showUsers(w http.ResponseWriter, r *http.Request) {
	list, total, err := h.svc.Users.List(r.Context(), identity.UserFilter{Limit: 1000})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := usersPage{page: h.newPage(w, r, "page.users.title", "users"), Users: list, Total: total}
	h.render(w, r, http.StatusOK, "users", p)
}
