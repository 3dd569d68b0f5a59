package keystone

import (
	"net/http"

	"github.com/watchword/watchword/internal/identity"
)

// loginPolicyBody is Huawei's {"login_policy":{...}}. The core's
// LoginPolicy has Huawei's fields, ranges and defaults; the names are this
// face's.
type loginPolicyBody struct {
	LoginPolicy loginPolicyJSON `json:"login_policy"`
}

// loginPolicyJSON is Huawei's LoginPolicyResult.
type loginPolicyJSON struct {
	AccountValidityPeriod   int    `json:"account_validity_period"`
	CustomInfoForLogin      string `json:"custom_info_for_login"`
	LockoutDuration         int    `json:"lockout_duration"`
	LoginFailedTimes        int    `json:"login_failed_times"`
	PeriodWithLoginFailures int    `json:"period_with_login_failures"`
	SessionTimeout          int    `json:"session_timeout"`
	ShowRecentLoginInfo     bool   `json:"show_recent_login_info"`
}

func toLoginPolicyBody(p identity.LoginPolicy) loginPolicyBody {
	return loginPolicyBody{LoginPolicy: loginPolicyJSON{AccountValidityPeriod: p.AccountValidityPeriod,
		CustomInfoForLogin: p.CustomInfoForLogin, LockoutDuration: p.LockoutDuration, LoginFailedTimes: p.LoginFailedTimes,
		PeriodWithLoginFailures: p.PeriodWithLoginFailures, SessionTimeout: p.SessionTimeout,
		ShowRecentLoginInfo: p.ShowRecentLoginInfo}}
}

// showLoginPolicy is GET /v3.0/OS-SECURITYPOLICY/domains/{domain_id}/login-policy.
func (h *handler) showLoginPolicy(w http.ResponseWriter, r *http.Request) {
	pol, err := h.svc.Accounts.LoginPolicyOf(r.Context(), r.PathValue("domain_id"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	reply(w, http.StatusOK, toLoginPolicyBody(pol))
}
