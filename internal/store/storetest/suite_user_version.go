package storetest

import (
	"context"
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/store/sqldb"
)

// testUserVersion covers a user's externalId and version: the version moves
// with every change of the user by any write path (its fields, password,
// login verification, groups), not with writes that change nothing visible,
// and UpdateUserDetail's ExpectVersion is a compare-and-swap.
func testUserVersion(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	a, _ := MustCreateAccount(t, db, "100000000081", "versioned", "root@versioned.test")
	now := clock.Now()
	u := &identity.User{ID: "v-alice", AccountID: a.ID, Name: "alice", ExternalID: "okta-00u1", PasswordOrigin: identity.OriginUnset,
		LoginVerification: "off", Enabled: true, CreatedAt: now, UpdatedAt: now}
	if err := db.CreateUser(ctx, u, identity.AuditEvent{}); err != nil {
		t.Fatal(err)
	}
	version := func() int64 {
		t.Helper()
		got, err := db.FindUserByID(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.Version
	}
	got, err := db.FindUserByID(ctx, u.ID)
	if err != nil || got.ExternalID != "okta-00u1" || got.Version != 1 {
		t.Fatalf("created: %+v %v", got, err)
	}
	step := func(name string, want int64, write func() error) {
		t.Helper()
		if err := write(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if v := version(); v != want {
			t.Fatalf("%s: version %d, want %d", name, v, want)
		}
	}
	ext := "entra-1"
	step("UpdateUser", 2, func() error {
		_, err := db.UpdateUser(ctx, identity.UserWrite{UserID: u.ID, Update: identity.UserUpdate{ExternalID: &ext, DisplayName: ptr("Alice")}})
		return err
	})
	step("UpdateUser changing nothing", 2, func() error {
		_, err := db.UpdateUser(ctx, identity.UserWrite{UserID: u.ID, Update: identity.UserUpdate{ExternalID: &ext}})
		return err
	})
	step("SetPassword", 3, func() error {
		clock.Add(1)
		return db.SetPassword(ctx, identity.PasswordWrite{UserID: u.ID, Hash: "$argon2id$new", HistoryKeep: 1})
	})
	step("RehashPassword", 3, func() error { return db.RehashPassword(ctx, u.ID, "$argon2id$new", "$argon2id$newer") })
	step("force change", 4, func() error {
		return db.UpdateUserAttributes(ctx, u.ID, identity.UserAttributesUpdate{}, ptr(true), identity.AuditEvent{})
	})
	g := &identity.Group{ID: "v-grp", AccountID: a.ID, DisplayName: "Ops", Members: []identity.GroupMember{{UserID: u.ID}}}
	step("join a group", 5, func() error { return db.CreateGroup(ctx, g, identity.AuditEvent{}) })
	step("group renamed", 6, func() error {
		_, err := db.UpdateGroup(ctx, identity.GroupWrite{ID: g.ID, AccountID: a.ID, ExpectVersion: 1, DisplayName: "Operations", Members: []string{u.ID}})
		return err
	})
	step("leave the group", 7, func() error {
		_, err := db.UpdateGroup(ctx, identity.GroupWrite{ID: g.ID, AccountID: a.ID, ExpectVersion: 2, DisplayName: "Operations", Members: []string{}})
		return err
	})
	step("join the admin group", 8, func() error {
		_, err := db.UpdateUser(ctx, identity.UserWrite{UserID: u.ID, Update: identity.UserUpdate{Admin: ptr(true)}})
		return err
	})
	g2 := &identity.Group{ID: "v-grp2", AccountID: a.ID, DisplayName: "Temp", Members: []identity.GroupMember{{UserID: u.ID}}}
	step("join another", 9, func() error { return db.CreateGroup(ctx, g2, identity.AuditEvent{}) })
	step("the group deleted", 10, func() error { return db.DeleteGroup(ctx, g2.ID, 0, identity.AuditEvent{AccountID: a.ID}) })

	// ExpectVersion: the stored version writes; any other writes nothing.
	w := identity.UserDetailWrite{UserID: u.ID, ExpectVersion: 9, User: identity.UserUpdate{DisplayName: ptr("stale")}}
	_, err = db.UpdateUserDetail(ctx, w)
	wantKind(t, err, fault.Conflict, "user.version_mismatch")
	if got, _ := db.FindUserByID(ctx, u.ID); got.DisplayName != "Alice" || got.Version != 10 {
		t.Fatalf("a stale write changed the user: %+v", got)
	}
	w.ExpectVersion = 10
	if got, err := db.UpdateUserDetail(ctx, w); err != nil || got.DisplayName != "stale" || got.Version != 11 {
		t.Fatalf("current version: %+v %v", got, err)
	}
	w.UserID = "no-such-user"
	_, err = db.UpdateUserDetail(ctx, w)
	wantKind(t, err, fault.NotFound, "user.not_found")
}
