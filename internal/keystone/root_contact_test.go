package keystone_test

import (
	"net/http"
	"testing"
)

// TestRootContactNotEditableAsUser: the root user's email and mobile are
// the account's sign-in and recovery addresses, so the root user itself
// cannot move them with a user update, on Keystone's PATCH or Huawei's
// OS-USER; they change only through a code to the new address.
func TestRootContactNotEditableAsUser(t *testing.T) {
	e := mustEnv(t)
	root := map[string]string{"X-Auth-Token": e.mustToken(t, e.root.Name, rootPassword)}
	r := e.do(t, "PATCH", "/v3/users/"+e.root.ID, root, `{"user":{"email":"mallory@evil.test"}}`)
	if ke, _ := r.json(t)["error"].(map[string]any); r.status != http.StatusBadRequest || ke["code"] != float64(http.StatusBadRequest) {
		t.Fatalf("PATCH: got %d %s, want 400 in Keystone's error shape", r.status, r.body)
	}
	r = e.do(t, "PUT", "/v3.0/OS-USER/users/"+e.root.ID, root, `{"user":{"areacode":"0033","phone":"622222222"}}`)
	if m := r.json(t); r.status != http.StatusBadRequest || m["error_code"] != "IAM.0007" {
		t.Fatalf("OS-USER: got %d %s, want 400 in Huawei's error shape", r.status, r.body)
	}
	u, err := e.svc.Users.Get(e.admin, e.root.ID)
	if err != nil || u.Email != e.root.Email || u.Mobile != e.root.Mobile {
		t.Fatalf("the root user's contacts moved: %+v %v", u, err)
	}
}
