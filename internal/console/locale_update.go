package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/i18n"
	"github.com/watchword/watchword/internal/identity"
)

// updateLocale is the FR/EN switch: it remembers the choice in the browser
// and, for a signed-in user, in their profile, then shows the same page.
func (h *handler) updateLocale(w http.ResponseWriter, r *http.Request) {
	lang := exactLocale(r.PostForm.Get("lang"), h.cat.Locales())
	if lang == "" {
		lang = i18n.Fallback
	}
	if _, ok := identity.PrincipalFrom(r.Context()); ok {
		// A session that must change its password first may not edit its
		// profile; the browser still remembers the choice.
		if _, err := h.svc.Users.UpdateMe(r.Context(), identity.ProfileUpdate{Locale: &lang}); err != nil && !fault.Is(err, fault.Forbidden) {
			h.fail(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: Path, MaxAge: 365 * 24 * 3600, HttpOnly: true,
		Secure: h.secureCookies(r), SameSite: http.SameSiteLaxMode})
	next := r.PostForm.Get("next")
	if _, ok := identity.PrincipalFrom(r.Context()); !ok && next == "" {
		next = Path + "/login"
	}
	redirect(w, r, localPath(next))
}
