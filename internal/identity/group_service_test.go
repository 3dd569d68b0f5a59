package identity_test

import (
	"context"
	"slices"
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/testkit"
)

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if fault.CodeOf(err) != code {
		t.Fatalf("got %v (code %q), want %s", err, fault.CodeOf(err), code)
	}
}

func addMember(id string) func(identity.GroupEdit) (identity.GroupEdit, error) {
	return func(e identity.GroupEdit) (identity.GroupEdit, error) {
		e.Members = append(e.Members, id)
		return e, nil
	}
}

func removeMember(id string) func(identity.GroupEdit) (identity.GroupEdit, error) {
	return func(e identity.GroupEdit) (identity.GroupEdit, error) {
		out := []string{}
		for _, m := range e.Members {
			if m != id {
				out = append(out, m)
			}
		}
		e.Members = out
		return e, nil
	}
}

// TestAdminGroupGrantsAndRevokes: joining the admin group makes a user an
// administrator at once (its live token too), leaving it takes that away;
// each change is mailed to the user and audited.
func TestAdminGroupGrantsAndRevokes(t *testing.T) {
	c := testkit.MustServices(t, testkit.Options{})
	const pw = "Plain-Battery-42"
	bob, err := c.Services.Users.Create(c.RootCtx, identity.NewUser{Name: "bob", Email: "bob@acme.test", Password: pw})
	if err != nil {
		t.Fatal(err)
	}
	c.MustClaim(t)
	_, token := c.MustLogin(t, identity.LoginInput{AccountName: "acme", UserName: "bob", Password: pw})
	bobCtx := c.MustAuth(t, token)
	_, err = c.Services.Groups.Page(bobCtx, "", identity.Page{})
	wantCode(t, err, "auth.admin_required")

	adminID := identity.AdminGroupID(c.Account.ID)
	g, err := c.Services.Groups.Update(c.RootCtx, adminID, 0, addMember(bob.ID))
	if err != nil || len(g.Members) != 2 {
		t.Fatalf("grant: %+v %v", g, err)
	}
	if u, _ := c.Services.Users.Get(c.RootCtx, bob.ID); !u.Admin {
		t.Fatal("bob joined admin but is no administrator")
	}
	if _, err := c.Services.Groups.Page(c.MustAuth(t, token), "", identity.Page{}); err != nil {
		t.Fatalf("bob's token after the grant: %v", err)
	}
	msgs := c.MustClaim(t)
	if len(msgs) != 1 || msgs[0].To != "bob@acme.test" || msgs[0].Template != notify.AdminRightsChanged || msgs[0].Data["method"] != "granted" {
		t.Fatalf("grant notice: %+v", msgs)
	}
	refs, err := c.Services.Groups.UserGroups(c.MustAuth(t, token), bob.ID)
	if err != nil || len(refs) != 1 || refs[0].ID != adminID {
		t.Fatalf("bob's own groups: %+v %v", refs, err)
	}

	// The root user never leaves admin, whoever asks.
	_, err = c.Services.Groups.Update(c.MustAuth(t, token), adminID, 0, removeMember(c.Root.ID))
	wantCode(t, err, "user.root_protected")
	_, err = c.Services.Groups.Update(c.RootCtx, adminID, 0, func(e identity.GroupEdit) (identity.GroupEdit, error) {
		e.Members = nil
		return e, nil
	})
	wantCode(t, err, "user.root_protected")
	_, err = c.Services.Groups.Update(c.RootCtx, adminID, 0, func(e identity.GroupEdit) (identity.GroupEdit, error) {
		e.DisplayName = "admins"
		return e, nil
	})
	wantCode(t, err, "group.builtin")
	wantCode(t, c.Services.Groups.Delete(c.RootCtx, adminID, 0), "group.builtin")
	if u, _ := c.Services.Users.Get(c.RootCtx, bob.ID); !u.Admin {
		t.Fatal("refused changes revoked bob")
	}

	// A stale If-Match changes nothing.
	_, err = c.Services.Groups.Update(c.RootCtx, adminID, g.Version-1, removeMember(bob.ID))
	wantCode(t, err, "group.version_mismatch")

	if _, err := c.Services.Groups.Update(c.RootCtx, adminID, g.Version, removeMember(bob.ID)); err != nil {
		t.Fatal(err)
	}
	if u, _ := c.Services.Users.Get(c.RootCtx, bob.ID); u.Admin {
		t.Fatal("bob left admin but is still an administrator")
	}
	_, err = c.Services.Groups.Page(c.MustAuth(t, token), "", identity.Page{})
	wantCode(t, err, "auth.admin_required")
	msgs = c.MustClaim(t)
	if len(msgs) != 1 || msgs[0].Data["method"] != "revoked" {
		t.Fatalf("revoke notice: %+v", msgs)
	}
	evs, err := c.DB.FindAuditEvents(context.Background(), c.Account.ID, 50)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, ev := range evs {
		if ev.UserID == bob.ID {
			seen[ev.Action] = true
		}
	}
	if !seen["user.admin.grant"] || !seen["user.admin.revoke"] {
		t.Fatalf("audit: %+v", evs)
	}
}

// TestGroupsOfAnotherAccount: another account's group is not found, and
// its users cannot be members, the same as IDs that exist nowhere.
func TestGroupsOfAnotherAccount(t *testing.T) {
	c := testkit.MustServices(t, testkit.Options{})
	_, other, err := c.Services.Accounts.Create(context.Background(), identity.NewAccount{Name: "globex", Email: "root@globex.test", Password: testkit.RootPassword})
	if err != nil {
		t.Fatal(err)
	}
	otherCtx := identity.WithPrincipal(context.Background(), identity.Principal{Kind: identity.UserToken, UserID: other.ID, AccountID: other.AccountID, Admin: true})
	theirs, err := c.Services.Groups.Create(otherCtx, identity.GroupEdit{DisplayName: "Engineering", Members: []string{other.ID}})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{theirs.ID, identity.AdminGroupID(other.AccountID), "no-such-group"} {
		_, err := c.Services.Groups.Get(c.RootCtx, id)
		wantCode(t, err, "group.not_found")
		_, err = c.Services.Groups.Update(c.RootCtx, id, 0, addMember(c.Root.ID))
		wantCode(t, err, "group.not_found")
		wantCode(t, c.Services.Groups.Delete(c.RootCtx, id, 0), "group.not_found")
	}
	mine, err := c.Services.Groups.Create(c.RootCtx, identity.GroupEdit{DisplayName: "engineering"})
	if err != nil {
		t.Fatalf("the same name in another account: %v", err)
	}
	for _, id := range []string{other.ID, "no-such-user"} {
		_, err = c.Services.Groups.Update(c.RootCtx, mine.ID, 0, addMember(id))
		wantCode(t, err, "group.member_unknown")
		_, err = c.Services.Groups.Create(c.RootCtx, identity.GroupEdit{DisplayName: "x", Members: []string{id}})
		wantCode(t, err, "group.member_unknown")
	}
	_, err = c.Services.Groups.UserGroups(c.RootCtx, other.ID)
	wantCode(t, err, "user.not_found")
	page, err := c.Services.Groups.Page(c.RootCtx, "", identity.Page{})
	if err != nil || len(page.Items) != 2 || page.Items[0].DisplayName != "admin" || page.Items[1].ID != mine.ID {
		t.Fatalf("list: %+v %v", page, err)
	}
	_, err = c.Services.Groups.Create(c.RootCtx, identity.GroupEdit{DisplayName: "ENGINEERING"})
	wantCode(t, err, "group.name_taken")
	_, err = c.Services.Groups.Create(c.RootCtx, identity.GroupEdit{DisplayName: "  "})
	wantCode(t, err, "validation.required")
}

// TestGroupEditInPlace: an edit that removes a member in place
// (slices.DeleteFunc, which clears the tail of the slice it is given)
// removes that member and nothing else; it used to change the list of
// members the group had, so the core saw an empty ID leave and refused the
// change as group.member_unknown.
func TestGroupEditInPlace(t *testing.T) {
	c := testkit.MustServices(t, testkit.Options{})
	var ids []string
	for _, name := range []string{"ann", "bob"} {
		u, err := c.Services.Users.Create(c.RootCtx, identity.NewUser{Name: name})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, u.ID)
	}
	g, err := c.Services.Groups.Create(c.RootCtx, identity.GroupEdit{DisplayName: "ops", Members: ids})
	if err != nil {
		t.Fatal(err)
	}
	g, err = c.Services.Groups.Update(c.RootCtx, g.ID, 0, func(e identity.GroupEdit) (identity.GroupEdit, error) {
		e.Members = slices.DeleteFunc(e.Members, func(id string) bool { return id == ids[0] })
		return e, nil
	})
	if err != nil || len(g.Members) != 1 || g.Members[0].UserID != ids[1] {
		t.Fatalf("remove in place: %+v %v", g, err)
	}
}

// TestGroupIfMatchRace: a change that lands between the If-Match check and
// the write (here, made from inside the edit) refuses the write as
// group.version_mismatch, the answer a stale If-Match gets (412 on the
// faces), not group.changed_meanwhile (409); without a version the core
// reads again and applies the edit over the other change.
func TestGroupIfMatchRace(t *testing.T) {
	c := testkit.MustServices(t, testkit.Options{})
	g, err := c.Services.Groups.Create(c.RootCtx, identity.GroupEdit{DisplayName: "ops"})
	if err != nil {
		t.Fatal(err)
	}
	meanwhile := func(name string) func(identity.GroupEdit) (identity.GroupEdit, error) {
		done := false
		return func(e identity.GroupEdit) (identity.GroupEdit, error) {
			if !done {
				done = true
				if _, err := c.Services.Groups.Update(c.RootCtx, g.ID, 0, func(o identity.GroupEdit) (identity.GroupEdit, error) {
					o.ExternalID = "other-" + name
					return o, nil
				}); err != nil {
					t.Fatal(err)
				}
			}
			e.DisplayName = name
			return e, nil
		}
	}
	_, err = c.Services.Groups.Update(c.RootCtx, g.ID, g.Version, meanwhile("first"))
	wantCode(t, err, "group.version_mismatch")
	got, err := c.Services.Groups.Update(c.RootCtx, g.ID, 0, meanwhile("second"))
	if err != nil || got.DisplayName != "second" || got.ExternalID != "other-second" {
		t.Fatalf("without a version: %+v %v", got, err)
	}
}
