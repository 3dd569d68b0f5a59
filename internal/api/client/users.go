package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
)

// NewUser is an IAM user to create. Without a password the user has none yet
// and establishes one through Forgot Password; Federated marks a user whose
// password an outside identity provider manages.
type NewUser struct {
	Name        string `json:"name"`
	DisplayName string `json:"display_name,omitempty"`
	Email       string `json:"email,omitempty"`
	Mobile      string `json:"mobile,omitempty"`
	Locale      string `json:"locale,omitempty"`
	Admin       bool   `json:"admin,omitempty"`
	Password    string `json:"password,omitempty"`
	ForceChange bool   `json:"force_password_change,omitempty"`
	Federated   bool   `json:"federated,omitempty"`
	// Invite mails a user created without a password a link to choose one.
	Invite bool `json:"invite,omitempty"`
}

// UserUpdate changes a user; nil fields stay as they are.
type UserUpdate struct {
	Name           *string `json:"name,omitempty"`
	DisplayName    *string `json:"display_name,omitempty"`
	Email          *string `json:"email,omitempty"`
	EmailVerified  *bool   `json:"email_verified,omitempty"`
	Mobile         *string `json:"mobile,omitempty"`
	MobileVerified *bool   `json:"mobile_verified,omitempty"`
	Locale         *string `json:"locale,omitempty"`
	Theme          *string `json:"theme,omitempty"`
	Admin          *bool   `json:"admin,omitempty"`
	Enabled        *bool   `json:"enabled,omitempty"`
}

// UserFilter selects users; zero fields select all.
type UserFilter struct {
	Name   string
	Limit  int    // page size; 0 for the server's default
	Cursor string // the NextCursor of the page before; "" for the first
}

// UserList is one page of users; NextCursor, when set, asks for the next.
type UserList struct {
	Items      []User `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// Users lists the account's users (GET /v1/users).
func (c *Client) Users(ctx context.Context, f UserFilter) (*UserList, error) {
	q := url.Values{}
	if f.Name != "" {
		q.Set("name", f.Name)
	}
	if f.Limit > 0 {
		q.Set("limit", strconv.Itoa(f.Limit))
	}
	if f.Cursor != "" {
		q.Set("cursor", f.Cursor)
	}
	path := "/v1/users"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	var out UserList
	if _, err := c.do(ctx, http.MethodGet, path, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// CreateUser adds an IAM user (POST /v1/users).
func (c *Client) CreateUser(ctx context.Context, in NewUser) (*User, error) {
	var u User
	if _, err := c.do(ctx, http.MethodPost, "/v1/users", in, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// User returns one user of the account (GET /v1/users/{id}).
func (c *Client) User(ctx context.Context, id string) (*User, error) {
	var u User
	if _, err := c.do(ctx, http.MethodGet, "/v1/users/"+url.PathEscape(id), nil, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// UpdateUser changes a user (PATCH /v1/users/{id}).
func (c *Client) UpdateUser(ctx context.Context, id string, in UserUpdate) (*User, error) {
	var u User
	if _, err := c.do(ctx, http.MethodPatch, "/v1/users/"+url.PathEscape(id), in, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// DeleteUser removes an IAM user (DELETE /v1/users/{id}).
func (c *Client) DeleteUser(ctx context.Context, id string) error {
	_, err := c.do(ctx, http.MethodDelete, "/v1/users/"+url.PathEscape(id), nil, nil)
	return err
}

// SetUserPassword sets a user's password as their administrator, optionally
// forcing a change at next login (PUT /v1/users/{id}/password).
func (c *Client) SetUserPassword(ctx context.Context, id, password string, forceChange bool) (*PasswordResult, error) {
	in := map[string]any{"password": password, "force_password_change": forceChange}
	var out PasswordResult
	h, err := c.do(ctx, http.MethodPut, "/v1/users/"+url.PathEscape(id)+"/password", in, &out)
	if err != nil {
		return nil, err
	}
	out.DictionaryPolicy = h.Get("isv-dictionary-policy")
	return &out, nil
}
