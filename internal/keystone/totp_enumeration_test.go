package keystone_test

import (
	"net/http"
	"testing"
)

// TestTOTPAloneNoEnumeration: a passcode sent alone, with no password, must
// not tell who exists. A user without a device (alice, and the root user)
// answers exactly as a user or a domain that does not exist: the plain 401,
// no receipt; before, it was 409 "bind a virtual MFA device", an oracle
// for user names that took no secret at all.
func TestTOTPAloneNoEnumeration(t *testing.T) {
	e := mustEnv(t)
	totp := func(user, domain string) string {
		return `{"auth":{"identity":{"methods":["totp"],"totp":{"user":{"name":"` + user + `","domain":{"name":"` + domain +
			`"},"passcode":"123456"}}}}}`
	}
	unknown := e.do(t, "POST", "/v3/auth/tokens", nil, totp("nobody", "acme"))
	if unknown.status != http.StatusUnauthorized || unknown.header.Get("Openstack-Auth-Receipt") != "" {
		t.Fatalf("unknown user: %d %s", unknown.status, unknown.body)
	}
	for name, body := range map[string]string{
		"UserWithoutDevice": totp("alice", "acme"),
		"RootWithoutDevice": totp("acme", "acme"),
		"UnknownDomain":     totp("alice", "globex"),
		"ByID":              `{"auth":{"identity":{"methods":["totp"],"totp":{"user":{"id":"` + e.alice.ID + `","passcode":"123456"}}}}}`,
	} {
		r := e.do(t, "POST", "/v3/auth/tokens", nil, body)
		if r.status != unknown.status || r.body != unknown.body || r.header.Get("Openstack-Auth-Receipt") != "" {
			t.Errorf("%s: %d %s, want what an unknown user gets: %d %s", name, r.status, r.body, unknown.status, unknown.body)
		}
	}
}
