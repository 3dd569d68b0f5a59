package identity

import (
	"net/mail"
	"regexp"
	"strings"

	"github.com/watchword/watchword/internal/fault"
)

var (
	nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$`)
	// userNameRE also takes the '@' and '+' of a user principal name or an
	// email address, which identity providers give as a user's name.
	userNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.@+\-]{0,127}$`)
	mobileRE   = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
	localeRE   = regexp.MustCompile(`^[a-z]{2}(-[A-Z]{2})?$`)
)

// validateName checks an account or user name.
func validateName(field, v string) error {
	if !nameRE.MatchString(v) {
		return fault.Newf(fault.Invalid, "validation.name",
			"%s must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit", field).WithField(field)
	}
	return nil
}

// validateUserName checks an IAM user's name: an account name (as the root
// user's), or a longer name with '@' and '+', such as alice@example.com.
func validateUserName(field, v string) error {
	if !userNameRE.MatchString(v) {
		return fault.Newf(fault.Invalid, "validation.name",
			"%s must be 1 to 128 letters, digits, '.', '_', '-', '@' or '+', starting with a letter or digit", field).WithField(field)
	}
	return nil
}

// normalizeEmail validates an email address and returns it lowercased.
// An empty address is allowed (no email bound).
func normalizeEmail(field, v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v || len(v) > 254 || !strings.Contains(v[strings.LastIndexByte(v, '@'):], ".") {
		return "", fault.Newf(fault.Invalid, "validation.email", "%s is not a valid email address", field).WithField(field)
	}
	return strings.ToLower(v), nil
}

// validateMobile checks an E.164 number such as +33612345678; empty is allowed.
func validateMobile(field, v string) error {
	if v != "" && !mobileRE.MatchString(v) {
		return fault.Newf(fault.Invalid, "validation.mobile",
			"%s must be an international number such as +33612345678", field).WithField(field)
	}
	return nil
}

// validateLocale checks a locale such as en or fr-FR; empty is allowed.
func validateLocale(v string) error {
	if v != "" && !localeRE.MatchString(v) {
		return fault.New(fault.Invalid, "validation.locale", "locale must look like en or fr-FR").WithField("locale")
	}
	return nil
}

// validateText bounds a free-text profile field.
func validateText(field, v string, max int) error {
	if len(v) > max || strings.ContainsAny(v, "\r\n\x00") {
		return fault.Newf(fault.Invalid, "validation.text",
			"%s must be at most %d characters on one line", field, max).WithField(field)
	}
	return nil
}
