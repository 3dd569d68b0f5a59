package console

import (
	"net/http"
	"strconv"

	"github.com/watchword/watchword/internal/console/form"
)

// forgotSentPage says a reset was sent, whether or not anyone matched, and
// for a code asks for it.
type forgotSentPage struct {
	page
	Form    form.ResetCode
	Method  string
	Minutes string
}

// submitForgot asks the core to send a reset link or code. The answer is
// the same whether or not the account exists.
func (h *handler) submitForgot(w http.ResponseWriter, r *http.Request) {
	f := form.NewForgot(r)
	res, err := h.svc.Recovery.RequestReset(r.Context(), f.Request())
	if err != nil {
		h.renderForgot(w, r, f, err)
		return
	}
	p := forgotSentPage{page: h.newPage(w, r, "page.forgot_sent.title", ""), Form: form.ResetCode{Forgot: f},
		Method: string(res.Method), Minutes: strconv.Itoa(int(res.ExpiresIn.Minutes()))}
	p.Form.CaptchaID, p.Form.CaptchaAnswer = "", ""
	h.render(w, r, http.StatusOK, "forgot_sent", p)
}
