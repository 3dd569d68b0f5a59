package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/fault"
)

// resendLoginCode asks the core for a new code for the pending login; the
// new challenge replaces the old one in the cookie. Past the user's limit
// on codes sent, the code page says so (429 with Retry-After); a login the
// core no longer knows starts over.
func (h *handler) resendLoginCode(w http.ResponseWriter, r *http.Request) {
	pl, ok := h.pendingLogin(r)
	if !ok {
		h.setFlash(w, r, flash{Kind: "warning", Key: "page.flash.login_expired"})
		redirect(w, r, Path+"/login")
		return
	}
	c, err := h.svc.Auth.ResendLoginCode(r.Context(), pl.ID)
	switch {
	case err == nil:
		pl.ID, pl.Method, pl.Destination = c.ID, c.Method, c.Destination
		h.setPendingLogin(w, r, pl, c.ExpiresAt)
		h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.login_code_resent", Args: map[string]string{"destination": c.Destination}})
		redirect(w, r, Path+"/login/verify")
	case fault.Is(err, fault.RateLimited) || fault.Is(err, fault.Invalid):
		p := loginVerifyPage{page: h.newPage(w, r, "page.login_verify.title", ""), Method: pl.Method, Destination: pl.Destination}
		h.render(w, r, h.formFailed(r, &p.page, err), "login_verify", p)
	default:
		h.clearPendingLogin(w, r)
		p := loginPage{page: h.newPage(w, r, "page.login.title", "")}
		p.Form.Next = pl.Next
		h.render(w, r, h.formFailed(r, &p.page, err), "login", p)
	}
}
