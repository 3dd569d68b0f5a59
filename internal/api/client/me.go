package client

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// User is a user as the API shows it.
type User struct {
	ID                  string    `json:"id"`
	AccountID           string    `json:"account_id"`
	AccountName         string    `json:"account_name"`
	Name                string    `json:"name"`
	Root                bool      `json:"root"`
	Admin               bool      `json:"admin"`
	DisplayName         string    `json:"display_name"`
	Email               string    `json:"email"`
	EmailVerified       bool      `json:"email_verified"`
	Mobile              string    `json:"mobile"`
	MobileVerified      bool      `json:"mobile_verified"`
	Locale              string    `json:"locale"`
	Theme               string    `json:"theme"`
	PasswordOrigin      string    `json:"password_origin"`
	PasswordChangedAt   *string   `json:"password_changed_at"`
	ForcePasswordChange bool      `json:"force_password_change"`
	LoginVerification   string    `json:"login_verification"`
	Enabled             bool      `json:"enabled"`
	CreatedAt           time.Time `json:"created_at"`
	UpdatedAt           time.Time `json:"updated_at"`
	// Groups lists the groups the user is in; set by User (GET
	// /v1/users/{id}) only.
	Groups *[]GroupRef `json:"groups,omitempty"`
}

// GroupRef names a group a user is in; Builtin is "admin" for the
// account's admin group.
type GroupRef struct {
	ID          string `json:"id"`
	DisplayName string `json:"display_name"`
	Builtin     string `json:"builtin,omitempty"`
}

// ProfileUpdate changes the caller's own profile; nil fields stay as they are.
type ProfileUpdate struct {
	DisplayName *string `json:"display_name,omitempty"`
	Locale      *string `json:"locale,omitempty"`
	Theme       *string `json:"theme,omitempty"`
}

// PasswordChange is a self-service password change. NotifyType "NONE"
// suppresses the notification; ThemeID picks the mail theme.
type PasswordChange struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
	NotifyType      string `json:"notify_type,omitempty"`
	ThemeID         string `json:"theme_id,omitempty"`
}

// PasswordResult is a successful change, with the rules that only warned.
type PasswordResult struct {
	Warnings []Rule `json:"warnings"`
	// DictionaryPolicy is the isv-dictionary-policy header (WARNLOCAL, ...).
	DictionaryPolicy string `json:"-"`
}

// Session is one of the caller's live tokens.
type Session struct {
	ID         string    `json:"id"`
	Current    bool      `json:"current"`
	Method     string    `json:"method"`
	IP         string    `json:"ip"`
	UserAgent  string    `json:"user_agent"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
}

// Me returns the calling user (GET /v1/me).
func (c *Client) Me(ctx context.Context) (*User, error) {
	var u User
	if _, err := c.do(ctx, http.MethodGet, "/v1/me", nil, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// UpdateMe changes the caller's profile (PATCH /v1/me).
func (c *Client) UpdateMe(ctx context.Context, in ProfileUpdate) (*User, error) {
	var u User
	if _, err := c.do(ctx, http.MethodPatch, "/v1/me", in, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// ChangePassword changes the caller's password (POST /v1/me/password).
func (c *Client) ChangePassword(ctx context.Context, in PasswordChange) (*PasswordResult, error) {
	var out PasswordResult
	h, err := c.do(ctx, http.MethodPost, "/v1/me/password", in, &out)
	if err != nil {
		return nil, err
	}
	out.DictionaryPolicy = h.Get("isv-dictionary-policy")
	return &out, nil
}

// Sessions lists the caller's live sessions (GET /v1/me/sessions).
func (c *Client) Sessions(ctx context.Context) ([]Session, error) {
	return all[Session](ctx, c, "/v1/me/sessions", nil, 0)
}

// RevokeSession revokes one of the caller's sessions (DELETE /v1/me/sessions/{id}).
func (c *Client) RevokeSession(ctx context.Context, id string) error {
	_, err := c.do(ctx, http.MethodDelete, "/v1/me/sessions/"+url.PathEscape(id), nil, nil)
	return err
}

// page is the API's list envelope: one page, and the cursor of the next.
type page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

// all reads every page of the list at path (with the query q), or the
// first max items when max > 0.
func all[T any](ctx context.Context, c *Client, path string, q url.Values, max int) ([]T, error) {
	if q == nil {
		q = url.Values{}
	}
	out := []T{}
	for {
		p := path
		if len(q) > 0 {
			p += "?" + q.Encode()
		}
		var pg page[T]
		if _, err := c.do(ctx, http.MethodGet, p, nil, &pg); err != nil {
			return nil, err
		}
		out = append(out, pg.Items...)
		if max > 0 && len(out) >= max {
			return out[:max], nil
		}
		if pg.NextCursor == "" {
			return out, nil
		}
		q.Set("cursor", pg.NextCursor)
	}
}

// maxPage is the largest page the server gives.
const maxPage = 200
