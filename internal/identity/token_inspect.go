package identity

import (
	"context"
	"crypto/subtle"

	"github.com/watchword/watchword/internal/fault"
)

// errTokenNotFound is the one answer for a token that is unknown, expired,
// revoked, or not the caller's to see, so none can be told apart.
func errTokenNotFound() error {
	return fault.New(fault.NotFound, "token.not_found", "no such token")
}

// InspectToken describes token for the caller, as Keystone's token
// validation does. A caller may see its own token, any token of its own user,
// and, as an administrator of the account, any token of the account.
// Errors: Unauthenticated (no caller), NotFound (token.not_found: unknown,
// expired, revoked or not the caller's to see).
func (s *AuthService) InspectToken(ctx context.Context, token string) (*TokenInfo, error) {
	sess, err := s.visibleSession(ctx, token)
	if err != nil {
		return nil, err
	}
	if sess.Kind != UserToken {
		return &TokenInfo{Session: sess}, nil
	}
	u, err := s.d.Store.FindUserByID(ctx, sess.UserID)
	if fault.Is(err, fault.NotFound) {
		return nil, errTokenNotFound()
	}
	if err != nil {
		return nil, err
	}
	info, err := s.describe(ctx, sess, u)
	if err != nil {
		return nil, err
	}
	m, err := s.d.Store.FindTokenScope(ctx, sess.ID)
	info.Scope, info.ChainID = m.Scope, m.ChainID
	return info, err
}

// RevokeToken revokes token for the caller, who may revoke the tokens
// InspectToken lets it see. Errors: Unauthenticated, NotFound (token.not_found).
func (s *AuthService) RevokeToken(ctx context.Context, token string) error {
	sess, err := s.visibleSession(ctx, token)
	if err != nil {
		return err
	}
	err = s.d.Store.RevokeSession(ctx, sess.ID, s.d.event(ctx, "auth.token.revoke", sess.AccountID, sess.UserID))
	if fault.Is(err, fault.NotFound) { // revoked meanwhile
		return errTokenNotFound()
	}
	return err
}

// visibleSession finds the live session of token when the caller may see it.
func (s *AuthService) visibleSession(ctx context.Context, token string) (*Session, error) {
	p, ok := PrincipalFrom(ctx)
	if !ok {
		return nil, fault.New(fault.Unauthenticated, "auth.required", "authentication required")
	}
	if token == "" || len(token) > 512 {
		return nil, errTokenNotFound()
	}
	sess, err := s.d.Store.FindSessionByTokenHash(ctx, hashToken(token))
	if fault.Is(err, fault.NotFound) {
		return nil, errTokenNotFound()
	}
	if err != nil {
		return nil, err
	}
	if !sess.Active(s.d.Clock()) {
		return nil, errTokenNotFound()
	}
	same := func(a, b string) bool { return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }
	switch {
	case same(sess.ID, p.SessionID):
	case p.Kind == UserToken && same(sess.UserID, p.UserID):
	case p.Admin && p.Restricted == "" && same(sess.AccountID, p.AccountID):
	default:
		return nil, errTokenNotFound()
	}
	return sess, nil
}
