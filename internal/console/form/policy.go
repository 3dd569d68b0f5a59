package form

import (
	"net/http"
	"strconv"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/password"
)

// number reads an integer field; empty reads as 0.
// Errors: Invalid (form.number, on the field).
func number(r *http.Request, name string, dst *int) error {
	v := value(r, name)
	if v == "" {
		*dst = 0
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return fault.New(fault.Invalid, "form.number", "give a whole number").WithField(name)
	}
	*dst = n
	return nil
}

// checked reads a checkbox.
func checked(r *http.Request, name string) bool { return r.PostForm.Get(name) != "" }

// PasswordPolicy reads the password policy form: every field of
// password.Policy, named as /v1 names them. The core validates the values.
// Errors: Invalid (form.number).
func PasswordPolicy(r *http.Request) (password.Policy, error) {
	p := password.Policy{
		NotUsername:              checked(r, "not_username"),
		NotEmailOrMobile:         checked(r, "not_email_or_mobile"),
		ForceChangeAfterAdminSet: checked(r, "force_change_after_admin_set"),
		AllowedChars:             r.PostForm.Get("allowed_chars"),
		LocalDictionary:          password.DictionaryMode(value(r, "local_dictionary")),
		GlobalDictionary:         password.DictionaryMode(value(r, "global_dictionary")),
	}
	for name, dst := range map[string]*int{"min_length": &p.MinLength, "max_length": &p.MaxLength,
		"history_count": &p.HistoryCount, "min_age_minutes": &p.MinAgeMinutes, "max_age_days": &p.MaxAgeDays,
		"min_char_types": &p.MinCharTypes, "max_consecutive": &p.MaxConsecutive, "min_strength": &p.MinStrength} {
		if err := number(r, name, dst); err != nil {
			return p, err
		}
	}
	return p, nil
}

// Preset is the preset the form asks to load instead of saving, if any.
func Preset(r *http.Request) string { return value(r, "preset") }

// LoginPolicy reads the login policy form. Errors: Invalid (form.number).
func LoginPolicy(r *http.Request) (identity.LoginPolicy, error) {
	p := identity.LoginPolicy{CustomInfoForLogin: value(r, "custom_info_for_login"),
		ShowRecentLoginInfo: checked(r, "show_recent_login_info")}
	for name, dst := range map[string]*int{"account_validity_period": &p.AccountValidityPeriod,
		"lockout_duration": &p.LockoutDuration, "login_failed_times": &p.LoginFailedTimes,
		"period_with_login_failures": &p.PeriodWithLoginFailures, "session_timeout": &p.SessionTimeout} {
		if err := number(r, name, dst); err != nil {
			return p, err
		}
	}
	return p, nil
}
