package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
)

// userNewPage is the form creating an IAM user.
type userNewPage struct {
	page
	Form form.NewUser
}

// showUserNew shows the form creating an IAM user.
func (h *handler) showUserNew(w http.ResponseWriter, r *http.Request) {
	p := userNewPage{page: h.newPage(w, r, "page.user_new.title", "users"), Form: form.NewUser{ForceChange: true}}
	h.render(w, r, http.StatusOK, "user_new", p)
}
