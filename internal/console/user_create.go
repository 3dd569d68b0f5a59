package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
)

// createUser creates an IAM user and opens its page.
func (h *handler) createUser(w http.ResponseWriter, r *http.Request) {
	f := form.ReadNewUser(r)
	err := f.Validate()
	if err == nil {
		u, cerr := h.svc.Users.Create(r.Context(), f.Input())
		if err = cerr; err == nil {
			h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.user_created", Args: map[string]string{"name": u.Name}})
			redirect(w, r, Path+"/users/"+u.ID)
			return
		}
	}
	if sessionGone(err) {
		h.fail(w, r, err)
		return
	}
	f.Password, f.Confirm = "", ""
	p := userNewPage{page: h.newPage(w, r, "page.user_new.title", "users"), Form: f}
	h.render(w, r, h.formFailed(r, &p.page, err), "user_new", p)
}
