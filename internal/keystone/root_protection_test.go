package keystone_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/identity"
)

// TestRootProtectedFromIAMAdmins: an IAM administrator manages the
// account's users but never the root user (issue 11: one gate decides it
// in the core). Each refusal is a 403 in the face's own error shape, and
// another account's user is a 404, as an unknown one.
func TestRootProtectedFromIAMAdmins(t *testing.T) {
	e := mustEnv(t)
	const pw = "Night-Owl-Battery-42"
	if _, err := e.svc.Users.Create(e.admin, identity.NewUser{Name: "ops", Email: "ops@acme.test", Admin: true, Password: pw}); err != nil {
		t.Fatal(err)
	}
	_, other, err := e.svc.Accounts.Create(context.Background(), identity.NewAccount{Name: "globex", Email: "root@globex.test", Password: rootPassword})
	if err != nil {
		t.Fatal(err)
	}
	ops := map[string]string{"X-Auth-Token": e.mustToken(t, "ops", pw)}
	calls := []struct{ method, path, body string }{
		{"PUT", "/v3.0/OS-USER/users/{id}/login-protect", `{"login_protect":{"enabled":true,"verification_method":"email"}}`},
		{"PUT", "/v3.0/OS-USER/users/{id}", `{"user":{"description":"owned"}}`},
		{"POST", "/v3.0/OS-MFA/virtual-mfa-devices", `{"virtual_mfa_device":{"name":"phone","user_id":"{id}"}}`},
	}
	fill := func(s, id string) string { return strings.ReplaceAll(s, "{id}", id) }
	for _, c := range calls {
		t.Run("ErrRoot"+c.method+c.path, func(t *testing.T) {
			r := e.do(t, c.method, fill(c.path, e.root.ID), ops, fill(c.body, e.root.ID))
			m := r.json(t)
			if r.status != http.StatusForbidden || m["error_code"] != "1107" || m["error_msg"] == "" {
				t.Fatalf("got %d %s, want 403 with error_code 1107", r.status, r.body)
			}
		})
		t.Run("ErrOtherAccount"+c.method+c.path, func(t *testing.T) {
			r := e.do(t, c.method, fill(c.path, other.ID), ops, fill(c.body, other.ID))
			m := r.json(t)
			if r.status != http.StatusNotFound || m["error_code"] != "IAM.0004" {
				t.Fatalf("got %d %s, want 404 IAM.0004", r.status, r.body)
			}
		})
	}
	t.Run("ErrRootPATCHv3", func(t *testing.T) {
		r := e.do(t, "PATCH", "/v3/users/"+e.root.ID, ops, `{"user":{"email":"mallory@evil.test"}}`)
		m := r.json(t)
		ke, _ := m["error"].(map[string]any)
		if r.status != http.StatusForbidden || ke["code"] != float64(http.StatusForbidden) || ke["message"] == "" {
			t.Fatalf("got %d %s, want 403 in Keystone's error shape", r.status, r.body)
		}
	})
	u, err := e.svc.Users.Get(e.admin, e.root.ID)
	if err != nil {
		t.Fatal(err)
	}
	if u.LoginVerification != "off" || u.Email != e.root.Email {
		t.Fatalf("the root user changed: %+v", u)
	}
}
