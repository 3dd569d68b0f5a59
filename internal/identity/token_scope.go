package identity

import (
	"context"

	"github.com/watchword/watchword/internal/fault"
)

// TokenScope is what a token was issued for. A user token can only ever act
// within its own account, so a scope only says that one was asked for
// explicitly, and in which of Keystone's terms: the account is a Keystone
// domain, and it has exactly one project, which bears the account's ID and
// name. A scoped token shows its domain or project, roles and a catalog.
type TokenScope string

// The token scopes.
const (
	ScopeNone    TokenScope = ""        // unscoped
	ScopeAccount TokenScope = "account" // scoped to the token's own account (a Keystone domain)
	ScopeProject TokenScope = "project" // scoped to the account's one project
)

// ScopeRef is the scope a token request asks for: the account as a domain
// (Kind ScopeAccount, by ID or Name), or its one project (Kind ScopeProject,
// by ID, or by Name within the domain DomainID or DomainName names).
type ScopeRef struct {
	Kind       TokenScope
	ID         string
	Name       string
	DomainID   string
	DomainName string
}

// matches reports whether ref names u's account, as a domain or as its
// project.
func (ref ScopeRef) matches(u *User) bool {
	byIDOrName := func(id, name string) bool {
		switch {
		case id != "":
			return id == u.AccountID
		case name != "":
			return name == u.AccountName
		}
		return false
	}
	if ref.Kind == ScopeProject && ref.ID == "" {
		return ref.Name == u.AccountName && byIDOrName(ref.DomainID, ref.DomainName)
	}
	return byIDOrName(ref.ID, ref.Name)
}

// errScopeInvalid refuses a scope the authenticated user cannot have: a
// domain or project that is not the user's account.
func errScopeInvalid() error {
	return fault.New(fault.Unauthenticated, "auth.scope_invalid",
		"the requested scope is not available to this user: its only domain and project are its account")
}

// TokenMeta is what a token records beyond its session: its scope, and the
// audit chain it belongs to.
type TokenMeta struct {
	Scope TokenScope
	// ChainID is the session ID of the first token of the chain a
	// re-scoped token descends from; empty for a token issued by a login.
	ChainID string
}

// TokenScopeStore persists token scopes. It is part of Store.
type TokenScopeStore interface {
	// SetTokenScope records the scope and chain of a session.
	// Errors: NotFound (session.not_found).
	SetTokenScope(ctx context.Context, sessionID string, m TokenMeta) error
	// FindTokenScope returns the scope and chain of a session; the zero
	// TokenMeta when none was recorded.
	FindTokenScope(ctx context.Context, sessionID string) (TokenMeta, error)
}
