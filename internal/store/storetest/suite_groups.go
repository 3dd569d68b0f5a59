package storetest

import (
	"context"
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/store/sqldb"
)

func memberNames(g *identity.Group) []string {
	out := []string{}
	for _, m := range g.Members {
		out = append(out, m.Name)
	}
	return out
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// testGroups covers user groups: case-insensitive names per account,
// members of the same account only, the version as a compare-and-swap, and
// the built-in admin group whose membership is the users' administration.
func testGroups(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	a, root := MustCreateAccount(t, db, "100000000071", "grouped", "root@grouped.test")
	MustCreateAccount(t, db, "100000000072", "other", "root@other.test")
	for _, u := range []*identity.User{
		{ID: "g-alice", AccountID: a.ID, Name: "alice", Enabled: true},
		{ID: "g-bob", AccountID: a.ID, Name: "bob", Enabled: true},
		{ID: "g-eve", AccountID: "100000000072", Name: "eve", Enabled: true},
	} {
		if err := db.CreateUser(ctx, u, identity.AuditEvent{}); err != nil {
			t.Fatal(err)
		}
	}

	// Every account has its admin group, the root user in it.
	adm, err := db.FindGroupByID(ctx, identity.AdminGroupID(a.ID))
	if err != nil || adm.Builtin != identity.AdminGroup || adm.DisplayName != "admin" || !sameStrings(memberNames(adm), []string{"grouped"}) {
		t.Fatalf("admin group: %+v %v", adm, err)
	}

	g := &identity.Group{ID: "grp-ops", AccountID: a.ID, DisplayName: "Ops", ExternalID: "ext-1",
		Members: []identity.GroupMember{{UserID: "g-bob"}, {UserID: "g-alice"}, {UserID: "g-bob"}}}
	if err := db.CreateGroup(ctx, g, identity.AuditEvent{}); err != nil {
		t.Fatal(err)
	}
	got, err := db.FindGroupByID(ctx, "grp-ops")
	if err != nil || got.Version != 1 || got.ExternalID != "ext-1" || !sameStrings(memberNames(got), []string{"alice", "bob"}) {
		t.Fatalf("created: %+v %v", got, err)
	}
	wantKind(t, db.CreateGroup(ctx, &identity.Group{ID: "grp-x", AccountID: a.ID, DisplayName: "OPS"}, identity.AuditEvent{}), fault.Conflict, "group.name_taken")
	wantKind(t, db.CreateGroup(ctx, &identity.Group{ID: "grp-x", AccountID: a.ID, DisplayName: "Admin"}, identity.AuditEvent{}), fault.Conflict, "group.name_taken")
	// Another account's user reads as no user at all.
	wantKind(t, db.CreateGroup(ctx, &identity.Group{ID: "grp-x", AccountID: a.ID, DisplayName: "x",
		Members: []identity.GroupMember{{UserID: "g-eve"}}}, identity.AuditEvent{}), fault.Invalid, "group.member_unknown")
	if _, err := db.FindGroupByID(ctx, "grp-x"); fault.KindOf(err) != fault.NotFound {
		t.Fatalf("a refused create left a group: %v", err)
	}
	// The same name in another account is fine.
	if err := db.CreateGroup(ctx, &identity.Group{ID: "grp-ops2", AccountID: "100000000072", DisplayName: "ops"}, identity.AuditEvent{}); err != nil {
		t.Fatal(err)
	}

	// Updates: compare-and-swap on the version, members replaced.
	up, err := db.UpdateGroup(ctx, identity.GroupWrite{ID: "grp-ops", AccountID: a.ID, ExpectVersion: 1, DisplayName: "Operations",
		Members: []string{"g-bob"}, Audit: []identity.AuditEvent{{ID: "ev-grp", AccountID: a.ID, Action: "group.update", Outcome: "success"}}})
	if err != nil || up.Version != 2 || up.DisplayName != "Operations" || !sameStrings(memberNames(up), []string{"bob"}) {
		t.Fatalf("update: %+v %v", up, err)
	}
	_, err = db.UpdateGroup(ctx, identity.GroupWrite{ID: "grp-ops", AccountID: a.ID, ExpectVersion: 1, DisplayName: "Late"})
	wantKind(t, err, fault.Conflict, "group.changed_meanwhile")
	_, err = db.UpdateGroup(ctx, identity.GroupWrite{ID: "grp-ops", AccountID: "100000000072", ExpectVersion: 2, DisplayName: "Stolen"})
	wantKind(t, err, fault.NotFound, "group.not_found")
	_, err = db.UpdateGroup(ctx, identity.GroupWrite{ID: "grp-ops", AccountID: a.ID, ExpectVersion: 2, DisplayName: "Operations", Members: []string{"g-eve"}})
	wantKind(t, err, fault.Invalid, "group.member_unknown")
	_, err = db.UpdateGroup(ctx, identity.GroupWrite{ID: "grp-ops", AccountID: a.ID, ExpectVersion: 2, DisplayName: "ADMIN", Members: []string{"g-bob"}})
	wantKind(t, err, fault.Conflict, "group.name_taken")
	if got, _ := db.FindGroupByID(ctx, "grp-ops"); got.Version != 2 || got.DisplayName != "Operations" {
		t.Fatalf("refused updates changed the group: %+v", got)
	}
	// A case-only rename is the group's own name.
	if up, err = db.UpdateGroup(ctx, identity.GroupWrite{ID: "grp-ops", AccountID: a.ID, ExpectVersion: 2, DisplayName: "OPERATIONS", Members: []string{"g-bob"}}); err != nil || up.Version != 3 {
		t.Fatalf("case rename: %+v %v", up, err)
	}

	// Joining admin grants administration, leaving revokes it.
	up, err = db.UpdateGroup(ctx, identity.GroupWrite{ID: adm.ID, AccountID: a.ID, ExpectVersion: adm.Version, DisplayName: "admin",
		Members: []string{root.ID, "g-alice"}})
	if err != nil || !sameStrings(memberNames(up), []string{"alice", "grouped"}) {
		t.Fatalf("grant: %+v %v", up, err)
	}
	if u, _ := db.FindUserByID(ctx, "g-alice"); !u.Admin {
		t.Fatal("alice joined admin but is not an administrator")
	}
	refs, err := db.FindUserGroups(ctx, "g-alice")
	if err != nil || len(refs) != 1 || refs[0].ID != adm.ID {
		t.Fatalf("alice's groups: %+v %v", refs, err)
	}
	refs, err = db.FindUserGroups(ctx, "g-bob")
	if err != nil || len(refs) != 1 || refs[0].ID != "grp-ops" || refs[0].DisplayName != "OPERATIONS" {
		t.Fatalf("bob's groups: %+v %v", refs, err)
	}
	_, err = db.UpdateGroup(ctx, identity.GroupWrite{ID: adm.ID, AccountID: a.ID, ExpectVersion: up.Version, DisplayName: "admin", Members: []string{"g-alice"}})
	wantKind(t, err, fault.Invalid, "user.root_protected")
	_, err = db.UpdateGroup(ctx, identity.GroupWrite{ID: adm.ID, AccountID: a.ID, ExpectVersion: up.Version, DisplayName: "root-ish", Members: []string{root.ID}})
	wantKind(t, err, fault.Invalid, "group.builtin")
	if up, err = db.UpdateGroup(ctx, identity.GroupWrite{ID: adm.ID, AccountID: a.ID, ExpectVersion: up.Version, DisplayName: "admin", Members: []string{root.ID}}); err != nil {
		t.Fatal(err)
	}
	if u, _ := db.FindUserByID(ctx, "g-alice"); u.Admin {
		t.Fatal("alice left admin but is still an administrator")
	}
	// Administration granted elsewhere moves the admin group's version.
	yes := true
	if _, err := db.UpdateUser(ctx, identity.UserWrite{UserID: "g-bob", Update: identity.UserUpdate{Admin: &yes}}); err != nil {
		t.Fatal(err)
	}
	if g, _ := db.FindGroupByID(ctx, adm.ID); g.Version != up.Version+1 || !sameStrings(memberNames(g), []string{"bob", "grouped"}) {
		t.Fatalf("admin group after a user update: %+v", g)
	}

	// Lists page by folded name; a name filter ignores case.
	list, err := db.FindGroups(ctx, identity.GroupFilter{AccountID: a.ID, Limit: 1})
	if err != nil || len(list) != 1 || list[0].ID != adm.ID {
		t.Fatalf("page 1: %+v %v", list, err)
	}
	list, err = db.FindGroups(ctx, identity.GroupFilter{AccountID: a.ID, Limit: 5, After: identity.After{Name: "admin", ID: adm.ID}})
	if err != nil || len(list) != 1 || list[0].ID != "grp-ops" || !sameStrings(memberNames(list[0]), []string{"bob"}) {
		t.Fatalf("page 2: %+v %v", list, err)
	}
	list, err = db.FindGroups(ctx, identity.GroupFilter{AccountID: a.ID, DisplayName: "operations"})
	if err != nil || len(list) != 1 || list[0].ID != "grp-ops" {
		t.Fatalf("by name: %+v %v", list, err)
	}

	// Deleting a member moves its groups' versions; deleting a group
	// keeps its users; the admin group stays.
	before, _ := db.FindGroupByID(ctx, "grp-ops")
	if err := db.DeleteUser(ctx, "g-bob", identity.AuditEvent{}); err != nil {
		t.Fatal(err)
	}
	after, _ := db.FindGroupByID(ctx, "grp-ops")
	if after.Version != before.Version+1 || len(after.Members) != 0 {
		t.Fatalf("group after its member's deletion: %+v", after)
	}
	wantKind(t, db.DeleteGroup(ctx, adm.ID, 0, identity.AuditEvent{AccountID: a.ID}), fault.Invalid, "group.builtin")
	wantKind(t, db.DeleteGroup(ctx, "grp-ops", 0, identity.AuditEvent{AccountID: "100000000072"}), fault.NotFound, "group.not_found")
	wantKind(t, db.DeleteGroup(ctx, "grp-ops", 1, identity.AuditEvent{AccountID: a.ID}), fault.Conflict, "group.changed_meanwhile")
	if err := db.DeleteGroup(ctx, "grp-ops", after.Version, identity.AuditEvent{AccountID: a.ID}); err != nil {
		t.Fatal(err)
	}
	wantKind(t, db.DeleteGroup(ctx, "grp-ops", 0, identity.AuditEvent{AccountID: a.ID}), fault.NotFound, "group.not_found")
	if _, err := db.FindUserByID(ctx, "g-alice"); err != nil {
		t.Fatalf("deleting a group deleted a user: %v", err)
	}
}
