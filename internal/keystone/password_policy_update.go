package keystone

import (
	"net/http"

	"github.com/watchword/watchword/internal/password"
)

type passwordPolicyRequest struct {
	PasswordPolicy *passwordPolicyOption `json:"password_policy"`
}

func (passwordPolicyRequest) wrapper() string { return "password_policy" }

// passwordPolicyOption is Huawei's PasswordPolicyOption; absent fields keep
// their value.
type passwordPolicyOption struct {
	MaximumConsecutiveIdenticalChars  *int  `json:"maximum_consecutive_identical_chars"`
	MinimumPasswordAge                *int  `json:"minimum_password_age"`
	MinimumPasswordLength             *int  `json:"minimum_password_length"`
	NumberOfRecentPasswordsDisallowed *int  `json:"number_of_recent_passwords_disallowed"`
	PasswordNotUsernameOrInvert       *bool `json:"password_not_username_or_invert"`
	PasswordValidityPeriod            *int  `json:"password_validity_period"`
	PasswordCharCombination           *int  `json:"password_char_combination"`
}

// apply writes o over p, refusing a value outside Huawei's range.
func (o passwordPolicyOption) apply(p password.Policy) (password.Policy, error) {
	for _, f := range []struct {
		field string
		v     *int
		dst   *int
	}{
		{"maximum_consecutive_identical_chars", o.MaximumConsecutiveIdenticalChars, &p.MaxConsecutive},
		{"minimum_password_age", o.MinimumPasswordAge, &p.MinAgeMinutes},
		{"minimum_password_length", o.MinimumPasswordLength, &p.MinLength},
		{"number_of_recent_passwords_disallowed", o.NumberOfRecentPasswordsDisallowed, &p.HistoryCount},
		{"password_validity_period", o.PasswordValidityPeriod, &p.MaxAgeDays},
		{"password_char_combination", o.PasswordCharCombination, &p.MinCharTypes},
	} {
		if f.v == nil {
			continue
		}
		if *f.v != clamp(f.field, *f.v) {
			return p, invalid("huawei.range", f.field+" is out of range", f.field)
		}
		*f.dst = *f.v
	}
	if o.PasswordNotUsernameOrInvert != nil {
		p.NotUsername = *o.PasswordNotUsernameOrInvert
	}
	// Huawei always refuses a password containing the email or mobile.
	p.NotEmailOrMobile = true
	if p.MaxLength != 0 && p.MaxLength < p.MinLength {
		p.MaxLength = p.MinLength
	}
	return p, nil
}

// updatePasswordPolicy is PUT /v3.0/OS-SECURITYPOLICY/domains/{domain_id}/password-policy,
// for an administrator; answers the policy as it now is.
func (h *handler) updatePasswordPolicy(w http.ResponseWriter, r *http.Request) {
	var in passwordPolicyRequest
	if !h.read(w, r, &in, true) {
		return
	}
	if in.PasswordPolicy == nil {
		h.writeError(w, r, invalid("huawei.missing", "password_policy is required", ""))
		return
	}
	domainID := r.PathValue("domain_id")
	a, err := h.svc.Accounts.Find(r.Context(), domainID)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	pol, err := in.PasswordPolicy.apply(a.PasswordPolicy)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	if err := h.svc.Accounts.SetPasswordPolicyOf(r.Context(), domainID, pol); err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, passwordPolicyBody{PasswordPolicy: toPasswordPolicyJSON(pol)})
}
