package keystone

import (
	"net/http"

	"github.com/watchword/watchword/internal/identity"
)

type loginPolicyRequest struct {
	LoginPolicy *loginPolicyOption `json:"login_policy"`
}

func (loginPolicyRequest) wrapper() string { return "login_policy" }

// loginPolicyOption is Huawei's LoginPolicyOption; absent fields keep their value.
type loginPolicyOption struct {
	AccountValidityPeriod   *int    `json:"account_validity_period"`
	CustomInfoForLogin      *string `json:"custom_info_for_login"`
	LockoutDuration         *int    `json:"lockout_duration"`
	LoginFailedTimes        *int    `json:"login_failed_times"`
	PeriodWithLoginFailures *int    `json:"period_with_login_failures"`
	SessionTimeout          *int    `json:"session_timeout"`
	ShowRecentLoginInfo     *bool   `json:"show_recent_login_info"`
}

func (o loginPolicyOption) patch() identity.LoginPolicyPatch {
	return identity.LoginPolicyPatch{AccountValidityPeriod: o.AccountValidityPeriod, CustomInfoForLogin: o.CustomInfoForLogin,
		LockoutDuration: o.LockoutDuration, LoginFailedTimes: o.LoginFailedTimes, PeriodWithLoginFailures: o.PeriodWithLoginFailures,
		SessionTimeout: o.SessionTimeout, ShowRecentLoginInfo: o.ShowRecentLoginInfo}
}

// updateLoginPolicy is PUT /v3.0/OS-SECURITYPOLICY/domains/{domain_id}/login-policy,
// for an administrator; answers the policy as it now is. The core merges
// the fields sent into the stored policy in one transaction.
func (h *handler) updateLoginPolicy(w http.ResponseWriter, r *http.Request) {
	var in loginPolicyRequest
	if !h.read(w, r, &in, true) {
		return
	}
	if in.LoginPolicy == nil {
		h.writeError(w, r, invalid("huawei.missing", "login_policy is required", ""))
		return
	}
	domainID := r.PathValue("domain_id")
	// Who may ask is answered before what was asked, as Huawei does.
	if _, err := h.svc.Accounts.Find(r.Context(), domainID); err != nil {
		h.writeError(w, r, err)
		return
	}
	pol, err := h.svc.Accounts.UpdateLoginPolicyOf(r.Context(), domainID, in.LoginPolicy.patch())
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	reply(w, http.StatusOK, toLoginPolicyBody(pol))
}
