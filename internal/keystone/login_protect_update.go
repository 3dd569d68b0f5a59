package keystone

import (
	"net/http"

	"github.com/watchword/watchword/internal/identity"
)

type loginProtectRequest struct {
	LoginProtect *loginProtectOption `json:"login_protect"`
}

func (loginProtectRequest) wrapper() string { return "login_protect" }

type loginProtectOption struct {
	Enabled            *bool   `json:"enabled"`
	VerificationMethod *string `json:"verification_method"`
}

// updateLoginProtect is PUT /v3.0/OS-USER/users/{user_id}/login-protect: an
// administrator sets an IAM user's login verification (sms, email or vmfa).
func (h *handler) updateLoginProtect(w http.ResponseWriter, r *http.Request) {
	var in loginProtectRequest
	if !h.read(w, r, &in, true) {
		return
	}
	o := in.LoginProtect
	if o == nil || o.Enabled == nil {
		h.writeError(w, r, invalid("huawei.missing", "login_protect.enabled is required", ""))
		return
	}
	method := identity.VerifyOff
	if *o.Enabled {
		m, ok := "", false
		if o.VerificationMethod != nil {
			m, ok = toCoreMethod[*o.VerificationMethod]
		}
		if !ok {
			h.writeError(w, r, invalid("huawei.method", "verification_method must be sms, email or vmfa", "verification_method"))
			return
		}
		method = m
	}
	u, err := h.svc.LoginVerification.SetFor(r.Context(), r.PathValue("user_id"), method)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	reply(w, http.StatusOK, loginProtectBody{LoginProtect: toLoginProtectJSON(u)})
}
