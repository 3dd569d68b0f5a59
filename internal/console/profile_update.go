package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
)

// updateProfile changes the user's display name, language and theme. The
// language chosen here replaces the one picked with the switch.
func (h *handler) updateProfile(w http.ResponseWriter, r *http.Request) {
	f := form.NewProfile(r)
	if _, err := h.svc.Users.UpdateMe(r.Context(), f.Update()); err != nil {
		h.profileFailed(w, r, err, func(p *profilePage) { p.Profile = f })
		return
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: "", Path: Path, MaxAge: -1, HttpOnly: true,
		Secure: h.secureCookies(r), SameSite: http.SameSiteLaxMode})
	h.setFlash(w, r, flash{Kind: "success", Key: "page.flash.profile_updated"})
	redirect(w, r, Path+"/profile")
}
