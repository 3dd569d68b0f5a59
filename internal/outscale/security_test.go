package outscale_test

import (
	"encoding/base64"
	"net/http"
	"testing"

	"github.com/watchword/watchword/internal/identity"
)

// basicCall sends an OAPI call with login:password in a Basic header.
func (f *fixture) basicCall(t *testing.T, op, login, pw, body string) (*http.Response, []byte) {
	t.Helper()
	req := mustRequest(t, f.srv.URL+"/api/v1/"+op, body)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(login+":"+pw)))
	return do(t, req)
}

// checkAuth sends CheckAuthentication for login and pw, signed with the
// root user's key.
func (f *fixture) checkAuth(t *testing.T, login, pw string) (*http.Response, []byte) {
	t.Helper()
	return f.awsSigned(t, "/api/v1/CheckAuthentication", "oapi", f.ak, f.sk, jsonHeader(),
		`{"Login":"`+login+`","Password":"`+pw+`"}`)
}

// TestRestrictedPasswordRefused: a user whose password an administrator
// set must change it before anything else, so login/password is refused
// with 20 (password.change_required), on Basic and on CheckAuthentication.
func TestRestrictedPasswordRefused(t *testing.T) {
	f := mustFixture(t)
	const pw = "Admin-Set-Battery-42"
	if _, err := f.svc.Users.Create(f.rootCtx(), identity.NewUser{Name: "bob", Email: "bob@acme.test", Admin: true,
		Password: pw, ForceChange: true}); err != nil {
		t.Fatal(err)
	}
	resp, body := f.basicCall(t, "ReadAccessKeys", "bob@acme.test", pw, `{}`)
	wantOAPI(t, resp, body, 401, "20")
	resp, body = f.basicCall(t, "CreateAccessKey", "bob@acme.test", pw, `{}`)
	wantOAPI(t, resp, body, 401, "20")
	resp, body = f.checkAuth(t, "bob@acme.test", pw)
	wantOAPI(t, resp, body, 401, "20")
}

// TestLoginPasswordEnumeration: Basic login/password and
// CheckAuthentication answer an unknown login, a wrong password, a locked
// user and a disabled user with the same status and the same bytes (the
// fixture's request ID is fixed).
func TestLoginPasswordEnumeration(t *testing.T) {
	f := mustFixture(t)
	const pw = "Right-Battery-Horse-42"
	users := map[string]*identity.User{}
	for _, name := range []string{"alice", "locked", "disabled"} {
		u, err := f.svc.Users.Create(f.rootCtx(), identity.NewUser{Name: name, Email: name + "@acme.test", Password: pw})
		if err != nil {
			t.Fatal(err)
		}
		users[name] = u
	}
	dis := users["disabled"]
	off := false
	if _, err := f.svc.Users.Update(f.rootCtx(), dis.ID, identity.UserUpdate{Enabled: &off}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10; i++ {
		f.basicCall(t, "ReadAccessKeys", "locked@acme.test", "Wrong-Guess-0000", `{}`)
	}
	if until, err := f.svc.Users.LockedUntil(f.rootCtx(), users["locked"].ID); err != nil || until.IsZero() {
		t.Fatalf("ten wrong passwords did not lock the user: %v", err)
	}
	cases := []struct{ name, login, pw string }{
		{"UnknownLogin", "nobody@acme.test", pw},
		{"UnknownAccountName", "nowhere", pw},
		{"WrongPassword", "alice@acme.test", "Wrong-Guess-0000"},
		{"LockedRightPassword", "locked@acme.test", pw},
		{"LockedWrongPassword", "locked@acme.test", "Wrong-Guess-0000"},
		{"DisabledRightPassword", "disabled@acme.test", pw},
		{"DisabledWrongPassword", "disabled@acme.test", "Wrong-Guess-0000"},
	}
	for _, via := range []struct {
		name string
		call func(login, pw string) (*http.Response, []byte)
	}{
		{"Basic", func(login, pw string) (*http.Response, []byte) {
			return f.basicCall(t, "ReadAccessKeys", login, pw, `{}`)
		}},
		{"CheckAuthentication", func(login, pw string) (*http.Response, []byte) { return f.checkAuth(t, login, pw) }},
	} {
		t.Run(via.name, func(t *testing.T) {
			first, firstBody := via.call(cases[0].login, cases[0].pw)
			if first.StatusCode < 400 {
				t.Fatalf("%s: %d %s", cases[0].name, first.StatusCode, firstBody)
			}
			for _, c := range cases[1:] {
				resp, body := via.call(c.login, c.pw)
				if resp.StatusCode != first.StatusCode || string(body) != string(firstBody) {
					t.Errorf("%s: %d %s\n%s: %d %s", c.name, resp.StatusCode, body, cases[0].name, first.StatusCode, firstBody)
				}
			}
		})
	}
}
