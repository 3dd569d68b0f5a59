package console

import (
	"github.com/watchword/watchword/internal/httpx"
)

// routes is the console's one route table, with full paths (the server
// passes them through under Path). New wraps the whole mux in the security
// headers, the CSRF check and the session: every answer gets the headers, a
// 404 and a 405 included, and every post is checked before it is routed.
// The pages behind a login say so with login.
func (h *handler) routes(m *httpx.Mux) {
	login := h.requireLogin
	m.HandleFunc("GET /console/static/{name}", h.showAsset)

	m.HandleFunc("GET /console", h.showHome)
	m.HandleFunc("GET /console/{$}", h.showHome)
	m.HandleFunc("POST /console/locale", h.updateLocale)
	m.HandleFunc("GET /console/login", h.showLogin)
	m.HandleFunc("POST /console/login", h.submitLogin)
	m.HandleFunc("GET /console/login/verify", h.showLoginVerify)
	m.HandleFunc("POST /console/login/verify", h.submitLoginVerify)
	m.HandleFunc("POST /console/login/verify/resend", h.resendLoginCode)
	m.HandleFunc("GET /console/forgot", h.showForgot)
	m.HandleFunc("POST /console/forgot", h.submitForgot)
	m.HandleFunc("POST /console/forgot/verify", h.submitForgotCode)
	m.HandleFunc("GET /console/captcha/{id}/image", h.showCaptchaImage)
	m.HandleFunc("GET /console/captcha/{id}/audio", h.showCaptchaAudio)
	m.HandleFunc("GET /console/reset/{token}", h.showReset)
	m.HandleFunc("POST /console/reset", h.updateReset)
	m.HandleFunc("POST /console/reset/check", h.checkResetPassword)

	m.HandleFunc("POST /console/logout", h.submitLogout, login)

	m.HandleFunc("GET /console/profile", h.showProfile, login)
	m.HandleFunc("POST /console/profile", h.updateProfile, login)
	m.HandleFunc("GET /console/account/edit", h.showAccountEdit, login)
	m.HandleFunc("POST /console/account", h.updateAccount, login)
	m.HandleFunc("POST /console/access-keys", h.createAccessKey, login)
	m.HandleFunc("POST /console/access-keys/{id}/state", h.updateAccessKey, login)
	m.HandleFunc("GET /console/access-keys/{id}/delete", h.showAccessKeyDelete, login)
	m.HandleFunc("POST /console/access-keys/{id}/delete", h.deleteAccessKey, login)

	m.HandleFunc("GET /console/password", h.showPassword, login)
	m.HandleFunc("POST /console/password", h.updatePassword, login)
	m.HandleFunc("POST /console/password/check", h.checkPassword, login)

	m.HandleFunc("GET /console/credentials", h.showCredentials, login)
	m.HandleFunc("GET /console/credentials/avatar", h.showAvatar, login)
	m.HandleFunc("POST /console/credentials/avatar", h.updateAvatar, login)
	m.HandleFunc("POST /console/credentials/avatar/delete", h.deleteAvatar, login)
	m.HandleFunc("GET /console/credentials/contact/{kind}", h.showContact, login)
	m.HandleFunc("POST /console/credentials/contact/{kind}/identity-code", h.sendContactIdentityCode, login)
	m.HandleFunc("POST /console/credentials/contact/{kind}/identity", h.verifyContactIdentity, login)
	m.HandleFunc("POST /console/credentials/contact/{kind}/code", h.sendContactBindCode, login)
	m.HandleFunc("POST /console/credentials/contact/{kind}", h.updateContact, login)
	m.HandleFunc("GET /console/credentials/verification", h.showVerification, login)
	m.HandleFunc("POST /console/credentials/verification/code", h.sendVerificationCode, login)
	m.HandleFunc("POST /console/credentials/verification", h.updateVerification, login)
	m.HandleFunc("GET /console/credentials/mfa", h.showMFA, login)
	m.HandleFunc("POST /console/credentials/mfa", h.createMFA, login)
	m.HandleFunc("GET /console/credentials/mfa/qr", h.showMFAQR, login)
	m.HandleFunc("POST /console/credentials/mfa/confirm", h.updateMFA, login)
	m.HandleFunc("POST /console/credentials/mfa/delete", h.deleteMFA, login)
	m.HandleFunc("GET /console/credentials/mfa/recovery-codes", h.showRecoveryCodes, login)
	m.HandleFunc("POST /console/credentials/mfa/recovery-codes", h.createRecoveryCodes, login)

	m.HandleFunc("GET /console/sessions", h.showSessions, login)
	m.HandleFunc("POST /console/sessions/{id}/revoke", h.revokeSession, login)
	m.HandleFunc("GET /console/sessions/revoke-others", h.showRevokeOtherSessions, login)
	m.HandleFunc("POST /console/sessions/revoke-others", h.revokeOtherSessions, login)

	m.HandleFunc("GET /console/users", h.showUsers, login)
	m.HandleFunc("GET /console/users/new", h.showUserNew, login)
	m.HandleFunc("POST /console/users", h.createUser, login)
	m.HandleFunc("GET /console/users/{id}", h.showUser, login)
	m.HandleFunc("POST /console/users/{id}", h.updateUser, login)
	m.HandleFunc("POST /console/users/{id}/password", h.updateUserPassword, login)
	m.HandleFunc("POST /console/users/{id}/password/check", h.checkUserPassword, login)
	m.HandleFunc("POST /console/users/{id}/unlock", h.unlockUser, login)
	m.HandleFunc("GET /console/users/{id}/delete", h.showUserDelete, login)
	m.HandleFunc("POST /console/users/{id}/delete", h.deleteUser, login)
	m.HandleFunc("GET /console/groups", h.showGroups, login)
	m.HandleFunc("POST /console/groups", h.createGroup, login)
	m.HandleFunc("GET /console/groups/{id}", h.showGroup, login)
	m.HandleFunc("POST /console/groups/{id}", h.renameGroup, login)
	m.HandleFunc("POST /console/groups/{id}/members", h.addGroupMember, login)
	m.HandleFunc("POST /console/groups/{id}/members/remove", h.removeGroupMember, login)
	m.HandleFunc("GET /console/groups/{id}/delete", h.showGroupDelete, login)
	m.HandleFunc("POST /console/groups/{id}/delete", h.deleteGroup, login)
	m.HandleFunc("GET /console/users/{id}/mfa/delete", h.showUserMFADelete, login)
	m.HandleFunc("POST /console/users/{id}/mfa/delete", h.deleteUserMFA, login)
	m.HandleFunc("GET /console/policies", h.showPolicies, login)
	m.HandleFunc("GET /console/audit", h.showAudit, login)
	m.HandleFunc("POST /console/policies/password", h.updatePasswordPolicy, login)
	m.HandleFunc("POST /console/policies/login", h.updateLoginPolicy, login)
	m.HandleFunc("GET /console/dictionary", h.showDictionary, login)
	m.HandleFunc("POST /console/dictionary", h.addDictionaryWords, login)
	m.HandleFunc("POST /console/dictionary/import", h.importDictionary, login)
	m.HandleFunc("POST /console/dictionary/remove", h.removeDictionaryWord, login)
	m.HandleFunc("GET /console/notifications", h.showNotifications, login)
	m.HandleFunc("POST /console/notifications/{id}/retry", h.retryNotification, login)
}
