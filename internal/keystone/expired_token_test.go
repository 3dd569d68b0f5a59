package keystone_test

import (
	"net/http"
	"testing"
	"time"
)

// TestExpiredToken: a token past its 12-hour life, which worked a moment
// before, gets Keystone's own 401 on /v3 (fixed message, WWW-Authenticate)
// and Huawei's IAM.0001 on /v3.0; as X-Subject-Token it no longer
// validates (404, as Keystone answers a token it cannot find).
func TestExpiredToken(t *testing.T) {
	e := mustEnv(t)
	tok := e.mustToken(t, "alice", alicePassword)
	auth := map[string]string{"X-Auth-Token": tok}
	for _, p := range []string{"/v3/users/" + e.alice.ID, "/v3.0/OS-USER/users/" + e.alice.ID} {
		if r := e.do(t, "GET", p, auth, ""); r.status != http.StatusOK {
			t.Fatalf("%s within the token's life: %d %s", p, r.status, r.body)
		}
	}

	e.clock.Add(12*time.Hour + time.Minute)
	r := e.do(t, "GET", "/v3/users/"+e.alice.ID, auth, "")
	if r.status != http.StatusUnauthorized || r.body != `{"error":{"code":401,"title":"Unauthorized","message":"The request you have made requires authentication."}}`+"\n" ||
		r.header.Get("WWW-Authenticate") == "" {
		t.Errorf("/v3: %d %q %q", r.status, r.header.Get("WWW-Authenticate"), r.body)
	}
	r = e.do(t, "GET", "/v3.0/OS-USER/users/"+e.alice.ID, auth, "")
	if r.status != http.StatusUnauthorized || r.body != `{"error_msg":"The request you have made requires authentication.","error_code":"IAM.0001"}`+"\n" {
		t.Errorf("/v3.0: %d %q", r.status, r.body)
	}
	fresh := e.mustToken(t, "alice", alicePassword)
	r = e.do(t, "GET", "/v3/auth/tokens", map[string]string{"X-Auth-Token": fresh, "X-Subject-Token": tok}, "")
	if r.status != http.StatusNotFound {
		t.Errorf("validating the expired token: %d %s", r.status, r.body)
	}
}
