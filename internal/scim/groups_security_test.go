package scim_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/watchword/watchword/internal/identity"
)

// TestGroupsAcrossAccounts: another account's group IDs read as unknown
// ones (404, the same body) for every verb; its users are no members to
// add (400, as an unknown ID); lists never show its groups; a user who is
// no administrator gets 403 before any lookup.
func TestGroupsAcrossAccounts(t *testing.T) {
	f := mustFixture(t)
	tok := f.clientToken(t)
	_, globexRoot, err := f.svc.Accounts.Create(context.Background(), identity.NewAccount{Name: "globex", Email: "root@globex.test", Password: startPassword})
	if err != nil {
		t.Fatal(err)
	}
	gctx := identity.WithPrincipal(context.Background(), identity.Principal{Kind: identity.UserToken, UserID: globexRoot.ID,
		AccountID: globexRoot.AccountID, Admin: true})
	eve, err := f.svc.Users.Create(gctx, identity.NewUser{Name: "eve", Email: "eve@globex.test"})
	if err != nil {
		t.Fatal(err)
	}
	staff, err := f.svc.Groups.Create(gctx, identity.GroupEdit{DisplayName: "globex staff", Members: []string{eve.ID}})
	if err != nil {
		t.Fatal(err)
	}
	put := `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"taken over"}`
	patch := patchOps(`{"op":"remove","path":"members"}`)
	for _, id := range []string{staff.ID, identity.AdminGroupID(globexRoot.AccountID), "no-such-group"} {
		var first map[string]any
		for _, c := range []struct{ method, body string }{{"GET", ""}, {"PUT", put}, {"PATCH", patch}, {"DELETE", ""}} {
			resp, body := f.do(t, c.method, "/v2.0/Groups/"+id, tok, c.body)
			if first == nil {
				first = body
			}
			if resp.StatusCode != http.StatusNotFound || body["detail"] != first["detail"] || body["status"] != "404" {
				t.Fatalf("%s another account's group %s: %d %v", c.method, id, resp.StatusCode, body)
			}
		}
	}
	if got, _ := f.svc.Groups.Get(gctx, staff.ID); got == nil || len(got.Members) != 1 || got.DisplayName != "globex staff" {
		t.Fatalf("globex's group was changed from acme: %+v", got)
	}
	for _, q := range []string{"/v2.0/Groups", groupsPath(`displayName eq "globex staff"`), groupsPath(`members[value eq "` + eve.ID + `"]`)} {
		_, body := f.do(t, "GET", q, tok, "")
		for _, r := range resources(body) {
			if r["id"] == staff.ID || r["id"] == identity.AdminGroupID(globexRoot.AccountID) {
				t.Fatalf("%s shows another account's group: %v", q, body)
			}
		}
	}
	// Another account's user as a member: refused as an unknown ID is, on
	// POST, PUT and PATCH, and nothing is written.
	resp, g := f.do(t, "POST", "/v2.0/Groups", tok, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"acme staff"}`)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %v", resp.StatusCode, g)
	}
	id := str(g["id"])
	for _, member := range []string{eve.ID, globexRoot.ID, "no-such-user"} {
		var first map[string]any
		for _, c := range []struct{ method, path, body string }{
			{"POST", "/v2.0/Groups", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"x","members":[{"value":"` + member + `"}]}`},
			{"PUT", "/v2.0/Groups/" + id, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"acme staff","members":[{"value":"` + member + `"}]}`},
			{"PATCH", "/v2.0/Groups/" + id, patchOps(`{"op":"add","path":"members","value":[{"value":"` + member + `"}]}`)},
		} {
			resp, body := f.do(t, c.method, c.path, tok, c.body)
			if first == nil {
				first = body
			}
			if resp.StatusCode != http.StatusBadRequest || body["scimType"] != "invalidValue" || body["detail"] != first["detail"] {
				t.Fatalf("%s with member %s: %d %v", c.method, member, resp.StatusCode, body)
			}
		}
	}
	if resp, got := f.do(t, "GET", "/v2.0/Groups/"+id, tok, ""); len(memberValues(got)) != 0 || got["meta"].(map[string]any)["version"] != `W/"1"` {
		t.Fatalf("refused changes were written: %d %v", resp.StatusCode, got)
	}

	// A user who is no administrator: 403 before any lookup.
	f.mustUser(t, "bob")
	bob := f.login(t, "bob", "Plain-Walrus-User-2026")
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/v2.0/Groups", ""}, {"POST", "/v2.0/Groups", put}, {"GET", "/v2.0/Groups/" + id, ""}, {"GET", "/v2.0/Groups/no-such-group", ""},
		{"GET", "/v2.0/Groups/" + staff.ID, ""}, {"PUT", "/v2.0/Groups/" + id, put}, {"PATCH", "/v2.0/Groups/" + id, patch},
		{"PATCH", "/v2.0/Groups/no-such-group", patch}, {"DELETE", "/v2.0/Groups/" + id, ""},
	} {
		resp, body := f.do(t, c.method, c.path, bob.Token, c.body)
		if resp.StatusCode != http.StatusForbidden || body["detail"] != "this operation requires an account administrator" {
			t.Fatalf("bob %s %s: %d %v", c.method, c.path, resp.StatusCode, body)
		}
	}
	if resp, body := f.do(t, "GET", "/v2.0/Groups", "", ""); resp.StatusCode != http.StatusUnauthorized || body["status"] != "401" {
		t.Fatalf("no token: %d %v", resp.StatusCode, body)
	}
}

// TestAdminGroupPush: an identity provider pushing a user into acme's
// admin group makes it an administrator (it can then provision users
// itself), told by a notice; pushing it out revokes that. The admin group
// keeps its name and is never deleted; the root user never leaves it.
func TestAdminGroupPush(t *testing.T) {
	f := mustFixture(t)
	tok := f.clientToken(t)
	c, err := f.svc.Users.Create(f.rootCtx(t), identity.NewUser{Name: "carol", Email: "carol@acme.test", Password: "Plain-Walrus-User-2026"})
	if err != nil {
		t.Fatal(err)
	}
	carol := c.ID
	f.messages(t)
	root, _ := f.svc.Users.Me(f.rootCtx(t))
	admin := "/v2.0/Groups/" + identity.AdminGroupID(root.AccountID)
	tries := 0
	canAdminister := func() int {
		tries++
		ct := f.login(t, "carol", "Plain-Walrus-User-2026").Token
		resp, _ := f.do(t, "POST", "/v2.0/Users", ct, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"by-carol-`+itoa(tries)+`"}`)
		return resp.StatusCode
	}
	if got := canAdminister(); got != http.StatusForbidden {
		t.Fatalf("carol before the push: %d", got)
	}

	// Found by name, as a connector links a group before pushing it.
	resp, body := f.do(t, "GET", groupsPath(`displayName eq "admin"`, "excludedAttributes", "members"), tok, "")
	if rs := resources(body); resp.StatusCode != http.StatusOK || len(rs) != 1 || "/v2.0/Groups/"+str(rs[0]["id"]) != admin {
		t.Fatalf("admin by name: %d %v", resp.StatusCode, body)
	}
	resp, g := f.do(t, "PATCH", admin, tok, patchOps(`{"op":"add","path":"members","value":[{"value":"`+carol+`"}]}`))
	if resp.StatusCode != http.StatusOK || !same(memberValues(g), root.ID, carol) {
		t.Fatalf("push carol: %d %v", resp.StatusCode, g)
	}
	if msgs := f.messages(t); len(msgs) != 1 || msgs[0].Template != "admin_rights_changed" {
		t.Fatalf("grant notice: %+v", msgs)
	}
	if got := canAdminister(); got != http.StatusCreated {
		t.Fatalf("carol after the push: %d", got)
	}
	_, u := f.do(t, "GET", "/v2.0/Users/"+carol, tok, "")
	if list, _ := u["groups"].([]any); len(list) != 1 || list[0].(map[string]any)["display"] != "admin" {
		t.Fatalf("carol's groups: %v", u["groups"])
	}

	// Okta's PUT of the group with only the members it knows: carol stays,
	// the root user stays though it was not sent.
	resp, g = f.do(t, "PUT", admin, tok, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Admin",
		"members":[{"value":"`+carol+`"}]}`)
	if resp.StatusCode != http.StatusOK || g["displayName"] != "admin" || !same(memberValues(g), root.ID, carol) {
		t.Fatalf("put admin: %d %v", resp.StatusCode, g)
	}

	// Removing the root user, renaming or deleting admin: 400 mutability,
	// nothing written.
	for _, c := range []struct{ method, body string }{
		{"PATCH", patchOps(`{"op":"remove","path":"members[value eq \"` + root.ID + `\"]"}`)},
		{"PATCH", patchOps(`{"op":"replace","path":"members","value":[{"value":"` + carol + `"}]}`)},
		{"PATCH", patchOps(`{"op":"replace","path":"displayName","value":"superusers"}`)},
		{"PUT", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"superusers","members":[{"value":"` + carol + `"}]}`},
		{"DELETE", ""},
	} {
		resp, body := f.do(t, c.method, admin, tok, c.body)
		if resp.StatusCode != http.StatusBadRequest || body["scimType"] != "mutability" {
			t.Fatalf("%s %s: %d %v", c.method, c.body, resp.StatusCode, body)
		}
	}
	if _, g := f.do(t, "GET", admin, tok, ""); g["displayName"] != "admin" || !same(memberValues(g), root.ID, carol) {
		t.Fatalf("admin after refusals: %v", g)
	}

	// Pushed out again (Entra's removal by value): no longer an
	// administrator.
	f.messages(t)
	resp, g = f.do(t, "PATCH", admin, tok, patchOps(`{"op":"Remove","path":"members","value":[{"$ref":null,"value":"`+carol+`"}]}`))
	if resp.StatusCode != http.StatusOK || !same(memberValues(g), root.ID) {
		t.Fatalf("remove carol: %d %v", resp.StatusCode, g)
	}
	if msgs := f.messages(t); len(msgs) != 1 || msgs[0].Template != "admin_rights_changed" {
		t.Fatalf("revoke notice: %+v", msgs)
	}
	if got := canAdminister(); got != http.StatusForbidden {
		t.Fatalf("carol after leaving admin: %d", got)
	}
}

// TestGroupVersions: ETag and meta.version move with every change;
// If-None-Match naming the current version is 304; If-Match naming
// another one is 412 on PUT, PATCH and DELETE, and nothing changes.
func TestGroupVersions(t *testing.T) {
	f := mustFixture(t)
	tok := f.clientToken(t)
	_, g := f.do(t, "POST", "/v2.0/Groups", tok, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"ops","externalId":"x1"}`)
	path := "/v2.0/Groups/" + str(g["id"])
	if resp, _ := f.doWith(t, "GET", path, tok, "", map[string]string{"If-None-Match": `W/"1"`}); resp.StatusCode != http.StatusNotModified || resp.Header.Get("ETag") != `W/"1"` {
		t.Fatalf("If-None-Match current: %d", resp.StatusCode)
	}
	resp, g := f.doWith(t, "PUT", path, tok, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"ops"}`, map[string]string{"If-Match": `W/"1"`})
	if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") != `W/"2"` || g["externalId"] != nil {
		t.Fatalf("put: %d %v", resp.StatusCode, g)
	}
	if resp, _ := f.doWith(t, "GET", path, tok, "", map[string]string{"If-None-Match": `W/"1"`}); resp.StatusCode != http.StatusOK {
		t.Fatalf("If-None-Match stale: %d", resp.StatusCode)
	}
	for _, c := range []struct{ method, body string }{
		{"PUT", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"stale"}`},
		{"PATCH", patchOps(`{"op":"replace","path":"displayName","value":"stale"}`)},
		{"DELETE", ""},
	} {
		resp, body := f.doWith(t, c.method, path, tok, c.body, map[string]string{"If-Match": `W/"1"`})
		if resp.StatusCode != http.StatusPreconditionFailed || body["status"] != "412" {
			t.Fatalf("%s stale: %d %v", c.method, resp.StatusCode, body)
		}
	}
	if resp, _ := f.doWith(t, "DELETE", path, tok, "", map[string]string{"If-Match": `W/"2"`}); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("delete current: %d", resp.StatusCode)
	}
}

// TestGroupErrors: bad requests are SCIM 400s with the RFC's scimType, and
// change nothing.
func TestGroupErrors(t *testing.T) {
	f := mustFixture(t)
	tok := f.clientToken(t)
	_, g := f.do(t, "POST", "/v2.0/Groups", tok, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"ops"}`)
	path := "/v2.0/Groups/" + str(g["id"])
	for _, c := range []struct {
		method, path, body, scimType string
	}{
		{"GET", groupsPath(`displayName eq`), "", "invalidFilter"},
		{"GET", groupsPath(`userName eq "x"`), "", "invalidFilter"},
		{"GET", groupsPath(`displayName gt true`), "", "invalidFilter"},
		{"GET", "/v2.0/Groups?count=x", "", "invalidValue"},
		{"POST", "/v2.0/Groups", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"displayName":"x"}`, "invalidValue"},
		{"POST", "/v2.0/Groups", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"]}`, "invalidValue"},
		{"POST", "/v2.0/Groups", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"x","members":[{"display":"no value"}]}`, "invalidValue"},
		{"POST", "/v2.0/Groups", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"x","owner":"y"}`, "invalidPath"},
		{"POST", "/v2.0/Groups", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":["x"]}`, "invalidValue"},
		{"POST", "/v2.0/Groups", `{"schemas":`, "invalidSyntax"},
		{"PATCH", path, patchOps(`{"op":"replace","path":"owner","value":"x"}`), "invalidPath"},
		{"PATCH", path, patchOps(`{"op":"replace","path":"id","value":"x"}`), "mutability"},
		{"PATCH", path, patchOps(`{"op":"remove"}`), "noTarget"},
		{"PATCH", path, patchOps(`{"op":"replace","path":"members[value eq \"nobody\"].display","value":"x"}`), "mutability"},
		{"PATCH", path, patchOps(`{"op":"replace","path":"displayName","value":""}`), "invalidValue"},
		{"PATCH", path, patchOps(`{"op":"move","path":"displayName","value":"x"}`), "invalidValue"},
	} {
		resp, body := f.do(t, c.method, c.path, tok, c.body)
		if resp.StatusCode != http.StatusBadRequest || body["scimType"] != c.scimType {
			t.Fatalf("%s %s %s: %d %v, want %s", c.method, c.path, c.body, resp.StatusCode, body, c.scimType)
		}
	}
	if _, got := f.do(t, "GET", path, tok, ""); got["meta"].(map[string]any)["version"] != `W/"1"` {
		t.Fatalf("a refused request changed the group: %v", got)
	}
}
