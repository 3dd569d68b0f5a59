package keystone

import (
	"net/http"

	"github.com/watchword/watchword/internal/identity"
)

type loginProtectBody struct {
	LoginProtect loginProtectJSON `json:"login_protect"`
}

type loginProtectsBody struct {
	LoginProtects []loginProtectJSON `json:"login_protects"`
}

// loginProtectJSON is Huawei's LoginProtectResult.
type loginProtectJSON struct {
	UserID             string `json:"user_id"`
	Enabled            bool   `json:"enabled"`
	VerificationMethod string `json:"verification_method"`
}

// Huawei's verification methods and the core's: vmfa is the virtual MFA
// device (totp). A disabled protection shows "none".
var (
	toHuaweiMethod = map[string]string{identity.VerifySMS: "sms", identity.VerifyEmail: "email", identity.VerifyTOTP: "vmfa"}
	toCoreMethod   = map[string]string{"sms": identity.VerifySMS, "email": identity.VerifyEmail, "vmfa": identity.VerifyTOTP}
)

func toLoginProtectJSON(u *identity.User) loginProtectJSON {
	m, on := toHuaweiMethod[u.LoginVerification]
	if !on {
		m = "none"
	}
	return loginProtectJSON{UserID: u.ID, Enabled: on, VerificationMethod: m}
}

// showLoginProtect is GET /v3.0/OS-USER/users/{user_id}/login-protect.
func (h *handler) showLoginProtect(w http.ResponseWriter, r *http.Request) {
	u, err := h.svc.Users.Show(r.Context(), r.PathValue("user_id"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	reply(w, http.StatusOK, loginProtectBody{LoginProtect: toLoginProtectJSON(u)})
}

// listLoginProtects is GET /v3.0/OS-USER/login-protects, for an administrator.
func (h *handler) listLoginProtects(w http.ResponseWriter, r *http.Request) {
	list, _, err := h.svc.Users.List(r.Context(), identity.UserFilter{Limit: 1000})
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	out := loginProtectsBody{LoginProtects: []loginProtectJSON{}}
	for _, u := range list {
		out.LoginProtects = append(out.LoginProtects, toLoginProtectJSON(u))
	}
	reply(w, http.StatusOK, out)
}
