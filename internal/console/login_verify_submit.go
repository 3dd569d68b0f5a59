package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
	"github.com/watchword/watchword/internal/fault"
)

// submitLoginVerify answers the pending login's challenge. A wrong code
// may be typed again; a challenge the core no longer accepts (expired, used
// up, or the user locked) sends the user back to the login form.
func (h *handler) submitLoginVerify(w http.ResponseWriter, r *http.Request) {
	pl, ok := h.pendingLogin(r)
	if !ok {
		h.setFlash(w, r, flash{Kind: "warning", Key: "page.flash.login_expired"})
		redirect(w, r, Path+"/login")
		return
	}
	f := form.NewLoginCode(r)
	res, err := h.svc.Auth.CompleteLogin(r.Context(), pl.ID, f.Code)
	switch {
	case err == nil:
		h.clearPendingLogin(w, r)
		h.signedIn(w, r, res, pl.Next)
	case fault.CodeOf(err) == "verify.code_invalid":
		p := loginVerifyPage{page: h.newPage(w, r, "page.login_verify.title", ""), Method: pl.Method, Destination: pl.Destination}
		field := "code"
		if len(f.Code) > 8 {
			field = "recovery_code" // the recovery code form's input
		}
		h.render(w, r, h.formFailed(r, &p.page, onField(err, field)), "login_verify", p)
	default:
		h.clearPendingLogin(w, r)
		p := loginPage{page: h.newPage(w, r, "page.login.title", "")}
		p.Form.Next = pl.Next
		h.render(w, r, h.formFailed(r, &p.page, err), "login", p)
	}
}
