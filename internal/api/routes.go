package api

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/watchword/watchword/internal/fault"

	"github.com/go-chi/chi/v5"
)

// routes is the face's one route table. Paths are relative to /v1, where the server mounts the face.
func (h *handler) routes(r chi.Router) {
	r.Get("/openapi.json", h.openAPI)
	r.Post("/auth/login", h.login)
	r.Post("/auth/login/verify", h.completeLogin)
	r.Post("/auth/token", h.clientToken)
	r.Post("/recovery/requests", h.requestRecovery)
	r.Post("/recovery/verify", h.verifyRecoveryCode)
	r.Post("/recovery/reset", h.resetPassword)

	r.Group(func(r chi.Router) {
		r.Use(h.authenticate)
		r.Post("/auth/logout", h.logout)

		r.Get("/me", h.showMe)
		r.Patch("/me", h.updateMe)
		r.Post("/me/password", h.changePassword)
		r.Get("/me/sessions", h.listSessions)
		r.Delete("/me/sessions/{id}", h.revokeSession)
		r.Delete("/me/sessions", h.revokeOtherSessions)
		r.Get("/me/mfa/totp", h.showTOTP)
		r.Post("/me/mfa/totp", h.beginTOTP)
		r.Post("/me/mfa/totp/confirm", h.confirmTOTP)
		r.Delete("/me/mfa/totp", h.unbindTOTP)
		r.Get("/me/mfa/totp/qr.png", h.showTOTPQRCode)
		r.Get("/me/login-verification", h.showLoginVerification)
		r.Put("/me/login-verification", h.updateLoginVerification)
		r.Post("/me/login-verification/code", h.sendLoginVerificationCode)
		r.Get("/me/avatar", h.showMyAvatar)
		r.Put("/me/avatar", h.updateAvatar)
		r.Delete("/me/avatar", h.deleteAvatar)
		r.Post("/me/email/identity-code", h.sendIdentityCode(emailContact))
		r.Post("/me/email/verify-identity", h.verifyIdentity(emailContact))
		r.Post("/me/email/code", h.sendContactCode(emailContact))
		r.Post("/me/email", h.bindContact(emailContact))
		r.Post("/me/mobile/identity-code", h.sendIdentityCode(mobileContact))
		r.Post("/me/mobile/verify-identity", h.verifyIdentity(mobileContact))
		r.Post("/me/mobile/code", h.sendContactCode(mobileContact))
		r.Post("/me/mobile", h.bindContact(mobileContact))

		r.Get("/account", h.showAccount)
		r.Patch("/account", h.updateAccount)
		r.Get("/account/password-policy", h.showPasswordPolicy)
		r.Put("/account/password-policy", h.updatePasswordPolicy)
		r.Patch("/account/password-policy", h.patchPasswordPolicy)
		r.Get("/account/login-policy", h.showLoginPolicy)
		r.Put("/account/login-policy", h.updateLoginPolicy)
		r.Get("/me/access-keys", h.listAccessKeys)
		r.Post("/me/access-keys", h.createAccessKey)
		r.Patch("/me/access-keys/{id}", h.updateAccessKey)
		r.Delete("/me/access-keys/{id}", h.deleteAccessKey)
		r.Get("/account/dictionary", h.listDictionary)
		r.Post("/account/dictionary", h.addDictionaryWords)
		r.Delete("/account/dictionary/{word}", h.removeDictionaryWord)
		r.Get("/account/notifications", h.listNotifications)
		r.Post("/account/notifications/{id}/retry", h.retryNotification)

		r.Get("/users", h.listUsers)
		r.Post("/users", h.createUser)
		r.Get("/users/{id}", h.showUser)
		r.Patch("/users/{id}", h.updateUser)
		r.Delete("/users/{id}", h.deleteUser)
		r.Put("/users/{id}/password", h.setUserPassword)
		r.Post("/users/{id}/unlock", h.unlockUser)
		r.Delete("/users/{id}/mfa/totp", h.unbindUserTOTP)
		r.Get("/users/{id}/avatar", h.showUserAvatar)

		r.Get("/api-clients", h.listClients)
		r.Post("/api-clients", h.createClient)
		r.Delete("/api-clients/{id}", h.deleteClient)
	})
	r.NotFound(h.notFound)
	r.MethodNotAllowed(h.methodNotAllowed)
}

func (h *handler) notFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, r, h.log, fault.New(fault.NotFound, "route.not_found", "no such endpoint"))
}

// methodNotAllowed answers 405 itself: a wrong method is a protocol matter,
// not a fault of the core. RFC 9110 requires the Allow header, which chi
// sets only in its own 405 handler, so it is worked out here from the router
// that routed the request (the server's, or this face's when served alone).
func (h *handler) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	if rctx := chi.RouteContext(r.Context()); rctx != nil && rctx.Routes != nil {
		var allow []string
		for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			if rctx.Routes.Match(chi.NewRouteContext(), m, r.URL.Path) {
				allow = append(allow, m)
			}
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(http.StatusMethodNotAllowed)
	_ = json.NewEncoder(w).Encode(problem{Type: "urn:watchword:problem:request.method", Title: "Method Not Allowed",
		Status: http.StatusMethodNotAllowed, Detail: "this endpoint does not accept " + r.Method, Code: "request.method"})
}
