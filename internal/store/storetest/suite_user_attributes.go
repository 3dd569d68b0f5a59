package storetest

import (
	"context"
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/store/sqldb"
)

// testUserAttributes covers a user's attributes (description, external
// ID and type) and the force-change flag written with them.
func testUserAttributes(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	_, root := MustCreateAccount(t, db, "100000000061", "attributed", "root@attributed.test")
	now := clock.Now()
	if a, err := db.FindUserAttributes(ctx, root.ID); err != nil || a != (identity.UserAttributes{}) {
		t.Fatalf("unset: %+v %v", a, err)
	}
	ev := identity.AuditEvent{ID: "ev-attr-1", AccountID: root.AccountID, UserID: root.ID, Action: "user.attributes.update", Outcome: "success"}
	if err := db.UpdateUserAttributes(ctx, root.ID, identity.UserAttributesUpdate{Description: ptr("the boss"), XUserID: ptr("x-1")}, ptr(true), ev); err != nil {
		t.Fatal(err)
	}
	ev.ID = "ev-attr-2"
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
	bob := &identity.User{ID: "u-bob", AccountID: root.AccountID, Name: "bob", PasswordOrigin: identity.OriginUnset,
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
}
