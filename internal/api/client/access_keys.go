package client

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// AccessKey is an access key as the API shows it; SecretKey is set only in
// the answer to CreateAccessKey.
type AccessKey struct {
	ID        string     `json:"id"`
	State     string     `json:"state"`
	Tag       string     `json:"tag"`
	ExpiresAt *time.Time `json:"expires_at"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	SecretKey string     `json:"secret_key,omitempty"`
}

// NewAccessKey is the body of CreateAccessKey.
type NewAccessKey struct {
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
	Tag       string     `json:"tag,omitempty"`
}

// AccessKeyUpdate is the body of UpdateAccessKey.
type AccessKeyUpdate struct {
	State        *string    `json:"state,omitempty"`
	ExpiresAt    *time.Time `json:"expires_at,omitempty"`
	RemoveExpiry bool       `json:"remove_expiry,omitempty"`
	Tag          *string    `json:"tag,omitempty"`
}

func accessKeyPath(user, id string) string {
	p := "/v1/me/access-keys"
	if id != "" {
		p += "/" + url.PathEscape(id)
	}
	if user != "" {
		p += "?user=" + url.QueryEscape(user)
	}
	return p
}

// AccessKeys lists the keys of the caller, or of user for an administrator.
func (c *Client) AccessKeys(ctx context.Context, user string) ([]AccessKey, error) {
	return all[AccessKey](ctx, c, accessKeyPath(user, ""), nil, 0)
}

// CreateAccessKey creates a key; the answer holds the secret key, once.
func (c *Client) CreateAccessKey(ctx context.Context, user string, in NewAccessKey) (*AccessKey, error) {
	var out AccessKey
	_, err := c.do(ctx, http.MethodPost, accessKeyPath(user, ""), in, &out)
	return &out, err
}

// UpdateAccessKey changes a key's state, expiry or tag.
func (c *Client) UpdateAccessKey(ctx context.Context, user, id string, in AccessKeyUpdate) (*AccessKey, error) {
	var out AccessKey
	_, err := c.do(ctx, http.MethodPatch, accessKeyPath(user, id), in, &out)
	return &out, err
}

// DeleteAccessKey deletes a key.
func (c *Client) DeleteAccessKey(ctx context.Context, user, id string) error {
	_, err := c.do(ctx, http.MethodDelete, accessKeyPath(user, id), nil, nil)
	return err
}
