package client

import (
	"context"
	"net/http"
	"time"
)

// Changing the caller's email or mobile takes four calls per kind ("email"
// or "mobile"): SendIdentityCode, VerifyIdentity, SendContactCode, then
// BindContact.

// CodeSent says where a code went and until when it works.
type CodeSent struct {
	Channel   string    `json:"channel"`
	To        string    `json:"to"`
	ExpiresAt time.Time `json:"expires_at"`
}

// SendIdentityCode sends a code proving the caller's identity over channel
// (email or sms) to the contact already bound (POST /v1/me/{kind}/identity-code).
func (c *Client) SendIdentityCode(ctx context.Context, kind, channel string) (*CodeSent, error) {
	var out CodeSent
	if _, err := c.do(ctx, http.MethodPost, "/v1/me/"+kind+"/identity-code", map[string]string{"channel": channel}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// VerifyIdentity trades that code, or the password when nothing is bound,
// for a ticket (POST /v1/me/{kind}/verify-identity).
func (c *Client) VerifyIdentity(ctx context.Context, kind, code, password string) (*Ticket, error) {
	in := map[string]string{}
	if code != "" {
		in["code"] = code
	}
	if password != "" {
		in["password"] = password
	}
	var out Ticket
	if _, err := c.do(ctx, http.MethodPost, "/v1/me/"+kind+"/verify-identity", in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// SendContactCode sends a code to the new address (POST /v1/me/{kind}/code).
func (c *Client) SendContactCode(ctx context.Context, kind, ticket, address string) (*CodeSent, error) {
	var out CodeSent
	in := map[string]string{"ticket": ticket, kind: address}
	if _, err := c.do(ctx, http.MethodPost, "/v1/me/"+kind+"/code", in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// BindContact binds the new address with the code it received
// (POST /v1/me/{kind}).
func (c *Client) BindContact(ctx context.Context, kind, ticket, address, code string) (*User, error) {
	var out User
	in := map[string]string{"ticket": ticket, kind: address, "code": code}
	if _, err := c.do(ctx, http.MethodPost, "/v1/me/"+kind, in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
