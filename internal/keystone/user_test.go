package keystone_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/users"
)

func TestGophercloudUsers(t *testing.T) {
	e := mustEnv(t)
	ctx := context.Background()
	alice := e.mustIdentityClient(t, "alice", alicePassword)
	root := e.mustIdentityClient(t, "acme", rootPassword)

	u, err := users.Get(ctx, alice, e.alice.ID).Extract()
	if err != nil || u.ID != e.alice.ID || u.Name != "alice" || u.DomainID != e.acct.ID || !u.Enabled {
		t.Fatalf("alice gets herself: %+v %v", u, err)
	}
	if !u.PasswordExpiresAt.IsZero() || u.Extra["email"] != "alice@acme.test" || u.Extra["pwd_status"] != false {
		t.Fatalf("fields: %+v", u)
	}
	// alice is no administrator: another user is forbidden to her.
	_, err = users.Get(ctx, alice, e.root.ID).Extract()
	if !gophercloud.ResponseCodeIs(err, http.StatusForbidden) {
		t.Fatalf("alice gets root: %v", err)
	}
	_, err = users.Update(ctx, alice, e.alice.ID, users.UpdateOpts{Description: ptr("mine")}).Extract()
	if !gophercloud.ResponseCodeIs(err, http.StatusForbidden) {
		t.Fatalf("alice updates herself: %v", err)
	}

	// The administrator renames and describes her, and disables her, which revokes her tokens.
	u, err = users.Update(ctx, root, e.alice.ID, users.UpdateOpts{Name: "alice2", Description: ptr("from finance")}).Extract()
	if err != nil || u.Name != "alice2" || u.Description != "from finance" {
		t.Fatalf("update: %+v %v", u, err)
	}
	u, err = users.Get(ctx, root, e.alice.ID).Extract()
	if err != nil || u.Name != "alice2" || u.Description != "from finance" {
		t.Fatalf("get after update: %+v %v", u, err)
	}
	off := false
	if _, err := users.Update(ctx, root, e.alice.ID, users.UpdateOpts{Enabled: &off}).Extract(); err != nil {
		t.Fatalf("disable: %v", err)
	}
	r := e.do(t, "GET", "/v3/users/"+e.alice.ID, map[string]string{"X-Auth-Token": alice.ProviderClient.Token()}, "")
	if r.status != http.StatusUnauthorized {
		t.Fatalf("disabled user's token: %d %s", r.status, r.body)
	}

	// Unknown users, unknown fields, a domain change.
	_, err = users.Get(ctx, root, "0123456789abcdef0123456789abcdef").Extract()
	if !gophercloud.ResponseCodeIs(err, http.StatusNotFound) {
		t.Fatalf("unknown user: %v", err)
	}
	_, err = users.Update(ctx, root, e.alice.ID, users.UpdateOpts{DomainID: "999999999999"}).Extract()
	if !gophercloud.ResponseCodeIs(err, http.StatusBadRequest) {
		t.Fatalf("domain change: %v", err)
	}
	_, err = users.Update(ctx, root, e.alice.ID, users.UpdateOpts{Extra: map[string]any{"favourite": "tea"}}).Extract()
	if !gophercloud.ResponseCodeIs(err, http.StatusBadRequest) {
		t.Fatalf("unknown field: %v", err)
	}
}

func TestUserUpdatePassword(t *testing.T) {
	e := mustEnv(t)
	ctx := context.Background()
	root := e.mustIdentityClient(t, "acme", rootPassword)
	aliceTok := e.mustToken(t, "alice", alicePassword)
	// An administrator sets alice's password; the account's policy makes her change it at next login.
	u, err := users.Update(ctx, root, e.alice.ID, users.UpdateOpts{Password: "Admin-Set-Pass-77"}).Extract()
	if err != nil || u.Extra["pwd_status"] != true {
		t.Fatalf("admin set: %+v %v", u, err)
	}
	r := e.do(t, "GET", "/v3/users/"+e.alice.ID, map[string]string{"X-Auth-Token": aliceTok}, "")
	if r.status != http.StatusUnauthorized {
		t.Fatalf("old token after admin set: %d", r.status)
	}
	// A weak password is refused, naming the rule.
	_, err = users.Update(ctx, root, e.alice.ID, users.UpdateOpts{Password: "short"}).Extract()
	var code gophercloud.ErrUnexpectedResponseCode
	if !gophercloud.ResponseCodeIs(err, http.StatusBadRequest) || !asCode(err, &code) ||
		!contains(string(code.Body), "At least 8 characters") {
		t.Fatalf("weak admin password: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }
