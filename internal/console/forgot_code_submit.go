package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
)

// submitForgotCode exchanges a right reset code for the new-password form.
func (h *handler) submitForgotCode(w http.ResponseWriter, r *http.Request) {
	f := form.NewResetCode(r)
	ticket, err := h.svc.Recovery.VerifyResetCode(r.Context(), f.Check())
	if err != nil {
		p := forgotSentPage{page: h.newPage(w, r, "page.forgot_sent.title", ""), Form: f, Method: f.Method}
		h.render(w, r, h.formFailed(r, &p.page, onField(err, "code")), "forgot_sent", p)
		return
	}
	h.renderReset(w, r, form.Reset{Token: ticket.Token}, nil)
}
