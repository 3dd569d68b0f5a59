package keystone

import (
	"net/http"
	"strings"

	"github.com/watchword/watchword/internal/password"
)

type passwordPolicyBody struct {
	PasswordPolicy passwordPolicyJSON `json:"password_policy"`
}

// passwordPolicyJSON is Huawei's PasswordPolicyResult.
type passwordPolicyJSON struct {
	MaximumConsecutiveIdenticalChars  int    `json:"maximum_consecutive_identical_chars"`
	MinimumPasswordAge                int    `json:"minimum_password_age"`
	MinimumPasswordLength             int    `json:"minimum_password_length"`
	NumberOfRecentPasswordsDisallowed int    `json:"number_of_recent_passwords_disallowed"`
	PasswordNotUsernameOrInvert       bool   `json:"password_not_username_or_invert"`
	PasswordValidityPeriod            int    `json:"password_validity_period"`
	PasswordCharCombination           int    `json:"password_char_combination"`
	MaximumPasswordLength             int    `json:"maximum_password_length"`
	PasswordRequirements              string `json:"password_requirements"`
}

// Huawei's ranges (model_password_policy_option.go); its fixed maximum
// length is 32.
var policyRanges = map[string][2]int{
	"maximum_consecutive_identical_chars":   {0, 32},
	"minimum_password_age":                  {0, 1440},
	"minimum_password_length":               {6, 32},
	"number_of_recent_passwords_disallowed": {0, 10},
	"password_validity_period":              {0, 180},
	"password_char_combination":             {2, 4},
	"maximum_password_length":               {6, 32},
}

func clamp(field string, v int) int {
	r := policyRanges[field]
	return min(max(v, r[0]), r[1])
}

// toPasswordPolicyJSON shows an account policy in Huawei's terms. The core's
// ranges are wider than Huawei's, so each value is clamped into Huawei's
// range (password.Policy documents the mapping).
func toPasswordPolicyJSON(p password.Policy) passwordPolicyJSON {
	maxLen := p.MaxLength
	if maxLen == 0 {
		maxLen = password.HardMaxLength
	}
	var req []string
	for _, r := range p.Requirements() {
		req = append(req, r.Message)
	}
	return passwordPolicyJSON{
		MaximumConsecutiveIdenticalChars:  clamp("maximum_consecutive_identical_chars", p.MaxConsecutive),
		MinimumPasswordAge:                clamp("minimum_password_age", p.MinAgeMinutes),
		MinimumPasswordLength:             clamp("minimum_password_length", p.MinLength),
		NumberOfRecentPasswordsDisallowed: clamp("number_of_recent_passwords_disallowed", p.HistoryCount),
		PasswordNotUsernameOrInvert:       p.NotUsername,
		PasswordValidityPeriod:            clamp("password_validity_period", p.MaxAgeDays),
		PasswordCharCombination:           clamp("password_char_combination", p.MinCharTypes),
		MaximumPasswordLength:             clamp("maximum_password_length", maxLen),
		PasswordRequirements:              strings.Join(req, "; "),
	}
}

// showPasswordPolicy is GET /v3.0/OS-SECURITYPOLICY/domains/{domain_id}/password-policy.
func (h *handler) showPasswordPolicy(w http.ResponseWriter, r *http.Request) {
	a, err := h.svc.Accounts.Find(r.Context(), r.PathValue("domain_id"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	reply(w, http.StatusOK, passwordPolicyBody{PasswordPolicy: toPasswordPolicyJSON(a.PasswordPolicy)})
}
