package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
	"github.com/watchword/watchword/internal/identity"
)

// loginPage is the login form.
type loginPage struct {
	page
	Form form.Login
	// CaptchaID is the security check shown while the address is slowed
	// down (empty otherwise); CaptchaWidth and CaptchaHeight size its image.
	CaptchaID                   string
	CaptchaWidth, CaptchaHeight int
}

// showLogin shows the login form; a signed-in user goes straight on.
func (h *handler) showLogin(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	if _, ok := identity.PrincipalFrom(r.Context()); ok {
		redirect(w, r, localPath(next))
		return
	}
	p := loginPage{page: h.newPage(w, r, "page.login.title", ""), Form: form.Login{Next: next}}
	h.render(w, r, http.StatusOK, "login", p)
}
