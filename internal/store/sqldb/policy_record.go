package sqldb

import (
	"encoding/json"

	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/password"
)

// passwordPolicyRecord is a password policy as accounts.password_policy
// holds it: a JSON object with these names, the store's own (the core's
// password.Policy carries none), as every version has written them. A field
// an older version did not write keeps the value decoding started from.
type passwordPolicyRecord struct {
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

func passwordPolicyRecordOf(p password.Policy) passwordPolicyRecord {
	return passwordPolicyRecord{MinLength: p.MinLength, MaxLength: p.MaxLength, HistoryCount: p.HistoryCount,
		MinAgeMinutes: p.MinAgeMinutes, MaxAgeDays: p.MaxAgeDays, MinCharTypes: p.MinCharTypes, NotUsername: p.NotUsername,
		NotEmailOrMobile: p.NotEmailOrMobile, MaxConsecutive: p.MaxConsecutive, MinStrength: p.MinStrength,
		AllowedChars: p.AllowedChars, ForceChangeAfterAdminSet: p.ForceChangeAfterAdminSet,
		LocalDictionary: string(p.LocalDictionary), GlobalDictionary: string(p.GlobalDictionary)}
}

func (r passwordPolicyRecord) policy() password.Policy {
	return password.Policy{MinLength: r.MinLength, MaxLength: r.MaxLength, HistoryCount: r.HistoryCount,
		MinAgeMinutes: r.MinAgeMinutes, MaxAgeDays: r.MaxAgeDays, MinCharTypes: r.MinCharTypes, NotUsername: r.NotUsername,
		NotEmailOrMobile: r.NotEmailOrMobile, MaxConsecutive: r.MaxConsecutive, MinStrength: r.MinStrength,
		AllowedChars: r.AllowedChars, ForceChangeAfterAdminSet: r.ForceChangeAfterAdminSet,
		LocalDictionary: password.DictionaryMode(r.LocalDictionary), GlobalDictionary: password.DictionaryMode(r.GlobalDictionary)}
}

// encodePasswordPolicy is p as the column stores it.
func encodePasswordPolicy(p password.Policy) (string, error) {
	b, err := json.Marshal(passwordPolicyRecordOf(p))
	return string(b), err
}

// decodePasswordPolicy reads the column over base: what raw leaves out
// stays as base has it.
func decodePasswordPolicy(raw string, base password.Policy) (password.Policy, error) {
	r := passwordPolicyRecordOf(base)
	if err := json.Unmarshal([]byte(raw), &r); err != nil {
		return password.Policy{}, err
	}
	return r.policy(), nil
}

// loginPolicyRecord is a login policy as accounts.login_policy holds it,
// with Huawei IAM's names, as every version has written them.
type loginPolicyRecord struct {
	AccountValidityPeriod   int    `json:"account_validity_period"`
	CustomInfoForLogin      string `json:"custom_info_for_login"`
	LockoutDuration         int    `json:"lockout_duration"`
	LoginFailedTimes        int    `json:"login_failed_times"`
	PeriodWithLoginFailures int    `json:"period_with_login_failures"`
	SessionTimeout          int    `json:"session_timeout"`
	ShowRecentLoginInfo     bool   `json:"show_recent_login_info"`
}

// encodeLoginPolicy is p as the column stores it.
func encodeLoginPolicy(p identity.LoginPolicy) (string, error) {
	b, err := json.Marshal(loginPolicyRecord(p))
	return string(b), err
}

// decodeLoginPolicy reads the column; fields it never set read as zero.
func decodeLoginPolicy(raw string) (identity.LoginPolicy, error) {
	var r loginPolicyRecord
	if err := json.Unmarshal([]byte(raw), &r); err != nil {
		return identity.LoginPolicy{}, err
	}
	return identity.LoginPolicy(r), nil
}
