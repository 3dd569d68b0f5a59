package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
	"github.com/watchword/watchword/internal/verify"
)

// forgotPage is Forgot Password's first step: whose password, how to
// receive the reset, and a CAPTCHA.
type forgotPage struct {
	page
	Form      form.Forgot
	CaptchaID string
	// CaptchaWidth and CaptchaHeight size the image, so the page does not
	// jump when it loads.
	CaptchaWidth, CaptchaHeight int
}

// showForgot shows the Forgot Password form with a fresh CAPTCHA.
func (h *handler) showForgot(w http.ResponseWriter, r *http.Request) {
	h.renderForgot(w, r, form.Forgot{Method: "link"}, nil)
}

// renderForgot shows the form with a new CAPTCHA (each one takes a single
// answer), and err on it when there is one.
func (h *handler) renderForgot(w http.ResponseWriter, r *http.Request, f form.Forgot, err error) {
	id, cerr := h.svc.Recovery.NewCaptcha(r.Context())
	if cerr != nil {
		h.fail(w, r, cerr)
		return
	}
	f.CaptchaID, f.CaptchaAnswer = id, ""
	p := forgotPage{page: h.newPage(w, r, "page.forgot.title", ""), Form: f, CaptchaID: id,
		CaptchaWidth: verify.ImageWidth, CaptchaHeight: verify.ImageHeight}
	status := http.StatusOK
	if err != nil {
		status = h.formFailed(r, &p.page, err)
	}
	h.render(w, r, status, "forgot", p)
}
