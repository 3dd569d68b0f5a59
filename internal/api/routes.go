package api

import (
	"net/http"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/httpx"
)

// route is one line of the face's route table.
type route struct {
	pattern string // method and full path, as http.ServeMux reads them
	serve   http.HandlerFunc
	access  access
}

// access says whether a route needs a bearer token.
type access bool

const (
	public   access = false // anyone: login, tokens, recovery, the OpenAPI document
	signedIn access = true  // a bearer token (h.authenticate)
)

// routes is the face's one route table: New builds the mux from it, and the
// tests check it against openapi.json both ways.
func (h *handler) routes() []route {
	return []route{
		{"GET /v1/openapi.json", h.openAPI, public},
		{"POST /v1/auth/login", h.login, public},
		{"POST /v1/auth/login/verify", h.completeLogin, public},
		{"POST /v1/auth/token", h.clientToken, public},
		{"POST /v1/recovery/requests", h.requestRecovery, public},
		{"POST /v1/recovery/verify", h.verifyRecoveryCode, public},
		{"POST /v1/recovery/reset", h.resetPassword, public},

		{"POST /v1/auth/logout", h.logout, signedIn},

		{"GET /v1/me", h.showMe, signedIn},
		{"PATCH /v1/me", h.updateMe, signedIn},
		{"POST /v1/me/password", h.changePassword, signedIn},
		{"GET /v1/me/sessions", h.listSessions, signedIn},
		{"DELETE /v1/me/sessions/{id}", h.revokeSession, signedIn},
		{"DELETE /v1/me/sessions", h.revokeOtherSessions, signedIn},
		{"GET /v1/me/mfa/totp", h.showTOTP, signedIn},
		{"POST /v1/me/mfa/totp", h.beginTOTP, signedIn},
		{"POST /v1/me/mfa/totp/confirm", h.confirmTOTP, signedIn},
		{"DELETE /v1/me/mfa/totp", h.unbindTOTP, signedIn},
		{"GET /v1/me/mfa/totp/qr.png", h.showTOTPQRCode, signedIn},
		{"GET /v1/me/mfa/recovery-codes", h.showRecoveryCodes, signedIn},
		{"POST /v1/me/mfa/recovery-codes", h.createRecoveryCodes, signedIn},
		{"GET /v1/me/login-verification", h.showLoginVerification, signedIn},
		{"PUT /v1/me/login-verification", h.updateLoginVerification, signedIn},
		{"POST /v1/me/login-verification/code", h.sendLoginVerificationCode, signedIn},
		{"GET /v1/me/avatar", h.showMyAvatar, signedIn},
		{"PUT /v1/me/avatar", h.updateAvatar, signedIn},
		{"DELETE /v1/me/avatar", h.deleteAvatar, signedIn},
		{"POST /v1/me/email/identity-code", h.sendIdentityCode(emailContact), signedIn},
		{"POST /v1/me/email/verify-identity", h.verifyIdentity(emailContact), signedIn},
		{"POST /v1/me/email/code", h.sendContactCode(emailContact), signedIn},
		{"POST /v1/me/email", h.bindContact(emailContact), signedIn},
		{"POST /v1/me/mobile/identity-code", h.sendIdentityCode(mobileContact), signedIn},
		{"POST /v1/me/mobile/verify-identity", h.verifyIdentity(mobileContact), signedIn},
		{"POST /v1/me/mobile/code", h.sendContactCode(mobileContact), signedIn},
		{"POST /v1/me/mobile", h.bindContact(mobileContact), signedIn},

		{"GET /v1/account", h.showAccount, signedIn},
		{"PATCH /v1/account", h.updateAccount, signedIn},
		{"GET /v1/account/password-policy", h.showPasswordPolicy, signedIn},
		{"PUT /v1/account/password-policy", h.updatePasswordPolicy, signedIn},
		{"PATCH /v1/account/password-policy", h.patchPasswordPolicy, signedIn},
		{"GET /v1/account/login-policy", h.showLoginPolicy, signedIn},
		{"PUT /v1/account/login-policy", h.updateLoginPolicy, signedIn},
		{"PATCH /v1/account/login-policy", h.patchLoginPolicy, signedIn},
		{"GET /v1/me/access-keys", h.listAccessKeys, signedIn},
		{"POST /v1/me/access-keys", h.createAccessKey, signedIn},
		{"PATCH /v1/me/access-keys/{id}", h.updateAccessKey, signedIn},
		{"DELETE /v1/me/access-keys/{id}", h.deleteAccessKey, signedIn},
		{"GET /v1/account/dictionary", h.listDictionary, signedIn},
		{"POST /v1/account/dictionary", h.addDictionaryWords, signedIn},
		{"DELETE /v1/account/dictionary/{word}", h.removeDictionaryWord, signedIn},
		{"GET /v1/account/notifications", h.listNotifications, signedIn},
		{"GET /v1/account/audit", h.listAudit, signedIn},
		{"POST /v1/account/notifications/{id}/retry", h.retryNotification, signedIn},

		{"GET /v1/users", h.listUsers, signedIn},
		{"POST /v1/users", h.createUser, signedIn},
		{"GET /v1/users/{id}", h.showUser, signedIn},
		{"PATCH /v1/users/{id}", h.updateUser, signedIn},
		{"DELETE /v1/users/{id}", h.deleteUser, signedIn},
		{"PUT /v1/users/{id}/password", h.setUserPassword, signedIn},
		{"POST /v1/users/{id}/unlock", h.unlockUser, signedIn},
		{"DELETE /v1/users/{id}/mfa/totp", h.unbindUserTOTP, signedIn},
		{"GET /v1/users/{id}/avatar", h.showUserAvatar, signedIn},

		{"GET /v1/groups", h.listGroups, signedIn},
		{"POST /v1/groups", h.createGroup, signedIn},
		{"GET /v1/groups/{id}", h.showGroup, signedIn},
		{"PATCH /v1/groups/{id}", h.updateGroup, signedIn},
		{"DELETE /v1/groups/{id}", h.deleteGroup, signedIn},
		{"PUT /v1/groups/{id}/members/{user_id}", h.addGroupMember, signedIn},
		{"DELETE /v1/groups/{id}/members/{user_id}", h.removeGroupMember, signedIn},

		{"GET /v1/api-clients", h.listClients, signedIn},
		{"POST /v1/api-clients", h.createClient, signedIn},
		{"DELETE /v1/api-clients/{id}", h.deleteClient, signedIn},
	}
}

// mux builds the face's router from the route table.
func (h *handler) mux() *httpx.Mux {
	m := httpx.NewMux(h.notFound, h.methodNotAllowed)
	// chi answered neither HEAD nor an unclean path ("/v1//me"); the wire stays as it was.
	m.NoImplicitHead, m.NoRedirect = true, true
	for _, rt := range h.routes() {
		if rt.access == signedIn {
			m.HandleFunc(rt.pattern, rt.serve, h.authenticate)
		} else {
			m.HandleFunc(rt.pattern, rt.serve)
		}
	}
	return m
}

func (h *handler) notFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, r, h.log, fault.New(fault.NotFound, "route.not_found", "no such endpoint"))
}

// methodNotAllowed answers 405 itself: a wrong method is a protocol matter,
// not a fault of the core. The mux has set the Allow header RFC 9110 requires.
func (h *handler) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	httpx.WriteJSON(w, http.StatusMethodNotAllowed, problemJSON, problem{Type: "urn:watchword:problem:request.method",
		Title: "Method Not Allowed", Status: http.StatusMethodNotAllowed, Detail: "this endpoint does not accept " + r.Method,
		Code: "request.method"})
}
