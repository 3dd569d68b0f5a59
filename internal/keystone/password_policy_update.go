package keystone

import (
	"net/http"

	"github.com/watchword/watchword/internal/identity"
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

// patch translates o into the core's patch, refusing a value outside
// Huawei's range. Huawei always refuses a password containing the email or
// mobile, so every update turns that rule on.
func (o passwordPolicyOption) patch() (identity.PasswordPolicyPatch, error) {
	c := identity.PasswordPolicyPatch{NotUsername: o.PasswordNotUsernameOrInvert, NotEmailOrMobile: ptr(true)}
	for _, f := range []struct {
		field string
		v     *int
		dst   **int
	}{
		{"maximum_consecutive_identical_chars", o.MaximumConsecutiveIdenticalChars, &c.MaxConsecutive},
		{"minimum_password_age", o.MinimumPasswordAge, &c.MinAgeMinutes},
		{"minimum_password_length", o.MinimumPasswordLength, &c.MinLength},
		{"number_of_recent_passwords_disallowed", o.NumberOfRecentPasswordsDisallowed, &c.HistoryCount},
		{"password_validity_period", o.PasswordValidityPeriod, &c.MaxAgeDays},
		{"password_char_combination", o.PasswordCharCombination, &c.MinCharTypes},
	} {
		if f.v == nil {
			continue
		}
		if *f.v != clamp(f.field, *f.v) {
			return c, invalid("huawei.range", f.field+" is out of range", f.field)
		}
		*f.dst = f.v
	}
	return c, nil
}

func ptr[T any](v T) *T { return &v }

// updatePasswordPolicy is PUT /v3.0/OS-SECURITYPOLICY/domains/{domain_id}/password-policy,
// for an administrator; answers the policy as it now is. The core merges
// the fields sent into the stored policy in one transaction.
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
	// Who may ask is answered before what was asked, as Huawei does.
	if _, err := h.svc.Accounts.Find(r.Context(), domainID); err != nil {
		h.writeError(w, r, err)
		return
	}
	patch, err := in.PasswordPolicy.patch()
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	pol, err := h.svc.Accounts.UpdatePasswordPolicyOf(r.Context(), domainID, patch)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	reply(w, http.StatusOK, passwordPolicyBody{PasswordPolicy: toPasswordPolicyJSON(pol)})
}
