package keystone_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/verify"
)

// scoped is a password request of a user of acme with a scope.
func scoped(user, pw, scope string) string {
	return `{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"` + user +
		`","domain":{"name":"acme"},"password":"` + pw + `"}}},"scope":` + scope + `}}`
}

// tokenOf decodes the token body of r.
func tokenOf(t *testing.T, r response) map[string]any {
	t.Helper()
	return r.json(t)["token"].(map[string]any)
}

// TestProjectScope: every account has one project, whose ID and name are
// the account's and whose domain is the account; a token scoped to it, by
// ID or by name within its domain (an openrc's OS_PROJECT_NAME), shows it
// and carries the catalog.
func TestProjectScope(t *testing.T) {
	e := mustEnv(t)
	for name, scope := range map[string]string{
		"ByID":           `{"project":{"id":"` + e.acct.ID + `"}}`,
		"ByNameDomainNm": `{"project":{"name":"acme","domain":{"name":"acme"}}}`,
		"ByNameDomainID": `{"project":{"name":"acme","domain":{"id":"` + e.acct.ID + `"}}}`,
	} {
		t.Run(name, func(t *testing.T) {
			r := e.do(t, "POST", "/v3/auth/tokens", nil, scoped("alice", alicePassword, scope))
			if r.status != http.StatusCreated {
				t.Fatalf("%d %s", r.status, r.body)
			}
			tok := tokenOf(t, r)
			p, _ := tok["project"].(map[string]any)
			if p == nil || p["id"] != e.acct.ID || p["name"] != "acme" || p["domain"].(map[string]any)["id"] != e.acct.ID ||
				tok["is_domain"] != false || tok["domain"] != nil || tok["catalog"] == nil || tok["roles"] == nil {
				t.Fatalf("project-scoped token: %s", r.body)
			}
			// Validating it shows the same scope.
			sub := r.header.Get("X-Subject-Token")
			v := e.do(t, "GET", "/v3/auth/tokens", map[string]string{"X-Auth-Token": sub, "X-Subject-Token": sub}, "")
			if v.status != http.StatusOK || tokenOf(t, v)["project"] == nil || !strings.Contains(v.body, `"catalog"`) {
				t.Fatalf("validate: %d %s", v.status, v.body)
			}
		})
	}
}

// TestTokenMethod: the token method re-scopes a valid token; the new token
// keeps the original's expiry, its methods (after "token") and its audit
// chain, and a token re-scoped again keeps the first one's audit ID.
func TestTokenMethod(t *testing.T) {
	e := mustEnv(t)
	first := e.do(t, "POST", "/v3/auth/tokens", nil, passwordBody("alice", alicePassword))
	if first.status != http.StatusCreated {
		t.Fatalf("first: %d %s", first.status, first.body)
	}
	orig := tokenOf(t, first)
	origAudit := orig["audit_ids"].([]any)[0]
	e.clock.Add(10 * time.Minute)
	rescope := func(tok, scope string) response {
		body := `{"auth":{"identity":{"methods":["token"],"token":{"id":"` + tok + `"}}`
		if scope != "" {
			body += `,"scope":` + scope
		}
		return e.do(t, "POST", "/v3/auth/tokens", nil, body+`}}`)
	}
	r := rescope(first.header.Get("X-Subject-Token"), `{"project":{"name":"acme","domain":{"name":"acme"}}}`)
	if r.status != http.StatusCreated || r.header.Get("X-Subject-Token") == "" || r.header.Get("X-Subject-Token") == first.header.Get("X-Subject-Token") {
		t.Fatalf("rescope: %d %s", r.status, r.body)
	}
	got := tokenOf(t, r)
	audit := got["audit_ids"].([]any)
	if got["expires_at"] != orig["expires_at"] || got["issued_at"] == orig["issued_at"] ||
		strings.Join(anyStrings(got["methods"]), ",") != "token,password" ||
		len(audit) != 2 || audit[1] != origAudit || audit[0] == origAudit || got["project"] == nil || got["catalog"] == nil {
		t.Fatalf("re-scoped token: %s\noriginal: %s", r.body, first.body)
	}
	// Re-scoping the re-scoped token (to the domain) keeps the chain's first audit ID.
	again := rescope(r.header.Get("X-Subject-Token"), `{"domain":{"id":"`+e.acct.ID+`"}}`)
	a2 := tokenOf(t, again)["audit_ids"].([]any)
	if again.status != http.StatusCreated || len(a2) != 2 || a2[1] != origAudit || tokenOf(t, again)["domain"] == nil ||
		strings.Join(anyStrings(tokenOf(t, again)["methods"]), ",") != "token,password" {
		t.Fatalf("second re-scope: %d %s", again.status, again.body)
	}
	// The new token works; the original still does.
	for _, tok := range []string{r.header.Get("X-Subject-Token"), first.header.Get("X-Subject-Token")} {
		if s := e.do(t, "GET", "/v3/users/"+e.alice.ID, map[string]string{"X-Auth-Token": tok}, ""); s.status != http.StatusOK {
			t.Fatalf("token use: %d %s", s.status, s.body)
		}
	}
	// Another account's scope: 401 saying so; a revoked token: Keystone's 404.
	if s := rescope(first.header.Get("X-Subject-Token"), `{"project":{"id":"999999999999"}}`); s.status != http.StatusUnauthorized ||
		!strings.Contains(s.body, "requested scope is not available") {
		t.Fatalf("other scope: %d %s", s.status, s.body)
	}
	tok := first.header.Get("X-Subject-Token")
	if s := e.do(t, "DELETE", "/v3/auth/tokens", map[string]string{"X-Auth-Token": tok, "X-Subject-Token": tok}, ""); s.status != http.StatusNoContent {
		t.Fatalf("revoke: %d", s.status)
	}
	if s := rescope(tok, ""); s.status != http.StatusNotFound || !strings.Contains(s.body, "Could not find token") {
		t.Fatalf("revoked token: %d %s", s.status, s.body)
	}
	// A token past its expiry cannot be re-scoped into a fresh one.
	live := e.mustToken(t, "alice", alicePassword)
	e.clock.Add(25 * time.Hour)
	if s := rescope(live, ""); s.status != http.StatusNotFound {
		t.Fatalf("expired token: %d %s", s.status, s.body)
	}
}

func anyStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

// TestListUsers: GET /v3/users with Keystone's filters; an administrator
// lists the account's users, anyone else sees only itself.
func TestListUsers(t *testing.T) {
	e := mustEnv(t)
	off := false
	bob, err := e.svc.Users.Create(e.admin, identity.NewUser{Name: "bob", Password: "Bob-Battery-4242"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Users.Update(e.admin, bob.ID, identity.UserUpdate{Enabled: &off}); err != nil {
		t.Fatal(err)
	}
	root := map[string]string{"X-Auth-Token": e.mustToken(t, "acme", rootPassword)}
	alice := map[string]string{"X-Auth-Token": e.mustToken(t, "alice", alicePassword)}
	names := func(r response) string {
		t.Helper()
		if r.status != http.StatusOK {
			t.Fatalf("%d %s", r.status, r.body)
		}
		var out []string
		for _, u := range r.json(t)["users"].([]any) {
			out = append(out, u.(map[string]any)["name"].(string))
		}
		return strings.Join(out, ",")
	}
	tests := []struct {
		name  string
		as    map[string]string
		query string
		want  string
	}{
		{"AdminAll", root, "", "acme,alice,bob"},
		{"AdminByName", root, "?name=alice", "alice"},
		{"AdminUnknownName", root, "?name=nobody", ""},
		{"AdminEnabled", root, "?enabled=true", "acme,alice"},
		{"AdminDisabled", root, "?enabled=false", "bob"},
		{"AdminDomain", root, "?domain_id=" + e.acct.ID, "acme,alice,bob"},
		{"AdminOtherDomain", root, "?domain_id=999999999999", ""},
		{"UserSelfOnly", alice, "", "alice"},
		{"UserOtherName", alice, "?name=bob", ""},
		{"UserOwnName", alice, "?name=alice", "alice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := names(e.do(t, "GET", "/v3/users"+tt.query, tt.as, "")); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
	r := e.do(t, "GET", "/v3/users?name=alice", root, "")
	u := r.json(t)["users"].([]any)[0].(map[string]any)
	if u["id"] != e.alice.ID || u["domain_id"] != e.acct.ID || u["links"].(map[string]any)["self"] != e.srv.URL+"/v3/users/"+e.alice.ID ||
		!strings.Contains(r.body, `"links":{"self":"`+e.srv.URL+`/v3/users?name=alice","previous":null,"next":null}`) {
		t.Fatalf("user list body: %s", r.body)
	}
	if r := e.do(t, "GET", "/v3/users", nil, ""); r.status != http.StatusUnauthorized {
		t.Fatalf("no token: %d", r.status)
	}
}

// TestListUsersCap: past the cap, the list says it is truncated.
func TestListUsersCap(t *testing.T) {
	e := mustEnv(t)
	for i := range identity.MaxPageSize {
		if _, err := e.svc.Users.Create(e.admin, identity.NewUser{Name: fmt.Sprintf("u%03d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	r := e.do(t, "GET", "/v3/users", map[string]string{"X-Auth-Token": e.mustToken(t, "acme", rootPassword)}, "")
	body := r.json(t)
	if n := len(body["users"].([]any)); r.status != http.StatusOK || n != identity.MaxPageSize || body["truncated"] != true {
		t.Fatalf("%d users, truncated %v", n, body["truncated"])
	}
}

// TestDomainsAndProjects: the account is the caller's one domain and
// project, by ID, by name, and in the auth listings; the catalog needs a
// scoped token.
func TestDomainsAndProjects(t *testing.T) {
	e := mustEnv(t)
	alice := map[string]string{"X-Auth-Token": e.mustToken(t, "alice", alicePassword)}
	get := func(path string, h map[string]string) response { return e.do(t, "GET", path, h, "") }
	if r := get("/v3/domains/"+e.acct.ID, alice); r.status != http.StatusOK ||
		!strings.Contains(r.body, `"domain":{"description":"","enabled":true,"id":"`+e.acct.ID+`","links":{"self":"`+e.srv.URL+`/v3/domains/`+e.acct.ID+`"},"name":"acme"`) {
		t.Fatalf("domain: %d %s", r.status, r.body)
	}
	for _, p := range []string{"/v3/domains/999999999999", "/v3/domains/acme", "/v3/projects/999999999999"} {
		if r := get(p, alice); r.status != http.StatusNotFound || !strings.Contains(r.body, "Could not find ") {
			t.Fatalf("%s: %d %s", p, r.status, r.body)
		}
	}
	count := func(path, key string) int {
		t.Helper()
		r := get(path, alice)
		if r.status != http.StatusOK {
			t.Fatalf("%s: %d %s", path, r.status, r.body)
		}
		list := r.json(t)[key].([]any)
		for _, x := range list {
			if x.(map[string]any)["id"] != e.acct.ID || x.(map[string]any)["name"] != "acme" {
				t.Fatalf("%s: %s", path, r.body)
			}
		}
		return len(list)
	}
	for path, want := range map[string]int{
		"/v3/domains?name=acme": 1, "/v3/domains?name=other": 0, "/v3/domains": 1, "/v3/auth/domains": 1,
		"/v3/projects": 1, "/v3/projects?name=acme&domain_id=" + e.acct.ID: 1, "/v3/projects?domain_id=x": 0,
		"/v3/auth/projects": 1, "/v3/users/" + e.alice.ID + "/projects": 1,
	} {
		key := "projects"
		if strings.Contains(path, "domains") {
			key = "domains"
		}
		if got := count(path, key); got != want {
			t.Errorf("%s: %d, want %d", path, got, want)
		}
	}
	if r := get("/v3/projects/"+e.acct.ID, alice); r.status != http.StatusOK || !strings.Contains(r.body, `"domain_id":"`+e.acct.ID+`"`) ||
		!strings.Contains(r.body, `"is_domain":false`) {
		t.Fatalf("project: %d %s", r.status, r.body)
	}
	// Another user's projects: alice is no administrator.
	if r := get("/v3/users/"+e.root.ID+"/projects", alice); r.status != http.StatusForbidden {
		t.Fatalf("root's projects as alice: %d %s", r.status, r.body)
	}
	// The catalog: 403 for an unscoped token, the identity service for a scoped one.
	if r := get("/v3/auth/catalog", alice); r.status != http.StatusForbidden {
		t.Fatalf("catalog of an unscoped token: %d %s", r.status, r.body)
	}
	sc := e.do(t, "POST", "/v3/auth/tokens", nil, scoped("alice", alicePassword, `{"project":{"id":"`+e.acct.ID+`"}}`))
	r := get("/v3/auth/catalog", map[string]string{"X-Auth-Token": sc.header.Get("X-Subject-Token")})
	if r.status != http.StatusOK || !strings.Contains(r.body, `"url":"`+e.srv.URL+`/v3"`) || !strings.Contains(r.body, `"type":"identity"`) {
		t.Fatalf("catalog: %d %s", r.status, r.body)
	}
}

// TestPasswordChangeRevokesEveryToken: after POST /v3/users/{id}/password
// every token of the user is revoked, the one that made the call included
// (Keystone's rule on this face).
func TestPasswordChangeRevokesEveryToken(t *testing.T) {
	e := mustEnv(t)
	caller, other := e.mustToken(t, "alice", alicePassword), e.mustToken(t, "alice", alicePassword)
	r := e.change(t, caller, e.alice.ID, alicePassword, "Fresh-Battery-4242")
	if r.status != http.StatusNoContent {
		t.Fatalf("change: %d %s", r.status, r.body)
	}
	for _, tok := range []string{caller, other} {
		if r := e.do(t, "GET", "/v3/users/"+e.alice.ID, map[string]string{"X-Auth-Token": tok}, ""); r.status != http.StatusUnauthorized {
			t.Fatalf("token after change: %d %s", r.status, r.body)
		}
	}
}

// TestMethodNamesTrimmed: Huawei's SDK sends " totp"; the method is totp.
func TestMethodNamesTrimmed(t *testing.T) {
	e := mustEnv(t)
	secret, _ := e.mustBindDevice(t, e.mustToken(t, "alice", alicePassword))
	if r := e.setLoginProtect(t, e.mustToken(t, "acme", rootPassword), `{"login_protect":{"enabled":true,"verification_method":"vmfa"}}`); r.status != http.StatusOK {
		t.Fatalf("vmfa: %d %s", r.status, r.body)
	}
	e.clock.Add(30 * time.Second)
	body := `{"auth":{"identity":{"methods":["password"," totp"],"password":{"user":{"name":"alice","domain":{"name":"acme"},"password":"` +
		alicePassword + `"}},"totp":{"user":{"id":"` + e.alice.ID + `","passcode":"` + verify.TOTPCode(secret, e.clock.Now()) + `"}}}}}`
	r := e.do(t, "POST", "/v3/auth/tokens", nil, body)
	if r.status != http.StatusCreated || strings.Join(anyStrings(tokenOf(t, r)["methods"]), ",") != "password,totp" {
		t.Fatalf("%d %s", r.status, r.body)
	}
}

// TestTOTPAlone: a passcode without the password gets Keystone's receipt
// asking for the password; the password with the receipt gets the token.
// A wrong passcode, or an unknown user, gets the plain 401.
func TestTOTPAlone(t *testing.T) {
	e := mustEnv(t)
	root := e.mustToken(t, "acme", rootPassword)
	secret, _ := e.mustBindDevice(t, e.mustToken(t, "alice", alicePassword))
	if r := e.setLoginProtect(t, root, `{"login_protect":{"enabled":true,"verification_method":"vmfa"}}`); r.status != http.StatusOK {
		t.Fatalf("vmfa: %d %s", r.status, r.body)
	}
	totp := func(user, code string) string {
		return `{"auth":{"identity":{"methods":["totp"],"totp":{"user":{"name":"` + user + `","domain":{"name":"acme"},"passcode":"` + code + `"}}}}}`
	}
	for name, body := range map[string]string{"WrongCode": totp("alice", "000000"), "UnknownUser": totp("nobody", "123456")} {
		if r := e.do(t, "POST", "/v3/auth/tokens", nil, body); r.status != http.StatusUnauthorized ||
			r.header.Get("Openstack-Auth-Receipt") != "" || !strings.Contains(r.body, `"error"`) {
			t.Fatalf("%s: %d %s", name, r.status, r.body)
		}
	}
	e.clock.Add(30 * time.Second)
	code := verify.TOTPCode(secret, e.clock.Now())
	r := e.do(t, "POST", "/v3/auth/tokens", nil, totp("alice", code))
	receipt := r.header.Get("Openstack-Auth-Receipt")
	if r.status != http.StatusUnauthorized || receipt == "" || !strings.Contains(r.body, `"required_auth_methods":[["password","totp"]]`) ||
		!strings.Contains(r.body, `"receipt":{"methods":["totp"]`) {
		t.Fatalf("totp alone: %d %s", r.status, r.body)
	}
	// The same passcode does not start a second login.
	if r := e.do(t, "POST", "/v3/auth/tokens", nil, totp("alice", code)); r.status != http.StatusUnauthorized || r.header.Get("Openstack-Auth-Receipt") != "" {
		t.Fatalf("replayed passcode: %d %s", r.status, r.body)
	}
	withReceipt := map[string]string{"Openstack-Auth-Receipt": receipt}
	if r := e.do(t, "POST", "/v3/auth/tokens", withReceipt, passwordBody("alice", "wrong")); r.status != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d %s", r.status, r.body)
	}
	r = e.do(t, "POST", "/v3/auth/tokens", withReceipt, scoped("alice", alicePassword, `{"project":{"id":"`+e.acct.ID+`"}}`))
	if r.status != http.StatusCreated || strings.Join(anyStrings(tokenOf(t, r)["methods"]), ",") != "totp,password" ||
		tokenOf(t, r)["project"] == nil {
		t.Fatalf("password with receipt: %d %s", r.status, r.body)
	}
	if r := e.do(t, "POST", "/v3/auth/tokens", withReceipt, passwordBody("alice", alicePassword)); r.status != http.StatusUnauthorized {
		t.Fatalf("receipt reused: %d %s", r.status, r.body)
	}
}

// TestTokenMethodKeepsLimits: a re-scoped token gives nothing the original
// did not: a token restricted to a password change stays restricted, and an
// API client's token (no user) cannot be re-scoped.
func TestTokenMethodKeepsLimits(t *testing.T) {
	e := mustEnv(t)
	const pw = "Admin-Set-Battery-42"
	bob, err := e.svc.Users.Create(e.admin, identity.NewUser{Name: "bob", Admin: true, Password: pw, ForceChange: true})
	if err != nil {
		t.Fatal(err)
	}
	body := func(tok string) string {
		return `{"auth":{"identity":{"methods":["token"],"token":{"id":"` + tok + `"}},"scope":{"project":{"id":"` + e.acct.ID + `"}}}}`
	}
	r := e.do(t, "POST", "/v3/auth/tokens", nil, body(e.mustToken(t, "bob", pw)))
	if r.status != http.StatusCreated {
		t.Fatalf("re-scope a restricted token: %d %s", r.status, r.body)
	}
	if p := e.do(t, "PATCH", "/v3/users/"+e.alice.ID, map[string]string{"X-Auth-Token": r.header.Get("X-Subject-Token")},
		`{"user":{"description":"x"}}`); p.status != http.StatusForbidden {
		t.Fatalf("the re-scoped token of a restricted one is not restricted: %d %s", p.status, p.body)
	}
	if s := e.do(t, "GET", "/v3/users/"+bob.ID, map[string]string{"X-Auth-Token": r.header.Get("X-Subject-Token")}, ""); s.status != http.StatusOK {
		t.Fatalf("the restricted token reads its user: %d %s", s.status, s.body)
	}
	c, err := e.svc.Auth.CreateClient(e.admin, "ci")
	if err != nil {
		t.Fatal(err)
	}
	ctok, _, err := e.svc.Auth.ClientToken(e.admin, c.Client.ID, c.Secret)
	if err != nil {
		t.Fatal(err)
	}
	if r := e.do(t, "POST", "/v3/auth/tokens", nil, body(ctok)); r.status != http.StatusForbidden {
		t.Fatalf("re-scope an API client's token: %d %s", r.status, r.body)
	}
}
