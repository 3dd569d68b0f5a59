package identity

import "context"

// SessionRevokeStore revokes sessions in bulk.
type SessionRevokeStore interface {
	// RevokeOtherSessions revokes every live session of a user but keepID,
	// with ev, and returns how many it revoked.
	RevokeOtherSessions(ctx context.Context, userID, keepID string, ev AuditEvent) (int, error)
}

// RevokeOtherSessions signs the caller out everywhere else: every session
// and token of theirs but the one making the call is revoked. It returns
// how many were. Errors: Unauthenticated, Forbidden (API-client token).
func (s *AuthService) RevokeOtherSessions(ctx context.Context) (int, error) {
	p, err := requireUser(ctx, true)
	if err != nil {
		return 0, err
	}
	return s.d.Store.RevokeOtherSessions(ctx, p.UserID, p.SessionID, s.d.event(ctx, "session.revoke_others", p.AccountID, p.UserID))
}
