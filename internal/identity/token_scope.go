package identity

import "context"

// TokenScope is what a token was issued for. A user token can only ever act
// within its own account, so the one scope there is says that it was asked
// for explicitly: Keystone then shows the domain, its roles and a catalog.
type TokenScope string

// The token scopes.
const (
	ScopeNone    TokenScope = ""        // unscoped
	ScopeAccount TokenScope = "account" // scoped to the token's own account (a Keystone domain)
)

// AccountRef names an account by ID or by name, as a scope request does.
type AccountRef struct {
	ID   string
	Name string
}

// TokenScopeStore persists token scopes. It is part of Store.
type TokenScopeStore interface {
	// SetTokenScope records the scope of a session. Errors: NotFound (session.not_found).
	SetTokenScope(ctx context.Context, sessionID string, scope TokenScope) error
	// FindTokenScope returns the scope of a session; ScopeNone when none was recorded.
	FindTokenScope(ctx context.Context, sessionID string) (TokenScope, error)
}
