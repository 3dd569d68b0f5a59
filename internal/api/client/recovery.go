package client

import (
	"context"
	"net/http"
	"time"
)

// RecoveryIdentifier names the user a password reset is for: an email or a
// mobile alone, or an account name (its root user) with an optional user name.
type RecoveryIdentifier struct {
	AccountName string `json:"account_name,omitempty"`
	UserName    string `json:"user_name,omitempty"`
	Email       string `json:"email,omitempty"`
	Mobile      string `json:"mobile,omitempty"`
}

// RecoveryRequest asks for a reset: Method is link (a mailed link), email or
// sms (a code).
type RecoveryRequest struct {
	RecoveryIdentifier
	Method string `json:"method"`
}

// RecoveryAccepted is the one answer to a reset request, whoever matched.
type RecoveryAccepted struct {
	Method    string `json:"method"`
	ExpiresIn int    `json:"expires_in"`
	Message   string `json:"message"`
}

// Ticket is a short-lived proof returned by a verified code.
type Ticket struct {
	Ticket    string    `json:"ticket"`
	ExpiresAt time.Time `json:"expires_at"`
}

// RequestRecovery asks for a password reset (POST /v1/recovery/requests).
func (c *Client) RequestRecovery(ctx context.Context, in RecoveryRequest) (*RecoveryAccepted, error) {
	var out RecoveryAccepted
	if _, err := c.do(ctx, http.MethodPost, "/v1/recovery/requests", in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// VerifyRecoveryCode trades a reset code for a ticket (POST /v1/recovery/verify).
func (c *Client) VerifyRecoveryCode(ctx context.Context, id RecoveryIdentifier, code string) (*Ticket, error) {
	in := struct {
		RecoveryIdentifier
		Code string `json:"code"`
	}{id, code}
	var out Ticket
	if _, err := c.do(ctx, http.MethodPost, "/v1/recovery/verify", in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ResetPassword sets a new password with the token of a mailed link or a
// ticket from VerifyRecoveryCode (POST /v1/recovery/reset).
func (c *Client) ResetPassword(ctx context.Context, token, password, confirmation string) (*PasswordResult, error) {
	in := map[string]string{"token": token, "password": password, "confirmation": confirmation}
	var out PasswordResult
	h, err := c.do(ctx, http.MethodPost, "/v1/recovery/reset", in, &out)
	if err != nil {
		return nil, err
	}
	out.DictionaryPolicy = h.Get("isv-dictionary-policy")
	return &out, nil
}
