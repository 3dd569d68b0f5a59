package api

import (
	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/password"
)

// passwordPolicyJSON is the password policy as /v1 answers it; requests
// carry policyFields. The names are this API's, not the core's.
type passwordPolicyJSON struct {
	MinLength                int    `json:"min_length"`
	MaxLength                int    `json:"max_length"`
	HistoryCount             int    `json:"history_count"`
	MinAgeMinutes            int    `json:"min_age_minutes"`
	MaxAgeDays               int    `json:"max_age_days"`
	MinCharTypes             int    `json:"min_char_types"`
	NotUsername              bool   `json:"not_username"`
	NotEmailOrMobile         bool   `json:"not_email_or_mobile"`
	MaxConsecutive           int    `json:"max_consecutive"`
	MinStrength              int    `json:"min_strength"`
	AllowedChars             string `json:"allowed_chars,omitempty"`
	ForceChangeAfterAdminSet bool   `json:"force_change_after_admin_set"`
	LocalDictionary          string `json:"local_dictionary"`
	GlobalDictionary         string `json:"global_dictionary"`
}

func toPasswordPolicyJSON(p password.Policy) passwordPolicyJSON {
	return passwordPolicyJSON{MinLength: p.MinLength, MaxLength: p.MaxLength, HistoryCount: p.HistoryCount,
		MinAgeMinutes: p.MinAgeMinutes, MaxAgeDays: p.MaxAgeDays, MinCharTypes: p.MinCharTypes, NotUsername: p.NotUsername,
		NotEmailOrMobile: p.NotEmailOrMobile, MaxConsecutive: p.MaxConsecutive, MinStrength: p.MinStrength,
		AllowedChars: p.AllowedChars, ForceChangeAfterAdminSet: p.ForceChangeAfterAdminSet,
		LocalDictionary: string(p.LocalDictionary), GlobalDictionary: string(p.GlobalDictionary)}
}

// loginPolicyJSON is the login policy as /v1 answers it, with Huawei IAM's
// names; requests carry loginPolicyFields.
type loginPolicyJSON struct {
	AccountValidityPeriod   int    `json:"account_validity_period"`
	CustomInfoForLogin      string `json:"custom_info_for_login"`
	LockoutDuration         int    `json:"lockout_duration"`
	LoginFailedTimes        int    `json:"login_failed_times"`
	PeriodWithLoginFailures int    `json:"period_with_login_failures"`
	SessionTimeout          int    `json:"session_timeout"`
	ShowRecentLoginInfo     bool   `json:"show_recent_login_info"`
}

func toLoginPolicyJSON(p identity.LoginPolicy) loginPolicyJSON {
	return loginPolicyJSON{AccountValidityPeriod: p.AccountValidityPeriod, CustomInfoForLogin: p.CustomInfoForLogin,
		LockoutDuration: p.LockoutDuration, LoginFailedTimes: p.LoginFailedTimes,
		PeriodWithLoginFailures: p.PeriodWithLoginFailures, SessionTimeout: p.SessionTimeout,
		ShowRecentLoginInfo: p.ShowRecentLoginInfo}
}

// problemRule is one password-policy rule's outcome in a problem document.
type problemRule struct {
	ID      string         `json:"id"`
	Passed  bool           `json:"passed"`
	Warn    bool           `json:"warn,omitempty"`
	Message string         `json:"message"`
	Args    map[string]any `json:"args,omitempty"`
}

func toProblemRules(rules []fault.Rule) []problemRule {
	if rules == nil {
		return nil
	}
	out := make([]problemRule, len(rules))
	for i, r := range rules {
		out[i] = problemRule{ID: r.ID, Passed: r.Passed, Warn: r.Warn, Message: r.Message, Args: r.Args}
	}
	return out
}
