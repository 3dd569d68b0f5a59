package api

import (
	"net/http"

	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
)

// The account's login policy (Huawei IAM's fields), and an administrator's
// unlock of a user locked out after failed sign-ins.

func (h *handler) showLoginPolicy(w http.ResponseWriter, r *http.Request) {
	p, err := h.svc.Accounts.LoginPolicy(r.Context())
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, "", toLoginPolicyJSON(p))
}

// loginPolicyFields are the login policy's settings as a request carries
// them: nil when absent, so that a PUT can tell a missing setting from a
// zero one and a PATCH changes only what it names.
type loginPolicyFields struct {
	AccountValidityPeriod   *int    `json:"account_validity_period"`
	CustomInfoForLogin      *string `json:"custom_info_for_login"`
	LockoutDuration         *int    `json:"lockout_duration"`
	LoginFailedTimes        *int    `json:"login_failed_times"`
	PeriodWithLoginFailures *int    `json:"period_with_login_failures"`
	SessionTimeout          *int    `json:"session_timeout"`
	ShowRecentLoginInfo     *bool   `json:"show_recent_login_info"`
}

func (f loginPolicyFields) patch() identity.LoginPolicyPatch {
	return identity.LoginPolicyPatch{AccountValidityPeriod: f.AccountValidityPeriod, CustomInfoForLogin: f.CustomInfoForLogin,
		LockoutDuration: f.LockoutDuration, LoginFailedTimes: f.LoginFailedTimes,
		PeriodWithLoginFailures: f.PeriodWithLoginFailures, SessionTimeout: f.SessionTimeout,
		ShowRecentLoginInfo: f.ShowRecentLoginInfo}
}

// settings lists the settings a PUT must carry: all of them, as GET
// answers them.
func (f loginPolicyFields) settings() []setting {
	return []setting{
		{"account_validity_period", f.AccountValidityPeriod != nil}, {"custom_info_for_login", f.CustomInfoForLogin != nil},
		{"lockout_duration", f.LockoutDuration != nil}, {"login_failed_times", f.LoginFailedTimes != nil},
		{"period_with_login_failures", f.PeriodWithLoginFailures != nil}, {"session_timeout", f.SessionTimeout != nil},
		{"show_recent_login_info", f.ShowRecentLoginInfo != nil},
	}
}

// updateLoginPolicy is PUT: the whole policy, every setting present (a
// setting left out would otherwise silently become zero).
func (h *handler) updateLoginPolicy(w http.ResponseWriter, r *http.Request) {
	var in loginPolicyFields
	if !h.read(w, r, &in) {
		return
	}
	if err := errIncomplete("login policy", in.settings()); err != nil {
		writeError(w, r, h.log, err)
		return
	}
	p, err := h.svc.Accounts.SetLoginPolicy(r.Context(), in.patch().Apply(identity.LoginPolicy{}))
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, "", toLoginPolicyJSON(p))
}

// patchLoginPolicy is PATCH: the settings sent change, the others stay;
// the core merges them in one transaction, so concurrent PATCHes of
// different settings all survive.
func (h *handler) patchLoginPolicy(w http.ResponseWriter, r *http.Request) {
	var in loginPolicyFields
	if !h.read(w, r, &in) {
		return
	}
	p, err := h.svc.Accounts.UpdateLoginPolicy(r.Context(), in.patch())
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, "", toLoginPolicyJSON(p))
}

func (h *handler) unlockUser(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.Users.Unlock(r.Context(), r.PathValue("id")); err != nil {
		writeError(w, r, h.log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
