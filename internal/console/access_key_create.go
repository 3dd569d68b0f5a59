package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
)

// createAccessKey makes a key and shows the profile page with its secret
// key, which is never shown again (the page is not cached).
func (h *handler) createAccessKey(w http.ResponseWriter, r *http.Request) {
	f := form.NewAccessKey(r)
	in, err := f.Input()
	if err == nil {
		var p profilePage
		created, cerr := h.svc.AccessKeys.Create(r.Context(), in)
		if err = cerr; err == nil {
			if p, err = h.profilePage(w, r); err != nil {
				h.fail(w, r, err)
				return
			}
			p.Created = created
			h.render(w, r, http.StatusCreated, "profile", p)
			return
		}
	}
	h.profileFailed(w, r, err, func(p *profilePage) { p.NewKey = f })
}
