package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/store/sqldb"
)

// testKeystone covers what the Keystone face adds: token scopes and user attributes.
func testKeystone(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	_, root := MustCreateAccount(t, db, "100000000061", "keystone", "root@keystone.test")
	now := clock.Now()
	sess := &identity.Session{ID: "ks-session", TokenHash: "ks-hash", Kind: identity.UserToken, UserID: root.ID,
		AccountID: root.AccountID, Method: "password", CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour), IdleUntil: now.Add(time.Hour)}
	if err := db.CreateSession(ctx, sess, identity.AuditEvent{}); err != nil {
		t.Fatal(err)
	}

	t.Run("TokenScope", func(t *testing.T) {
		if sc, err := db.FindTokenScope(ctx, sess.ID); err != nil || sc != identity.ScopeNone {
			t.Fatalf("unset scope: %q %v", sc, err)
		}
		if err := db.SetTokenScope(ctx, sess.ID, identity.ScopeAccount); err != nil {
			t.Fatal(err)
		}
		if err := db.SetTokenScope(ctx, sess.ID, identity.ScopeAccount); err != nil {
			t.Fatalf("set again: %v", err)
		}
		if sc, err := db.FindTokenScope(ctx, sess.ID); err != nil || sc != identity.ScopeAccount {
			t.Fatalf("scope: %q %v", sc, err)
		}
		wantKind(t, db.SetTokenScope(ctx, "no-such-session", identity.ScopeAccount), fault.NotFound, "session.not_found")
	})

	t.Run("UserAttributes", func(t *testing.T) {
		if a, err := db.FindUserAttributes(ctx, root.ID); err != nil || a != (identity.UserAttributes{}) {
			t.Fatalf("unset: %+v %v", a, err)
		}
		ev := identity.AuditEvent{ID: "ks-ev-1", AccountID: root.AccountID, UserID: root.ID, Action: "user.attributes.update", Outcome: "success"}
		if err := db.UpdateUserAttributes(ctx, root.ID, identity.UserAttributesUpdate{Description: ptr("the boss"), XUserID: ptr("x-1")}, ptr(true), ev); err != nil {
			t.Fatal(err)
		}
		ev.ID = "ks-ev-2"
		if err := db.UpdateUserAttributes(ctx, root.ID, identity.UserAttributesUpdate{XUserType: ptr("ldap")}, nil, ev); err != nil {
			t.Fatal(err)
		}
		a, err := db.FindUserAttributes(ctx, root.ID)
		if err != nil || a != (identity.UserAttributes{Description: "the boss", XUserID: "x-1", XUserType: "ldap"}) {
			t.Fatalf("attributes: %+v %v", a, err)
		}
		u, err := db.FindUserByID(ctx, root.ID)
		if err != nil || !u.ForcePasswordChange {
			t.Fatalf("force change not set: %+v %v", u, err)
		}
		evs, err := db.FindAuditEvents(ctx, root.AccountID, 10)
		if err != nil || len(evs) < 2 {
			t.Fatalf("audit: %+v %v", evs, err)
		}
		wantKind(t, db.UpdateUserAttributes(ctx, "no-such-user", identity.UserAttributesUpdate{}, nil, identity.AuditEvent{}), fault.NotFound, "user.not_found")
		// Deleting the user deletes its attributes.
		bob := &identity.User{ID: "ks-bob", AccountID: root.AccountID, Name: "bob", PasswordOrigin: identity.OriginUnset,
			LoginVerification: "off", Enabled: true, CreatedAt: now, UpdatedAt: now}
		if err := db.CreateUser(ctx, bob, identity.AuditEvent{}); err != nil {
			t.Fatal(err)
		}
		if err := db.UpdateUserAttributes(ctx, bob.ID, identity.UserAttributesUpdate{Description: ptr("temp")}, nil, identity.AuditEvent{}); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteUser(ctx, bob.ID, identity.AuditEvent{}); err != nil {
			t.Fatal(err)
		}
		if a, err := db.FindUserAttributes(ctx, bob.ID); err != nil || a != (identity.UserAttributes{}) {
			t.Fatalf("after delete: %+v %v", a, err)
		}
	})
}
