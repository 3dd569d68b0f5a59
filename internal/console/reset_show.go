package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
	"github.com/watchword/watchword/internal/fault"
)

// resetPage asks for the new password, with the token (a mailed link's, or
// a verified code's ticket) in a hidden field, and the policy's checklist.
// A token that is spent, voided or expired shows no form: only why, and
// the way to ask for a new link.
type resetPage struct {
	page
	Form         form.Reset
	Requirements []fault.Rule
	Invalid      bool
}

// showReset opens a mailed reset link: {public URL}/reset/{token}, which
// the server sends here. The link is checked now, before anything is typed.
func (h *handler) showReset(w http.ResponseWriter, r *http.Request) {
	h.renderReset(w, r, form.Reset{Token: r.PathValue("token")}, nil)
}

// renderReset shows the reset page for f's token, with err (a refused
// reset) on it. A token the core no longer accepts shows the invalid-link
// page instead of the form.
func (h *handler) renderReset(w http.ResponseWriter, r *http.Request, f form.Reset, err error) {
	f.New, f.Confirm = "", ""
	p := resetPage{page: h.newPage(w, r, "page.reset.title", ""), Form: f}
	reqs, rerr := h.svc.Recovery.ResetRequirements(r.Context(), f.Token)
	if err == nil {
		// The refusal of the reset itself (a limit reached) says more
		// than the link's state, and keeps its status.
		err = rerr
	}
	p.Requirements = reqs
	status := http.StatusOK
	if err != nil {
		status = h.formFailed(r, &p.page, err)
		p.Invalid = rerr != nil || fault.CodeOf(err) == "verify.token_invalid"
	}
	if p.Invalid {
		p.Title = "page.reset.invalid_title"
		// Nothing to come back to in another language but this message.
		p.Rules, p.Fields = nil, map[string]string{}
	}
	h.render(w, r, status, "reset", p)
}
