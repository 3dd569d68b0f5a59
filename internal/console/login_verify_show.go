package console

import (
	"net/http"
)

// loginVerifyPage asks for the second step of a login.
type loginVerifyPage struct {
	page
	Method      string
	Destination string
}

// showLoginVerify shows the code form of a pending login; without one, the
// login starts over.
func (h *handler) showLoginVerify(w http.ResponseWriter, r *http.Request) {
	pl, ok := h.pendingLogin(r)
	if !ok {
		h.setFlash(w, r, flash{Kind: "warning", Key: "page.flash.login_expired"})
		redirect(w, r, Path+"/login")
		return
	}
	p := loginVerifyPage{page: h.newPage(w, r, "page.login_verify.title", ""), Method: pl.Method, Destination: pl.Destination}
	h.render(w, r, http.StatusOK, "login_verify", p)
}
