package client

import (
	"context"
	"net/http"
	"time"
)

// Credentials identify a person logging in: an email, or an account name and
// a user name (which defaults to the account's root user).
type Credentials struct {
	Account  string `json:"account,omitempty"`
	Username string `json:"username,omitempty"`
	Email    string `json:"email,omitempty"`
	Password string `json:"password"`
}

// Token is an issued bearer token.
type Token struct {
	AccessToken            string    `json:"access_token"`
	TokenType              string    `json:"token_type"`
	ExpiresAt              time.Time `json:"expires_at"`
	ExpiresIn              int       `json:"expires_in"`
	UserID                 string    `json:"user_id,omitempty"`
	AccountID              string    `json:"account_id"`
	PasswordChangeRequired bool      `json:"password_change_required,omitempty"`
}

// Login exchanges a password for a user token (POST /v1/auth/login).
func (c *Client) Login(ctx context.Context, in Credentials) (*Token, error) {
	var t Token
	if _, err := c.do(ctx, http.MethodPost, "/v1/auth/login", in, &t); err != nil {
		return nil, err
	}
	return &t, nil
}

// ClientToken exchanges API-client credentials for a client token
// (POST /v1/auth/token, grant client_credentials).
func (c *Client) ClientToken(ctx context.Context, clientID, secret string) (*Token, error) {
	in := map[string]string{"grant_type": "client_credentials", "client_id": clientID, "client_secret": secret}
	var t Token
	if _, err := c.do(ctx, http.MethodPost, "/v1/auth/token", in, &t); err != nil {
		return nil, err
	}
	return &t, nil
}

// Logout revokes the client's own token (POST /v1/auth/logout).
func (c *Client) Logout(ctx context.Context) error {
	_, err := c.do(ctx, http.MethodPost, "/v1/auth/logout", nil, nil)
	return err
}
