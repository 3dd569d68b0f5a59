package api_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/watchword/watchword/internal/api/client"
)

// TestRootProtectedFromIAMAdmins: an IAM administrator manages the
// account's users but changes nothing of the root user, its lock and its
// access keys included (issue 11): each is 403 user.root_protected. It
// still reads the root user, as the list shows it. Another account's user
// is 404 user.not_found, as an unknown ID.
func TestRootProtectedFromIAMAdmins(t *testing.T) {
	s := mustAPIServer(t)
	ctx := context.Background()
	const pw = "Night-Owl-Battery-42"
	if _, err := s.Root.CreateUser(ctx, client.NewUser{Name: "ops", Email: "ops@acme.test", Password: pw, Admin: true}); err != nil {
		t.Fatal(err)
	}
	ops := s.mustLogin(t, client.Credentials{Account: "acme", Username: "ops", Password: pw}).Token()
	root, err := s.Root.Me(ctx)
	if err != nil {
		t.Fatal(err)
	}
	globex, err := s.mustOtherAccount(t).Me(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const js = "application/json"
	calls := []struct {
		name, method, path, body string
	}{
		{"Update", "PATCH", "/v1/users/" + root.ID, `{"display_name":"owned"}`},
		{"Delete", "DELETE", "/v1/users/" + root.ID, ``},
		{"SetPassword", "PUT", "/v1/users/" + root.ID + "/password", `{"password":"Fresh-Battery-Horse-43"}`},
		{"Unlock", "POST", "/v1/users/" + root.ID + "/unlock", ``},
		{"UnbindTOTP", "DELETE", "/v1/users/" + root.ID + "/mfa/totp", ``},
		{"CreateAccessKey", "POST", "/v1/me/access-keys?user=acme", `{}`},
		{"ListAccessKeys", "GET", "/v1/me/access-keys?user=acme", ``},
	}
	for _, c := range calls {
		t.Run("Err"+c.name, func(t *testing.T) {
			ct := ""
			if c.body != "" {
				ct = js
			}
			mustProblem(t, s.raw(t, c.method, c.path, ops, ct, []byte(c.body)), http.StatusForbidden, "user.root_protected")
		})
	}
	t.Run("ErrOtherAccount", func(t *testing.T) {
		mustProblem(t, s.raw(t, "PATCH", "/v1/users/"+globex.ID, ops, js, []byte(`{"display_name":"owned"}`)), http.StatusNotFound, "user.not_found")
		mustProblem(t, s.raw(t, "GET", "/v1/users/"+globex.ID, ops, "", nil), http.StatusNotFound, "user.not_found")
	})
	if r := s.raw(t, "GET", "/v1/users/"+root.ID, ops, "", nil); r.Status != http.StatusOK {
		t.Fatalf("reading the root user: %d %s", r.Status, r.Body)
	}
	after, err := s.Root.Me(ctx)
	if err != nil || after.DisplayName != root.DisplayName {
		t.Fatalf("the root user changed: %+v %v", after, err)
	}
	if keys, err := s.Root.AccessKeys(ctx, ""); err != nil || len(keys) != 0 {
		t.Fatalf("the root user's keys: %+v %v", keys, err)
	}
}
