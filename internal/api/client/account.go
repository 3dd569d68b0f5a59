package client

import (
	"context"
	"net/http"
	"time"
)

// Account is the caller's account. Its ID never changes.
type Account struct {
	ID               string    `json:"id"`
	Name             string    `json:"name"`
	FirstName        string    `json:"first_name"`
	LastName         string    `json:"last_name"`
	CompanyName      string    `json:"company_name"`
	JobTitle         string    `json:"job_title"`
	Email            string    `json:"email"`
	AdditionalEmails []string  `json:"additional_emails"`
	MobileNumber     string    `json:"mobile_number"`
	PhoneNumber      string    `json:"phone_number"`
	City             string    `json:"city"`
	StateProvince    string    `json:"state_province"`
	Country          string    `json:"country"`
	ZipCode          string    `json:"zip_code"`
	VatNumber        string    `json:"vat_number"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
	// PendingContacts, in UpdateAccount's answer only, says where the codes
	// went when the update changed the email or mobile: the change waits for
	// that code, proven through the /v1/me/email or /v1/me/mobile steps.
	PendingContacts []CodeSent `json:"pending_contacts,omitempty"`
}

// AccountUpdate changes the account's profile; nil fields stay as they are.
type AccountUpdate struct {
	FirstName        *string   `json:"first_name,omitempty"`
	LastName         *string   `json:"last_name,omitempty"`
	CompanyName      *string   `json:"company_name,omitempty"`
	JobTitle         *string   `json:"job_title,omitempty"`
	Email            *string   `json:"email,omitempty"`
	AdditionalEmails *[]string `json:"additional_emails,omitempty"`
	MobileNumber     *string   `json:"mobile_number,omitempty"`
	PhoneNumber      *string   `json:"phone_number,omitempty"`
	City             *string   `json:"city,omitempty"`
	StateProvince    *string   `json:"state_province,omitempty"`
	Country          *string   `json:"country,omitempty"`
	ZipCode          *string   `json:"zip_code,omitempty"`
	VatNumber        *string   `json:"vat_number,omitempty"`
}

// PasswordPolicy is an account's password policy, field for field as the
// API carries it.
type PasswordPolicy struct {
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

// Account returns the caller's account (GET /v1/account).
func (c *Client) Account(ctx context.Context) (*Account, error) {
	var a Account
	if _, err := c.do(ctx, http.MethodGet, "/v1/account", nil, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

// UpdateAccount changes the account's profile (PATCH /v1/account).
func (c *Client) UpdateAccount(ctx context.Context, in AccountUpdate) (*Account, error) {
	var a Account
	if _, err := c.do(ctx, http.MethodPatch, "/v1/account", in, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

// PasswordPolicy returns the account's password policy (GET /v1/account/password-policy).
func (c *Client) PasswordPolicy(ctx context.Context) (*PasswordPolicy, error) {
	var p PasswordPolicy
	if _, err := c.do(ctx, http.MethodGet, "/v1/account/password-policy", nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// SetPasswordPolicy replaces the account's password policy (PUT /v1/account/password-policy).
func (c *Client) SetPasswordPolicy(ctx context.Context, in PasswordPolicy) (*PasswordPolicy, error) {
	var p PasswordPolicy
	if _, err := c.do(ctx, http.MethodPut, "/v1/account/password-policy", in, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// ApplyPasswordPolicyPreset replaces the account's password policy with a
// named preset: default, nist, huawei or outscale.
func (c *Client) ApplyPasswordPolicyPreset(ctx context.Context, preset string) (*PasswordPolicy, error) {
	var p PasswordPolicy
	if _, err := c.do(ctx, http.MethodPut, "/v1/account/password-policy", map[string]string{"preset": preset}, &p); err != nil {
		return nil, err
	}
	return &p, nil
}
