package keystone

import (
	"net/http"

	"github.com/watchword/watchword/internal/identity"
)

// loginPolicyBody is Huawei's {"login_policy":{...}}. The core's
// LoginPolicy has Huawei's field names, ranges and defaults.
type loginPolicyBody struct {
	LoginPolicy identity.LoginPolicy `json:"login_policy"`
}

// showLoginPolicy is GET /v3.0/OS-SECURITYPOLICY/domains/{domain_id}/login-policy.
func (h *handler) showLoginPolicy(w http.ResponseWriter, r *http.Request) {
	pol, err := h.svc.Accounts.LoginPolicyOf(r.Context(), r.PathValue("domain_id"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	reply(w, http.StatusOK, loginPolicyBody{LoginPolicy: pol})
}
