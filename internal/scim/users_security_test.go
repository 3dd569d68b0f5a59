package scim_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/watchword/watchword/internal/identity"
)

// TestUsersAcrossAccounts: another account's user IDs read as unknown ones
// (404, the same body) for every verb; lists never show another account's
// users; a user who is no administrator gets 403 before any lookup, the
// same for an existing ID and an unknown one.
func TestUsersAcrossAccounts(t *testing.T) {
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
	put := `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"eve"}`
	patch := `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false}]}`
	for _, id := range []string{eve.ID, globexRoot.ID, "no-such-user"} {
		for _, c := range []struct{ method, body string }{{"GET", ""}, {"PUT", put}, {"PATCH", patch}, {"DELETE", ""}} {
			resp, body := f.do(t, c.method, "/v2.0/Users/"+id, tok, c.body)
			if resp.StatusCode != http.StatusNotFound || body["detail"] != "no such user" {
				t.Fatalf("%s another account's %s: %d %v", c.method, id, resp.StatusCode, body)
			}
		}
	}
	if got, _ := f.svc.Users.Get(gctx, eve.ID); got == nil || !got.Enabled {
		t.Fatal("eve was changed from another account")
	}
	for _, q := range []string{"/v2.0/Users", filterPath(`userName eq "eve"`), filterPath(`userName eq "globex"`)} {
		_, body := f.do(t, "GET", q, tok, "")
		for _, r := range resources(body) {
			if r["userName"] == "eve" || r["userName"] == "globex" {
				t.Fatalf("%s shows another account's user: %v", q, body)
			}
		}
	}

	// A user who is no administrator.
	if _, err := f.svc.Users.Create(f.rootCtx(t), identity.NewUser{Name: "bob", Password: "Plain-Walrus-User-2026"}); err != nil {
		t.Fatal(err)
	}
	bob := f.login(t, "bob", "Plain-Walrus-User-2026")
	root, _ := f.svc.Users.Me(f.rootCtx(t))
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/v2.0/Users", ""}, {"POST", "/v2.0/Users", put}, {"GET", "/v2.0/Users/" + root.ID, ""}, {"GET", "/v2.0/Users/no-such-user", ""},
		{"GET", "/v2.0/Users/" + eve.ID, ""}, {"PATCH", "/v2.0/Users/" + root.ID, patch}, {"PATCH", "/v2.0/Users/no-such-user", patch},
		{"DELETE", "/v2.0/Users/" + root.ID, ""}, {"PUT", "/v2.0/Users/" + bob.User.ID, put},
	} {
		resp, body := f.do(t, c.method, c.path, bob.Token, c.body)
		if resp.StatusCode != http.StatusForbidden || body["detail"] != "this operation requires an account administrator" {
			t.Fatalf("bob %s %s: %d %v", c.method, c.path, resp.StatusCode, body)
		}
	}
	// ... who reads itself at the Location /Me names.
	resp, me := f.do(t, "GET", "/v2.0/Me", bob.Token, "")
	if resp, self := f.do(t, "GET", resp.Header.Get("Location"), bob.Token, ""); resp.StatusCode != http.StatusOK || self["id"] != me["id"] {
		t.Fatalf("bob at his Location: %d %v", resp.StatusCode, self)
	}
	if resp, body := f.do(t, "GET", "/v2.0/Users", "", ""); resp.StatusCode != http.StatusUnauthorized || body["status"] != "401" {
		t.Fatalf("no token: %d %v", resp.StatusCode, body)
	}
}

// TestRootNeverProvisioned: the root user is listed and readable, and never
// changed or deleted through /Users: not by an API client, not by an IAM
// administrator, not even by the root user itself.
func TestRootNeverProvisioned(t *testing.T) {
	f := mustFixture(t)
	root, _ := f.svc.Users.Me(f.rootCtx(t))
	if _, err := f.svc.Users.Create(f.rootCtx(t), identity.NewUser{Name: "ada", Admin: true, Password: "Ada-Admin-Pass-2026"}); err != nil {
		t.Fatal(err)
	}
	put := `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"acme","displayName":"Taken over"}`
	patch := `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"displayName","value":"Taken over"}]}`
	for who, tok := range map[string]string{"client": f.clientToken(t), "IAM admin": f.login(t, "ada", "Ada-Admin-Pass-2026").Token, "root": f.token} {
		if resp, got := f.do(t, "GET", "/v2.0/Users/"+root.ID, tok, ""); resp.StatusCode != http.StatusOK || got["userName"] != "acme" {
			t.Fatalf("%s reading root: %d %v", who, resp.StatusCode, got)
		}
		for _, c := range []struct{ method, body string }{{"PUT", put}, {"PATCH", patch}, {"DELETE", ""}} {
			resp, body := f.do(t, c.method, "/v2.0/Users/"+root.ID, tok, c.body)
			if resp.StatusCode != http.StatusForbidden || body["status"] != "403" {
				t.Fatalf("%s %s on root: %d %v", who, c.method, resp.StatusCode, body)
			}
		}
	}
	if after, _ := f.svc.Users.Me(f.rootCtx(t)); after.DisplayName == "Taken over" || after.Version != root.Version {
		t.Fatalf("root changed: %+v", after)
	}
}

// TestInvitationChoice: without a password, a user with an email is
// invited, unless IBM's Notification extension says NONE; a disabled one
// is not.
func TestInvitationChoice(t *testing.T) {
	f := mustFixture(t)
	tok := f.clientToken(t)
	f.messages(t)
	for _, c := range []struct {
		body    string
		invited bool
	}{
		{`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"u1","emails":[{"value":"u1@acme.test"}]}`, true},
		{`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:ibm:2.0:Notification"],
		  "userName":"u2","emails":[{"value":"u2@acme.test"}],"urn:ietf:params:scim:schemas:extension:ibm:2.0:Notification":{"notifyType":"NONE"}}`, false},
		{`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"u3","active":false,"emails":[{"value":"u3@acme.test"}]}`, false},
		{`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"u4"}`, false},
	} {
		resp, body := f.do(t, "POST", "/v2.0/Users", tok, c.body)
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("create: %d %v", resp.StatusCode, body)
		}
		msgs := f.messages(t)
		if got := len(msgs) == 1 && msgs[0].Template == "invitation"; got != c.invited {
			t.Fatalf("%s: invited %v (%+v)", body["userName"], got, msgs)
		}
	}
}
