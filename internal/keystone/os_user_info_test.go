package keystone_test

import (
	"net/http"
	"strings"
	"testing"
)

// mustCode claims the outbox and returns the code last sent to "to".
func (e *env) mustCode(t *testing.T, to string) string {
	t.Helper()
	return e.core.MustLastCode(t, to)
}

func TestUserInfoEmailChange(t *testing.T) {
	e := mustEnv(t)
	alice := e.mustToken(t, "alice", alicePassword)
	root := e.mustToken(t, "acme", rootPassword)
	path := "/v3.0/OS-USER/users/" + e.alice.ID + "/info"
	put := func(token, body string) response {
		return e.do(t, "PUT", path, map[string]string{"X-Auth-Token": token}, body)
	}

	if r := put(root, `{"user":{"email":"alice2@acme.test"}}`); r.status != http.StatusForbidden {
		t.Fatalf("someone else: %d %s", r.status, r.body)
	}
	if r := put(alice, `{"user":{"email":"alice2@acme.test","mobile":"0033-699999999"}}`); r.status != http.StatusBadRequest {
		t.Fatalf("both at once: %d %s", r.status, r.body)
	}
	// 1. A code to the bound email proves it is alice.
	r := put(alice, `{"user":{"email":"alice2@acme.test"}}`)
	if r.status != http.StatusAccepted || !strings.Contains(r.body, `"next":"identity_code"`) {
		t.Fatalf("step 1: %d %s", r.status, r.body)
	}
	idCode := e.mustCode(t, "alice@acme.test")
	if r := put(alice, `{"user":{"email":"alice2@acme.test","identity_code":"000000"}}`); r.status != http.StatusBadRequest ||
		!strings.Contains(r.body, `"error_code":"IAM.0007"`) {
		t.Fatalf("wrong identity code: %d %s", r.status, r.body)
	}
	// 2. Then a code to the new address, with a ticket.
	r = put(alice, `{"user":{"email":"alice2@acme.test","identity_code":"`+idCode+`"}}`)
	if r.status != http.StatusAccepted || !strings.Contains(r.body, `"next":"code"`) {
		t.Fatalf("step 2: %d %s", r.status, r.body)
	}
	ticket := r.json(t)["verification"].(map[string]any)["ticket"].(string)
	bindCode := e.mustCode(t, "alice2@acme.test")
	// 3. The ticket and that code bind it.
	r = put(alice, `{"user":{"email":"alice2@acme.test","ticket":"`+ticket+`","code":"`+bindCode+`"}}`)
	if r.status != http.StatusNoContent {
		t.Fatalf("step 3: %d %s", r.status, r.body)
	}
	r = e.do(t, "GET", "/v3.0/OS-USER/users/"+e.alice.ID, map[string]string{"X-Auth-Token": alice}, "")
	if !strings.Contains(r.body, `"email":"alice2@acme.test"`) || !strings.Contains(r.body, `"areacode":"0033","phone":"612345678"`) {
		t.Fatalf("after change: %s", r.body)
	}
	// A mobile change starts the same way, here proved over SMS.
	r = put(alice, `{"user":{"mobile":"0033-699999999","verify_channel":"sms"}}`)
	if r.status != http.StatusAccepted || !strings.Contains(r.body, `"channel":"sms"`) {
		t.Fatalf("mobile step 1: %d %s", r.status, r.body)
	}
}
