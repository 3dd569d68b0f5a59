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
	r.Get("/forgot", h.showForgot)
	r.Post("/forgot", h.submitForgot)
	r.Post("/forgot/verify", h.submitForgotCode)
	r.Get("/captcha/{id}/image", h.showCaptchaImage)
	r.Get("/captcha/{id}/audio", h.showCaptchaAudio)
	r.Get("/reset/{token}", h.showReset)
	r.Post("/reset", h.updateReset)

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

		r.Get("/credentials", h.showCredentials)
		r.Get("/credentials/avatar", h.showAvatar)
		r.Post("/credentials/avatar", h.updateAvatar)
		r.Post("/credentials/avatar/delete", h.deleteAvatar)
		r.Get("/credentials/contact/{kind}", h.showContact)
		r.Post("/credentials/contact/{kind}/identity-code", h.sendContactIdentityCode)
		r.Post("/credentials/contact/{kind}/identity", h.verifyContactIdentity)
		r.Post("/credentials/contact/{kind}/code", h.sendContactBindCode)
		r.Post("/credentials/contact/{kind}", h.updateContact)
		r.Get("/credentials/verification", h.showVerification)
		r.Post("/credentials/verification/code", h.sendVerificationCode)
		r.Post("/credentials/verification", h.updateVerification)
		r.Get("/credentials/mfa", h.showMFA)
		r.Post("/credentials/mfa", h.createMFA)
		r.Get("/credentials/mfa/qr", h.showMFAQR)
		r.Post("/credentials/mfa/confirm", h.updateMFA)
		r.Post("/credentials/mfa/delete", h.deleteMFA)

		r.Get("/sessions", h.showSessions)
		r.Post("/sessions/{id}/revoke", h.revokeSession)
		r.Post("/sessions/revoke-others", h.revokeOtherSessions)

		r.Get("/users", h.showUsers)
		r.Get("/users/new", h.showUserNew)
		r.Post("/users", h.createUser)
		r.Get("/users/{id}", h.showUser)
		r.Post("/users/{id}", h.updateUser)
		r.Post("/users/{id}/password", h.updateUserPassword)
		r.Post("/users/{id}/unlock", h.unlockUser)
		r.Post("/users/{id}/delete", h.deleteUser)
		r.Get("/policies", h.showPolicies)
		r.Post("/policies/password", h.updatePasswordPolicy)
		r.Post("/policies/login", h.updateLoginPolicy)
	})
}
