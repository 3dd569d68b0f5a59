package keystone_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestHuaweiUser(t *testing.T) {
	e := mustEnv(t)
	root := e.mustToken(t, "acme", rootPassword)
	path := "/v3.0/OS-USER/users/" + e.alice.ID
	h := map[string]string{"X-Auth-Token": root}

	r := e.do(t, "PUT", path, h, `{"user":{"description":"from finance","areacode":"0086","phone":"13812345678",`+
		`"xuser_id":"emp-42","xuser_type":"hr","pwd_status":true,"access_mode":"default"}}`)
	if r.status != http.StatusOK {
		t.Fatalf("update: %d %s", r.status, r.body)
	}
	r = e.do(t, "GET", path, h, "")
	if r.status != http.StatusOK {
		t.Fatalf("show: %d %s", r.status, r.body)
	}
	golden(t, "os_user.json", pretty(t, r.body), map[string]string{e.alice.ID: "<user_id>", e.acct.ID: "<domain_id>", e.srv.URL: "http://<host>"})
	// Keystone's view of the same user shows pwd_status and the description.
	r = e.do(t, "GET", "/v3/users/"+e.alice.ID, h, "")
	if !strings.Contains(r.body, `"pwd_status":true`) || !strings.Contains(r.body, `"description":"from finance"`) {
		t.Fatalf("keystone view: %s", r.body)
	}
	// pwd_status: the next login is restricted to changing the password.
	tok := e.mustToken(t, "alice", alicePassword)
	if r := e.do(t, "GET", "/v3.0/OS-MFA/users/"+e.alice.ID+"/virtual-mfa-device", map[string]string{"X-Auth-Token": tok}, ""); r.status != http.StatusForbidden {
		t.Fatalf("restricted token: %d %s", r.status, r.body)
	}

	tests := []struct {
		name, body, code string
	}{
		{"AreacodeAlone", `{"user":{"areacode":"0086"}}`, `"error_code":"1106"`},
		{"AccessMode", `{"user":{"access_mode":"programmatic"}}`, `"error_code":"IAM.0007"`},
		{"BadEmail", `{"user":{"email":"not-an-email"}}`, `"error_code":"1102"`},
		{"NameTaken", `{"user":{"name":"acme"}}`, `"error_code":"1109"`},
		{"UnknownField", `{"user":{"colour":"blue"}}`, `"error_code":"IAM.0007"`},
		{"WeakPassword", `{"user":{"password":"abc"}}`, `"error_code":"1118"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(t, "PUT", path, h, tt.body)
			if r.status != http.StatusBadRequest || !strings.Contains(r.body, tt.code) {
				t.Fatalf("status %d, want 400 with %s: %s", r.status, tt.code, r.body)
			}
		})
	}
	if r := e.do(t, "GET", "/v3.0/OS-USER/users/0123456789abcdef0123456789abcdef", h, ""); r.status != http.StatusNotFound {
		t.Fatalf("unknown: %d %s", r.status, r.body)
	} else {
		golden(t, "huawei_error_404.json", pretty(t, r.body), nil)
	}
	if r := e.do(t, "DELETE", path, h, ""); r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != "GET, PUT" {
		t.Fatalf("405: %d %q %s", r.status, r.header.Get("Allow"), r.body)
	}
}
