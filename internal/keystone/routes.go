package keystone

import (
	"net/http"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
)

// route is one line of the route table.
type route struct {
	method  string
	pattern string
	// action is the policy action a 403 names: Keystone's policy rule
	// names on /v3, Huawei's IAM actions on /v3.0.
	action string
	// public routes need no X-Auth-Token.
	public bool
	fn     http.HandlerFunc
}

// routes is the face's one route table, on full paths (ServeMux patterns:
// "/v3/{$}" is the one path "/v3/").
func (h *handler) routes() []route {
	return []route{
		{"GET", "/v3", "identity:get_version", true, h.showVersion},
		{"GET", "/v3/{$}", "identity:get_version", true, h.showVersion},
		{"POST", "/v3/auth/tokens", "identity:create_token", true, h.createToken},
		{"GET", "/v3/auth/tokens", "identity:validate_token", false, h.validateToken},
		{"HEAD", "/v3/auth/tokens", "identity:check_token", false, h.checkToken},
		{"DELETE", "/v3/auth/tokens", "identity:revoke_token", false, h.revokeToken},
		{"GET", "/v3/users/{user_id}", "identity:get_user", false, h.showUser},
		{"PATCH", "/v3/users/{user_id}", "identity:update_user", false, h.updateUser},
		{"POST", "/v3/users/{user_id}/password", "identity:change_password", false, h.changePassword},
		{"GET", "/v3/users", "identity:list_users", false, h.listUsers},
		{"GET", "/v3/users/{user_id}/projects", "identity:list_user_projects", false, h.listUserProjects},
		{"GET", "/v3/domains", "identity:list_domains", false, h.listDomains},
		{"GET", "/v3/domains/{domain_id}", "identity:get_domain", false, h.showDomain},
		{"GET", "/v3/projects", "identity:list_projects", false, h.listProjects},
		{"GET", "/v3/projects/{project_id}", "identity:get_project", false, h.showProject},
		{"GET", "/v3/auth/domains", "identity:get_auth_domains", false, h.listAuthDomains},
		{"GET", "/v3/auth/projects", "identity:get_auth_projects", false, h.listAuthProjects},
		{"GET", "/v3/auth/catalog", "identity:get_auth_catalog", false, h.showCatalog},

		{"GET", "/v3.0/OS-USER/users/{user_id}", "iam:users:getUser", false, h.showOSUser},
		{"PUT", "/v3.0/OS-USER/users/{user_id}", "iam:users:updateUser", false, h.updateOSUser},
		{"PUT", "/v3.0/OS-USER/users/{user_id}/info", "iam:users:updateUserInformation", false, h.updateUserInfo},
		{"GET", "/v3.0/OS-SECURITYPOLICY/domains/{domain_id}/password-policy", "iam:securitypolicies:getPasswordPolicy", false, h.showPasswordPolicy},
		{"PUT", "/v3.0/OS-SECURITYPOLICY/domains/{domain_id}/password-policy", "iam:securitypolicies:updatePasswordPolicy", false, h.updatePasswordPolicy},
		{"GET", "/v3.0/OS-SECURITYPOLICY/domains/{domain_id}/login-policy", "iam:securitypolicies:getLoginPolicy", false, h.showLoginPolicy},
		{"PUT", "/v3.0/OS-SECURITYPOLICY/domains/{domain_id}/login-policy", "iam:securitypolicies:updateLoginPolicy", false, h.updateLoginPolicy},
		{"GET", "/v3.0/OS-USER/users/{user_id}/login-protect", "iam:users:getUserLoginProtect", false, h.showLoginProtect},
		{"PUT", "/v3.0/OS-USER/users/{user_id}/login-protect", "iam:users:setUserLoginProtect", false, h.updateLoginProtect},
		{"GET", "/v3.0/OS-USER/login-protects", "iam:users:listUserLoginProtect", false, h.listLoginProtects},
		{"POST", "/v3.0/OS-MFA/virtual-mfa-devices", "iam:mfa:createVirtualMFADevice", false, h.createMFADevice},
		{"GET", "/v3.0/OS-MFA/virtual-mfa-devices", "iam:mfa:listVirtualMFADevices", false, h.listMFADevices},
		{"DELETE", "/v3.0/OS-MFA/virtual-mfa-devices", "iam:mfa:deleteVirtualMFADevice", false, h.deleteMFADevice},
		{"PUT", "/v3.0/OS-MFA/mfa-devices/bind", "iam:mfa:bindMFADevice", false, h.bindMFADevice},
		{"PUT", "/v3.0/OS-MFA/mfa-devices/unbind", "iam:mfa:unbindMFADevice", false, h.unbindMFADevice},
		{"GET", "/v3.0/OS-MFA/users/{user_id}/virtual-mfa-device", "iam:mfa:getVirtualMFADevice", false, h.showUserMFADevice},
	}
}

// router builds the mux of the route table. Like the chi router it
// replaces, it serves HEAD only where the table says so and answers a path
// that is not clean as unknown rather than redirecting it.
func (h *handler) router() *httpx.Mux {
	m := httpx.NewMux(h.notFound, h.methodNotAllowed)
	m.NoImplicitHead, m.NoRedirect = true, true
	for _, rt := range h.routes() {
		mw := []func(http.Handler) http.Handler{withAction(rt.action)}
		if !rt.public {
			mw = append(mw, h.authenticate)
		}
		m.HandleFunc(rt.method+" "+rt.pattern, rt.fn, mw...)
	}
	return m
}

// withAction puts the route's policy action in the context, for 403s.
func withAction(action string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(withRoute(r.Context(), routeInfo{action: action})))
		})
	}
}

// authenticate turns X-Auth-Token, or a Huawei SDK AK/SK signature, into
// the principal.
func (h *handler) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p identity.Principal
		var err error
		if isSDKSigned(r) {
			r, p, err = h.authenticateSigned(r)
		} else {
			p, err = h.svc.Auth.Authenticate(r.Context(), r.Header.Get("X-Auth-Token"))
		}
		if err != nil {
			h.writeError(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(identity.WithPrincipal(r.Context(), p)))
	})
}

func (h *handler) notFound(w http.ResponseWriter, r *http.Request) {
	h.writeError(w, r, fault.New(fault.NotFound, "route.not_found", "no such endpoint"))
}

// methodNotAllowed answers 405; the mux has set Allow to the methods the
// path does allow. A wrong method is a protocol matter, not a fault of the
// core.
func (h *handler) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	if isHuawei(r) {
		reply(w, http.StatusMethodNotAllowed, huaweiError{ErrorMsg: msgNoMethod, ErrorCode: "IAM.0005"})
		return
	}
	reply(w, http.StatusMethodNotAllowed, keystoneError{Error: keystoneErrorBody{Code: http.StatusMethodNotAllowed,
		Title: http.StatusText(http.StatusMethodNotAllowed), Message: msgNoMethod}})
}
