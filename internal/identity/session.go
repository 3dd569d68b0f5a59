package identity

import "time"

// TokenKind separates tokens people get by logging in from tokens API clients
// get with client credentials. Only user tokens may change a password.
type TokenKind string

// The token kinds.
const (
	UserToken   TokenKind = "user"
	ClientToken TokenKind = "client"
)

// Session is an issued bearer token. Only the SHA-256 of the token is stored.
type Session struct {
	ID        string
	TokenHash string
	Kind      TokenKind
	UserID    string // empty for client tokens
	ClientID  string // empty for user tokens
	AccountID string
	Method    string // how it was obtained: password, client_credentials, ...
	// Restricted limits what the token may do: "password_change" while an
	// expired or administrator-set password must be changed first.
	Restricted string
	IP         string
	UserAgent  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	IdleUntil  time.Time
	RevokedAt  *time.Time
	// Admin is joined from the user: whether it administers its account.
	Admin bool
}

// Active reports whether s may be used at now.
func (s *Session) Active(now time.Time) bool {
	return s.RevokedAt == nil && now.Before(s.ExpiresAt) && now.Before(s.IdleUntil)
}

// APIClient is a machine client of an account using client credentials.
type APIClient struct {
	ID         string
	AccountID  string
	Name       string
	SecretHash string
	CreatedAt  time.Time
}
