package client

import (
	"context"
	"net/http"
)

// PasswordPolicyPatch changes some settings of the password policy; nil
// fields keep their value.
type PasswordPolicyPatch struct {
	MinLength                *int    `json:"min_length,omitempty"`
	MaxLength                *int    `json:"max_length,omitempty"`
	HistoryCount             *int    `json:"history_count,omitempty"`
	MinAgeMinutes            *int    `json:"min_age_minutes,omitempty"`
	MaxAgeDays               *int    `json:"max_age_days,omitempty"`
	MinCharTypes             *int    `json:"min_char_types,omitempty"`
	NotUsername              *bool   `json:"not_username,omitempty"`
	NotEmailOrMobile         *bool   `json:"not_email_or_mobile,omitempty"`
	MaxConsecutive           *int    `json:"max_consecutive,omitempty"`
	MinStrength              *int    `json:"min_strength,omitempty"`
	AllowedChars             *string `json:"allowed_chars,omitempty"`
	ForceChangeAfterAdminSet *bool   `json:"force_change_after_admin_set,omitempty"`
	LocalDictionary          *string `json:"local_dictionary,omitempty"`
	GlobalDictionary         *string `json:"global_dictionary,omitempty"`
}

// PatchPasswordPolicy changes the settings given and keeps the others, in
// one transaction on the server (PATCH /v1/account/password-policy).
func (c *Client) PatchPasswordPolicy(ctx context.Context, in PasswordPolicyPatch) (*PasswordPolicy, error) {
	var p PasswordPolicy
	if _, err := c.do(ctx, http.MethodPatch, "/v1/account/password-policy", in, &p); err != nil {
		return nil, err
	}
	return &p, nil
}
