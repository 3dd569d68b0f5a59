package identity

import (
	"context"
	"slices"
	"strings"

	"github.com/watchword/watchword/internal/fault"
)

// Rescope issues a new token from a valid one, with another scope (or none),
// as Keystone's token method does. The new token gives its holder nothing
// the old one did not: the same user and restriction, and the old token's
// expiry, so that re-scoping never extends a sign-in; its methods are the
// old token's with "token" first, and it joins the old token's audit chain
// (ChainID: the first token's session). The old token stays valid.
// The scope is checked as LoginAs checks it.
// Errors: NotFound (token.not_found: unknown, expired or revoked token, or
// its user gone or disabled), Forbidden (auth.user_token_required: an API
// client's token), Unauthenticated (auth.scope_invalid).
func (s *AuthService) Rescope(ctx context.Context, token string, scope *ScopeRef) (*TokenLogin, error) {
	if token == "" || len(token) > 512 {
		return nil, errTokenNotFound()
	}
	old, err := s.d.Store.FindSessionByTokenHash(ctx, hashToken(token))
	if fault.Is(err, fault.NotFound) {
		return nil, errTokenNotFound()
	}
	if err != nil {
		return nil, err
	}
	now := s.d.Clock()
	if !old.Active(now) {
		return nil, errTokenNotFound()
	}
	if old.Kind != UserToken {
		return nil, fault.New(fault.Forbidden, "auth.user_token_required",
			"this operation requires a user access token; API client tokens are not accepted")
	}
	u, err := s.d.Store.FindUserByID(ctx, old.UserID)
	if fault.Is(err, fault.NotFound) || (err == nil && !u.Enabled) {
		return nil, errTokenNotFound()
	}
	if err != nil {
		return nil, err
	}
	if scope != nil && !scope.matches(u) {
		return nil, errScopeInvalid()
	}
	meta, err := s.d.Store.FindTokenScope(ctx, old.ID)
	if err != nil {
		return nil, err
	}
	chain := meta.ChainID
	if chain == "" {
		chain = old.ID
	}
	tok, hash := newToken()
	r := RequestFrom(ctx)
	idleUntil := now.Add(s.idleFor(old))
	if idleUntil.After(old.ExpiresAt) {
		idleUntil = old.ExpiresAt
	}
	sess := &Session{ID: newID(), TokenHash: hash, Kind: UserToken, UserID: u.ID, AccountID: u.AccountID,
		Method: rescopedMethod(old.Method), Restricted: old.Restricted, IP: r.IP, UserAgent: truncate(r.UserAgent, 255),
		CreatedAt: now, LastSeenAt: now, ExpiresAt: old.ExpiresAt, IdleUntil: idleUntil}
	ev := s.d.event(ctx, "auth.token.rescope", u.AccountID, u.ID)
	ev.ActorID = u.ID
	if err := s.d.Store.CreateSession(ctx, sess, ev); err != nil {
		return nil, err
	}
	sc := scope.kind()
	if err := s.d.Store.SetTokenScope(ctx, sess.ID, TokenMeta{Scope: sc, ChainID: chain}); err != nil {
		return nil, err
	}
	info, err := s.describe(ctx, sess, u)
	if err != nil {
		return nil, err
	}
	info.Scope, info.ChainID = sc, chain
	res := &LoginResult{Token: tok, Session: sess, User: u, PasswordChangeRequired: old.Restricted != ""}
	return &TokenLogin{LoginResult: res, Info: info}, nil
}

// rescopedMethod is the method of a token re-scoped from one obtained by
// method: Keystone's token method adds "token" to the methods it keeps.
func rescopedMethod(method string) string {
	if method == "" {
		method = "password"
	}
	parts := strings.Split(method, "+")
	if slices.Contains(parts, "token") {
		return method
	}
	return strings.Join(append([]string{"token"}, parts...), "+")
}
