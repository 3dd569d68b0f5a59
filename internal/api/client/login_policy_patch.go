package client

import (
	"context"
	"net/http"
)

// LoginPolicyPatch changes some settings of the login policy; nil fields
// keep their value.
type LoginPolicyPatch struct {
	AccountValidityPeriod   *int    `json:"account_validity_period,omitempty"`
	CustomInfoForLogin      *string `json:"custom_info_for_login,omitempty"`
	LockoutDuration         *int    `json:"lockout_duration,omitempty"`
	LoginFailedTimes        *int    `json:"login_failed_times,omitempty"`
	PeriodWithLoginFailures *int    `json:"period_with_login_failures,omitempty"`
	SessionTimeout          *int    `json:"session_timeout,omitempty"`
	ShowRecentLoginInfo     *bool   `json:"show_recent_login_info,omitempty"`
}

// PatchLoginPolicy changes the settings given and keeps the others, in one
// transaction on the server (PATCH /v1/account/login-policy).
func (c *Client) PatchLoginPolicy(ctx context.Context, in LoginPolicyPatch) (*LoginPolicy, error) {
	var out LoginPolicy
	if _, err := c.do(ctx, http.MethodPatch, "/v1/account/login-policy", in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
