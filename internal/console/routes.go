package console

import (
	"github.com/go-chi/chi/v5"
)

// routes is the console's one route table. Paths are relative to Path.
// Every response gets the security headers; every POST passes the CSRF check.
func (h *handler) routes(r chi.Router) {
	r.Use(h.secure, h.csrf, h.authenticate)
	r.Get("/static/{name}", h.showAsset)
	r.NotFound(h.notFound)
	r.MethodNotAllowed(h.methodNotAllowed)

	r.Get("/", h.showHome)
	r.Post("/locale", h.updateLocale)
	r.Get("/login", h.showLogin)
	r.Post("/login", h.submitLogin)
	r.Get("/login/verify", h.showLoginVerify)
	r.Post("/login/verify", h.submitLoginVerify)

	r.Group(func(r chi.Router) {
		r.Use(h.requireLogin)
		r.Post("/logout", h.submitLogout)

		r.Get("/profile", h.showProfile)
		r.Post("/profile", h.updateProfile)
		r.Get("/account/edit", h.showAccountEdit)
		r.Post("/account", h.updateAccount)
		r.Post("/access-keys", h.createAccessKey)
		r.Post("/access-keys/{id}/state", h.updateAccessKey)
		r.Post("/access-keys/{id}/delete", h.deleteAccessKey)

		r.Get("/password", h.showPassword)
		r.Post("/password", h.updatePassword)
		r.Post("/password/check", h.checkPassword)

		r.Get("/sessions", h.showSessions)
		r.Post("/sessions/{id}/revoke", h.revokeSession)
		r.Post("/sessions/revoke-others", h.revokeOtherSessions)
	})
}
