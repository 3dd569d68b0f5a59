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

func (o loginPolicyOption) apply(p identity.LoginPolicy) identity.LoginPolicy {
	setI := func(dst *int, v *int) {
		if v != nil {
			*dst = *v
		}
	}
	setI(&p.AccountValidityPeriod, o.AccountValidityPeriod)
	setI(&p.LockoutDuration, o.LockoutDuration)
	setI(&p.LoginFailedTimes, o.LoginFailedTimes)
	setI(&p.PeriodWithLoginFailures, o.PeriodWithLoginFailures)
	setI(&p.SessionTimeout, o.SessionTimeout)
	if o.CustomInfoForLogin != nil {
		p.CustomInfoForLogin = *o.CustomInfoForLogin
	}
	if o.ShowRecentLoginInfo != nil {
		p.ShowRecentLoginInfo = *o.ShowRecentLoginInfo
	}
	return p
}

// updateLoginPolicy is PUT /v3.0/OS-SECURITYPOLICY/domains/{domain_id}/login-policy,
// for an administrator; answers the policy as it now is.
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
	cur, err := h.svc.Accounts.LoginPolicyOf(r.Context(), domainID)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	pol, err := h.svc.Accounts.SetLoginPolicyOf(r.Context(), domainID, in.LoginPolicy.apply(cur))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, loginPolicyBody{LoginPolicy: pol})
}
