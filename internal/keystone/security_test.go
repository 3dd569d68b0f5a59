package keystone_test

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/watchword/watchword/internal/identity"
)

// TestRestrictedToken: a token restricted to changing the password (an
// administrator whose password an administrator set) reads its own user,
// is refused every write and every look at another user, and changes its
// password through POST /v3/users/{id}/password.
func TestRestrictedToken(t *testing.T) {
	e := mustEnv(t)
	const pw = "Admin-Set-Battery-42"
	bob, err := e.svc.Users.Create(e.admin, identity.NewUser{Name: "bob", Email: "bob@acme.test", Admin: true, Password: pw, ForceChange: true})
	if err != nil {
		t.Fatal(err)
	}
	tok := e.mustToken(t, "bob", pw)
	auth := map[string]string{"X-Auth-Token": tok}
	if r := e.do(t, "GET", "/v3/users/"+bob.ID, auth, ""); r.status != http.StatusOK || !contains(r.body, bob.ID) {
		t.Fatalf("GET own user with a restricted token: %d %s", r.status, r.body)
	}
	refused := []struct{ method, path, body string }{
		{"GET", "/v3/users/" + e.alice.ID, ""},
		{"PATCH", "/v3/users/" + bob.ID, `{"user":{"description":"x"}}`},
		{"PATCH", "/v3/users/" + e.alice.ID, `{"user":{"enabled":false}}`},
		{"PUT", "/v3.0/OS-USER/users/" + e.alice.ID, `{"user":{"enabled":false}}`},
		{"PUT", "/v3.0/OS-SECURITYPOLICY/domains/" + e.acct.ID + "/login-policy", `{"login_policy":{"lockout_duration":20}}`},
		{"POST", "/v3/users/" + e.alice.ID + "/password", `{"user":{"password":"Other-Battery-4242","original_password":"` + alicePassword + `"}}`},
	}
	for _, rq := range refused {
		t.Run(rq.method+rq.path, func(t *testing.T) {
			if r := e.do(t, rq.method, rq.path, auth, rq.body); r.status != http.StatusForbidden {
				t.Fatalf("%s %s with a restricted token: %d %s, want 403", rq.method, rq.path, r.status, r.body)
			}
		})
	}
	r := e.do(t, "POST", "/v3/users/"+bob.ID+"/password", auth, `{"user":{"password":"Chosen-Battery-4242","original_password":"`+pw+`"}}`)
	if r.status != http.StatusNoContent {
		t.Fatalf("change with a restricted token: %d %s", r.status, r.body)
	}
	// The change revokes every token of the user, the restricted one too
	// (Keystone's rule); the next one is not restricted.
	if r := e.do(t, "GET", "/v3/users/"+bob.ID, auth, ""); r.status != http.StatusUnauthorized {
		t.Fatalf("the token used for the change still works: %d %s", r.status, r.body)
	}
	auth = map[string]string{"X-Auth-Token": e.mustToken(t, "bob", "Chosen-Battery-4242")}
	if r := e.do(t, "PATCH", "/v3/users/"+e.alice.ID, auth, `{"user":{"description":"x"}}`); r.status != http.StatusOK {
		t.Fatalf("the new token is restricted: %d %s", r.status, r.body)
	}
}

// TestChangeRevokesOtherSessions: after POST /v3/users/{id}/password,
// another token of the same user is refused with Keystone's 401. (That the
// core revokes the other sessions is identity's
// TestPasswordChangeRevokesOtherSessions; this is the face's answer.)
func TestChangeRevokesOtherSessions(t *testing.T) {
	e := mustEnv(t)
	other := e.mustToken(t, "alice", alicePassword)
	show := func() response {
		return e.do(t, "GET", "/v3/users/"+e.alice.ID, map[string]string{"X-Auth-Token": other}, "")
	}
	if r := show(); r.status != http.StatusOK {
		t.Fatalf("the other token before the change: %d %s", r.status, r.body)
	}
	tok := e.mustToken(t, "alice", alicePassword)
	r := e.do(t, "POST", "/v3/users/"+e.alice.ID+"/password", map[string]string{"X-Auth-Token": tok},
		`{"user":{"password":"New-Secret-9999","original_password":"`+alicePassword+`"}}`)
	if r.status != http.StatusNoContent {
		t.Fatalf("change: %d %s", r.status, r.body)
	}
	r = show()
	if r.status != http.StatusUnauthorized {
		t.Fatalf("the other token after the change: GET /v3/users/{id} %d %s, want 401", r.status, r.body)
	}
	golden(t, "error_401.json", pretty(t, r.body), nil)
}

// TestTokenCreateEnumeration: POST /v3/auth/tokens answers an unknown user,
// a wrong password, a locked user and a disabled user with the same status
// and the same bytes (request IDs masked), so the answer tells nothing of
// which users exist or what state they are in.
func TestTokenCreateEnumeration(t *testing.T) {
	e := mustEnv(t)
	var locked, dis *identity.User
	for _, name := range []string{"locked", "disabled"} {
		u, err := e.svc.Users.Create(e.admin, identity.NewUser{Name: name, Email: name + "@acme.test", Password: alicePassword})
		if err != nil {
			t.Fatal(err)
		}
		locked, dis = dis, u
	}
	off := false
	if _, err := e.svc.Users.Update(e.admin, dis.ID, identity.UserUpdate{Enabled: &off}); err != nil {
		t.Fatal(err)
	}
	body := func(user, pw string) string {
		return `{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"` + user +
			`","domain":{"name":"acme"},"password":"` + pw + `"}}}}}`
	}
	for i := 0; i < 10; i++ {
		e.do(t, "POST", "/v3/auth/tokens", nil, body("locked", "Wrong-Guess-0000"))
	}
	if until, err := e.svc.Users.LockedUntil(e.admin, locked.ID); err != nil || until.IsZero() {
		t.Fatalf("ten wrong passwords did not lock the user: %v", err)
	}
	ids := regexp.MustCompile(`req-[0-9a-f-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	cases := []struct{ name, user, pw string }{
		{"UnknownUser", "nobody", alicePassword},
		{"WrongPassword", "alice", "Wrong-Guess-0000"},
		{"LockedRightPassword", "locked", alicePassword},
		{"LockedWrongPassword", "locked", "Wrong-Guess-0000"},
		{"DisabledRightPassword", "disabled", alicePassword},
		{"DisabledWrongPassword", "disabled", "Wrong-Guess-0000"},
	}
	var first response
	for i, c := range cases {
		r := e.do(t, "POST", "/v3/auth/tokens", nil, body(c.user, c.pw))
		r.body = ids.ReplaceAllString(r.body, "ID")
		if i == 0 {
			first = r
			if r.status != http.StatusUnauthorized {
				t.Fatalf("%s: %d %s", c.name, r.status, r.body)
			}
			continue
		}
		if r.status != first.status || r.body != first.body {
			t.Errorf("%s: %d %s\n%s: %d %s", c.name, r.status, r.body, cases[0].name, first.status, first.body)
		}
	}
}
