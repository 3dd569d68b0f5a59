package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/store/sqldb"
)

// testTokenScopes covers the scope recorded for a session.
func testTokenScopes(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	_, root := MustCreateAccount(t, db, "100000000061", "scoped", "root@scoped.test")
	now := clock.Now()
	sess := &identity.Session{ID: "s-scoped", TokenHash: "h-scoped", Kind: identity.UserToken, UserID: root.ID,
		AccountID: root.AccountID, Method: "password", CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour), IdleUntil: now.Add(time.Hour)}
	if err := db.CreateSession(ctx, sess, identity.AuditEvent{}); err != nil {
		t.Fatal(err)
	}
	if m, err := db.FindTokenScope(ctx, sess.ID); err != nil || m != (identity.TokenMeta{}) {
		t.Fatalf("unset scope: %+v %v", m, err)
	}
	if err := db.SetTokenScope(ctx, sess.ID, identity.TokenMeta{Scope: identity.ScopeAccount}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetTokenScope(ctx, sess.ID, identity.TokenMeta{Scope: identity.ScopeProject, ChainID: "s-first"}); err != nil {
		t.Fatalf("set again: %v", err)
	}
	if m, err := db.FindTokenScope(ctx, sess.ID); err != nil || m != (identity.TokenMeta{Scope: identity.ScopeProject, ChainID: "s-first"}) {
		t.Fatalf("scope: %+v %v", m, err)
	}
	wantKind(t, db.SetTokenScope(ctx, "no-such-session", identity.TokenMeta{Scope: identity.ScopeAccount}), fault.NotFound, "session.not_found")
}
