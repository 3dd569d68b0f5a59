package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
)

// updatePassword changes the user's password: the form checks that the
// confirmation matches, the core everything else. Other sessions end; this
// one goes on.
func (h *handler) updatePassword(w http.ResponseWriter, r *http.Request) {
	f := form.NewPasswordChange(r)
	err := f.Validate()
	if err == nil {
		res, cerr := h.svc.Passwords.Change(r.Context(), f.Input())
		if err = cerr; err == nil {
			notes := []flash{{Kind: "success", Key: "page.flash.password_changed"}}
			for _, rule := range res.Evaluation.Warnings() {
				notes = append(notes, flash{Kind: "warning", Key: "page.flash.password_warning_" + rule.ID})
			}
			h.setFlash(w, r, notes...)
			redirect(w, r, Path+"/password")
			return
		}
	}
	if sessionGone(err) {
		h.fail(w, r, err)
		return
	}
	p, perr := h.passwordPage(w, r)
	if perr != nil {
		h.fail(w, r, perr)
		return
	}
	h.render(w, r, h.formFailed(r, &p.page, err), "password", p)
}
