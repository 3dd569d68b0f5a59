package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/api/client"
)

// memberIDs returns a group's member IDs, sorted.
func memberIDs(g *client.Group) []string {
	out := []string{}
	for _, m := range g.Members {
		out = append(out, m.ID)
	}
	slices.Sort(out)
	return out
}

func sorted(ids ...string) []string {
	out := append([]string{}, ids...)
	slices.Sort(out)
	return out
}

// TestGroups drives /v1/groups through the public client: create with
// members, list a page at a time and by name, show, rename, add and remove
// members, the whole member list replaced, If-Match as a compare-and-swap
// (412), delete; the users stay and show their groups.
func TestGroups(t *testing.T) {
	ctx := context.Background()
	s := mustAPIServer(t)
	alice := s.mustAlice(t)
	bob, err := s.Root.CreateUser(ctx, client.NewUser{Name: "bob"})
	if err != nil {
		t.Fatal(err)
	}

	tok, err := s.Anon.Login(ctx, client.Credentials{Account: "acme", Password: rootPassword})
	if err != nil {
		t.Fatal(err)
	}
	rootTok := tok.AccessToken
	ops, err := s.Root.CreateGroup(ctx, client.NewGroup{DisplayName: "Ops", ExternalID: "okta-1", Members: []string{alice.ID}})
	if err != nil || ops.DisplayName != "Ops" || ops.ExternalID != "okta-1" || ops.Version != 1 || ops.Builtin != "" ||
		len(ops.Members) != 1 || ops.Members[0].ID != alice.ID || ops.Members[0].Name != "alice" {
		t.Fatalf("create: %+v %v", ops, err)
	}
	_, err = s.Root.CreateGroup(ctx, client.NewGroup{DisplayName: "OPS"})
	checkClientError(t, err, http.StatusConflict, "group.name_taken", "")
	_, err = s.Root.CreateGroup(ctx, client.NewGroup{DisplayName: " "})
	checkClientError(t, err, http.StatusBadRequest, "validation.required", "")
	_, err = s.Root.CreateGroup(ctx, client.NewGroup{DisplayName: "x", Members: []string{"no-such-user"}})
	checkClientError(t, err, http.StatusBadRequest, "group.member_unknown", "")
	if _, err := s.Root.CreateGroup(ctx, client.NewGroup{DisplayName: "dev"}); err != nil {
		t.Fatal(err)
	}

	// Listed by display name, admin first, a page at a time.
	l, err := s.Root.Groups(ctx, client.GroupFilter{Limit: 2})
	if err != nil || len(l.Items) != 2 || l.Items[0].Builtin != "admin" || l.Items[1].DisplayName != "dev" || l.NextCursor == "" {
		t.Fatalf("page 1: %+v %v", l, err)
	}
	l, err = s.Root.Groups(ctx, client.GroupFilter{Limit: 2, Cursor: l.NextCursor})
	if err != nil || len(l.Items) != 1 || l.Items[0].ID != ops.ID || l.NextCursor != "" {
		t.Fatalf("page 2: %+v %v", l, err)
	}
	l, err = s.Root.Groups(ctx, client.GroupFilter{DisplayName: "ops"})
	if err != nil || len(l.Items) != 1 || l.Items[0].ID != ops.ID {
		t.Fatalf("by name: %+v %v", l, err)
	}
	r := s.raw(t, "GET", "/v1/groups?offset=10", rootTok, "", nil)
	mustProblem(t, r, http.StatusBadRequest, "page.offset")

	// Shown with its ETag.
	r = s.raw(t, "GET", "/v1/groups/"+ops.ID, rootTok, "", nil)
	var shown client.Group
	if r.Status != http.StatusOK || json.Unmarshal(r.Body, &shown) != nil || r.Header.Get("ETag") != `W/"1"` || shown.ID != ops.ID {
		t.Fatalf("show: %d %v %s", r.Status, r.Header, r.Body)
	}

	// Members added and removed one at a time; each change moves the version.
	g, err := s.Root.AddGroupMember(ctx, ops.ID, bob.ID, 1)
	if err != nil || g.Version != 2 || !slices.Equal(memberIDs(g), sorted(alice.ID, bob.ID)) {
		t.Fatalf("add bob: %+v %v", g, err)
	}
	if g, err = s.Root.AddGroupMember(ctx, ops.ID, bob.ID, 0); err != nil || !slices.Equal(memberIDs(g), sorted(alice.ID, bob.ID)) {
		t.Fatalf("add bob again: %+v %v", g, err)
	}
	_, err = s.Root.AddGroupMember(ctx, ops.ID, "no-such-user", 0)
	checkClientError(t, err, http.StatusBadRequest, "group.member_unknown", "")
	g, err = s.Root.RemoveGroupMember(ctx, ops.ID, alice.ID, 0)
	if err != nil || !slices.Equal(memberIDs(g), []string{bob.ID}) {
		t.Fatalf("remove alice: %+v %v", g, err)
	}

	// A stale If-Match: 412, nothing changes.
	_, err = s.Root.UpdateGroup(ctx, ops.ID, 1, client.GroupUpdate{DisplayName: ptr("stale")})
	checkClientError(t, err, http.StatusPreconditionFailed, "group.version_mismatch", "")
	_, err = s.Root.RemoveGroupMember(ctx, ops.ID, bob.ID, 1)
	checkClientError(t, err, http.StatusPreconditionFailed, "group.version_mismatch", "")
	err = s.Root.DeleteGroup(ctx, ops.ID, 1)
	checkClientError(t, err, http.StatusPreconditionFailed, "group.version_mismatch", "")
	for _, tag := range []string{`"garbage"`, `W/"0"`} {
		req, _ := http.NewRequest("PATCH", s.URL+"/v1/groups/"+ops.ID, strings.NewReader(`{"display_name":"stale"}`))
		req.Header.Set("Authorization", "Bearer "+rootTok)
		req.Header.Set("If-Match", tag)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusPreconditionFailed {
			t.Fatalf("If-Match %s: %d", tag, res.StatusCode)
		}
	}

	// Renamed, externalId cleared, the whole member list replaced, with
	// the current version.
	cur, _ := s.Root.Group(ctx, ops.ID)
	g, err = s.Root.UpdateGroup(ctx, ops.ID, cur.Version, client.GroupUpdate{DisplayName: ptr("Operations"), ExternalID: ptr(""),
		Members: &[]string{alice.ID}})
	if err != nil || g.DisplayName != "Operations" || g.ExternalID != "" || g.Version != cur.Version+1 || !slices.Equal(memberIDs(g), []string{alice.ID}) {
		t.Fatalf("update: %+v %v", g, err)
	}
	_, err = s.Root.UpdateGroup(ctx, ops.ID, 0, client.GroupUpdate{DisplayName: ptr("dev")})
	checkClientError(t, err, http.StatusConflict, "group.name_taken", "")

	// Alice shows the group; deleting it leaves her.
	u, err := s.Root.User(ctx, alice.ID)
	if err != nil || u.Groups == nil || len(*u.Groups) != 1 || (*u.Groups)[0].DisplayName != "Operations" {
		t.Fatalf("alice's groups: %+v %v", u, err)
	}
	if err := s.Root.DeleteGroup(ctx, ops.ID, g.Version); err != nil {
		t.Fatal(err)
	}
	_, err = s.Root.Group(ctx, ops.ID)
	checkClientError(t, err, http.StatusNotFound, "group.not_found", "")
	if _, err := s.Root.User(ctx, alice.ID); err != nil {
		t.Fatalf("alice after her group's deletion: %v", err)
	}
}

// TestAdminGroupGrants: adding a user to the built-in admin group through
// /v1/groups makes it an administrator (it can then create users);
// removing it revokes that. admin is never renamed or deleted, and the root
// user never leaves it.
func TestAdminGroupGrants(t *testing.T) {
	ctx := context.Background()
	s := mustAPIServer(t)
	alice := s.mustAlice(t)
	aliceCl := s.mustLogin(t, client.Credentials{Account: "acme", Username: "alice", Password: aliceUser.Password})
	_, err := aliceCl.CreateUser(ctx, client.NewUser{Name: "by-alice"})
	checkClientError(t, err, http.StatusForbidden, "auth.admin_required", "")

	l, err := s.Root.Groups(ctx, client.GroupFilter{DisplayName: "admin"})
	if err != nil || len(l.Items) != 1 || l.Items[0].Builtin != "admin" || len(l.Items[0].Members) != 1 {
		t.Fatalf("admin: %+v %v", l, err)
	}
	admin := l.Items[0]
	rootID := admin.Members[0].ID
	if _, err := s.Root.AddGroupMember(ctx, admin.ID, alice.ID, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := aliceCl.CreateUser(ctx, client.NewUser{Name: "by-alice"}); err != nil {
		t.Fatalf("alice, now an administrator: %v", err)
	}
	if u, _ := s.Root.User(ctx, alice.ID); !u.Admin {
		t.Fatalf("alice is not admin: %+v", u)
	}

	_, err = s.Root.UpdateGroup(ctx, admin.ID, 0, client.GroupUpdate{DisplayName: ptr("superusers")})
	checkClientError(t, err, http.StatusBadRequest, "group.builtin", "")
	err = s.Root.DeleteGroup(ctx, admin.ID, 0)
	checkClientError(t, err, http.StatusBadRequest, "group.builtin", "")
	_, err = s.Root.RemoveGroupMember(ctx, admin.ID, rootID, 0)
	checkClientError(t, err, http.StatusBadRequest, "user.root_protected", "")

	if _, err := s.Root.RemoveGroupMember(ctx, admin.ID, alice.ID, 0); err != nil {
		t.Fatal(err)
	}
	_, err = aliceCl.CreateUser(ctx, client.NewUser{Name: "by-alice-2"})
	checkClientError(t, err, http.StatusForbidden, "auth.admin_required", "")
	// ... and, no longer an administrator, she cannot reach the groups.
	_, err = aliceCl.Groups(ctx, client.GroupFilter{})
	checkClientError(t, err, http.StatusForbidden, "auth.admin_required", "")
}

// TestGroupsAcrossAccounts: another account's groups are not found (the
// same answer as an unknown ID) and its users are no members to add.
func TestGroupsAcrossAccounts(t *testing.T) {
	ctx := context.Background()
	s := mustAPIServer(t)
	globex := s.mustOtherAccount(t)
	eve, err := globex.CreateUser(ctx, client.NewUser{Name: "eve"})
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := globex.CreateGroup(ctx, client.NewGroup{DisplayName: "staff", Members: []string{eve.ID}})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{theirs.ID, "no-such-group"} {
		_, err := s.Root.Group(ctx, id)
		checkClientError(t, err, http.StatusNotFound, "group.not_found", "no such group")
		_, err = s.Root.UpdateGroup(ctx, id, 0, client.GroupUpdate{DisplayName: ptr("x")})
		checkClientError(t, err, http.StatusNotFound, "group.not_found", "no such group")
		_, err = s.Root.AddGroupMember(ctx, id, eve.ID, 0)
		checkClientError(t, err, http.StatusNotFound, "group.not_found", "no such group")
		checkClientError(t, s.Root.DeleteGroup(ctx, id, 0), http.StatusNotFound, "group.not_found", "no such group")
	}
	mine, err := s.Root.CreateGroup(ctx, client.NewGroup{DisplayName: "staff"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Root.AddGroupMember(ctx, mine.ID, eve.ID, 0)
	checkClientError(t, err, http.StatusBadRequest, "group.member_unknown", "")
	l, err := s.Root.Groups(ctx, client.GroupFilter{})
	if err != nil || len(l.Items) != 2 || slices.ContainsFunc(l.Items, func(g client.Group) bool { return g.ID == theirs.ID }) {
		t.Fatalf("acme's list: %+v %v", l, err)
	}
	if g, _ := globex.Group(ctx, theirs.ID); g == nil || len(g.Members) != 1 {
		t.Fatalf("globex's group changed: %+v", g)
	}
}
