package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
)

// resetPage asks for the new password, with the token (a mailed link's, or
// a verified code's ticket) in a hidden field.
type resetPage struct {
	page
	Form form.Reset
}

// showReset opens a mailed reset link: {public URL}/reset/{token}, which
// the server sends here.
func (h *handler) showReset(w http.ResponseWriter, r *http.Request) {
	h.renderReset(w, r, form.Reset{Token: r.PathValue("token")}, nil)
}

func (h *handler) renderReset(w http.ResponseWriter, r *http.Request, f form.Reset, err error) {
	f.New, f.Confirm = "", ""
	p := resetPage{page: h.newPage(w, r, "page.reset.title", ""), Form: f}
	status := http.StatusOK
	if err != nil {
		status = h.formFailed(r, &p.page, err)
	}
	h.render(w, r, status, "reset", p)
}
