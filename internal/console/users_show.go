package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/identity"
)

// usersPage lists the account's users, for its administrator, a page at a time.
type usersPage struct {
	page
	Users []*identity.User
	// Next is the URL of the next page; empty on the last.
	Next string
}

// showUsers lists the account's users by name, one keyset page per request.
func (h *handler) showUsers(w http.ResponseWriter, r *http.Request) {
	list, err := h.svc.Users.Page(r.Context(), nil, identity.Page{Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := usersPage{page: h.newPage(w, r, "page.users.title", "users"), Users: list.Items, Next: nextPage(r, list.Next)}
	h.render(w, r, http.StatusOK, "users", p)
}

// nextPage is the URL of the page after r's, from the list's next cursor,
// or "" when there is none; r's other parameters (a list's filters) stay.
func nextPage(r *http.Request, cursor string) string {
	if cursor == "" {
		return ""
	}
	q := r.URL.Query()
	q.Set("cursor", cursor)
	return r.URL.Path + "?" + q.Encode()
}
