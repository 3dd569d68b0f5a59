package keystone_test

import (
	"context"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/tokens"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, after replacing what varies
// between runs (IDs, times, the server's port) with placeholders.
func golden(t *testing.T, name, got string, replace map[string]string) {
	t.Helper()
	for from, to := range replace {
		got = strings.ReplaceAll(got, from, to)
	}
	got = timeRE.ReplaceAllString(got, "<time>")
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

var timeRE = regexp.MustCompile(`\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d\.\d+Z?`)

func TestGophercloudTokens(t *testing.T) {
	e := mustEnv(t)
	ctx := context.Background()
	idc := e.mustIdentityClient(t, "alice", alicePassword)
	own := idc.ProviderClient.Token()
	if own == "" {
		t.Fatal("no token from AuthenticatedClient")
	}

	// A second token of alice, created, shown, validated and revoked with her first.
	res := tokens.Create(ctx, idc, &tokens.AuthOptions{Username: "alice", DomainName: "acme", Password: alicePassword})
	second, err := res.ExtractTokenID()
	if err != nil || second == "" || second == own {
		t.Fatalf("create: %q %v", second, err)
	}
	tok, err := res.ExtractToken()
	if err != nil || tok.ExpiresAt.IsZero() {
		t.Fatalf("extract token: %+v %v", tok, err)
	}
	user, err := tokens.Get(ctx, idc, second).ExtractUser()
	if err != nil || user.ID != e.alice.ID || user.Name != "alice" || user.Domain.ID != e.acct.ID || user.Domain.Name != "acme" {
		t.Fatalf("get: %+v %v", user, err)
	}
	if ok, err := tokens.Validate(ctx, idc, second); err != nil || !ok {
		t.Fatalf("validate: %v %v", ok, err)
	}
	if err := tokens.Revoke(ctx, idc, second).Err; err != nil {
		t.Fatalf("revoke: %v", err)
	}
	if ok, err := tokens.Validate(ctx, idc, second); err != nil || ok {
		t.Fatalf("validate after revoke: %v %v", ok, err)
	}
	// A revoked token no longer authenticates.
	r := e.do(t, "GET", "/v3/users/"+e.alice.ID, map[string]string{"X-Auth-Token": second}, "")
	if r.status != http.StatusUnauthorized {
		t.Fatalf("revoked token used: %d %s", r.status, r.body)
	}
	// Nor does a token another user of the account cannot see: 404, as unknown.
	bob := e.mustToken(t, "acme", rootPassword)
	r = e.do(t, "GET", "/v3/auth/tokens", map[string]string{"X-Auth-Token": own, "X-Subject-Token": bob}, "")
	if r.status != http.StatusNotFound {
		t.Fatalf("alice saw the root user's token: %d %s", r.status, r.body)
	}
	// The administrator may see alice's.
	r = e.do(t, "GET", "/v3/auth/tokens", map[string]string{"X-Auth-Token": bob, "X-Subject-Token": own}, "")
	if r.status != http.StatusOK || r.header.Get("X-Subject-Token") != own {
		t.Fatalf("admin validate: %d %s", r.status, r.body)
	}
}

func TestTokenBodies(t *testing.T) {
	e := mustEnv(t)
	replace := func(token string) map[string]string {
		return map[string]string{e.alice.ID: "<user_id>", e.acct.ID: "<domain_id>", e.srv.URL: "http://<host>", token: "<token>"}
	}
	body := `{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"alice","domain":{"name":"acme"},"password":"` +
		alicePassword + `"}}},"scope":{"domain":{"name":"acme"}}}}`
	r := e.do(t, "POST", "/v3/auth/tokens", nil, body)
	tok := r.header.Get("X-Subject-Token")
	if r.status != http.StatusCreated || tok == "" {
		t.Fatalf("scoped: %d %s", r.status, r.body)
	}
	audit := r.json(t)["token"].(map[string]any)["audit_ids"].([]any)[0].(string)
	rep := replace(tok)
	rep[audit] = "<audit_id>"
	golden(t, "token_scoped.json", pretty(t, r.body), rep)

	// Validation shows the same token, scope and all.
	v := e.do(t, "GET", "/v3/auth/tokens", map[string]string{"X-Auth-Token": tok, "X-Subject-Token": tok}, "")
	if v.status != http.StatusOK {
		t.Fatalf("validate: %d %s", v.status, v.body)
	}
	golden(t, "token_scoped.json", pretty(t, v.body), rep)

	// nocatalog drops the catalog; an unscoped token never has one.
	r = e.do(t, "POST", "/v3/auth/tokens?nocatalog", nil, body)
	if strings.Contains(r.body, "catalog") || !strings.Contains(r.body, `"roles"`) {
		t.Fatalf("nocatalog: %s", r.body)
	}
	body = `{"auth":{"identity":{"methods":["password"],"password":{"user":{"id":"` + e.alice.ID + `","password":"` +
		alicePassword + `"}}}}}`
	r = e.do(t, "POST", "/v3/auth/tokens", nil, body)
	tok = r.header.Get("X-Subject-Token")
	if r.status != http.StatusCreated {
		t.Fatalf("by user id: %d %s", r.status, r.body)
	}
	audit = r.json(t)["token"].(map[string]any)["audit_ids"].([]any)[0].(string)
	rep = replace(tok)
	rep[audit] = "<audit_id>"
	golden(t, "token_unscoped.json", pretty(t, r.body), rep)
}

func TestTokenCreateErrors(t *testing.T) {
	e := mustEnv(t)
	pw := func(user, domain, password string) string {
		return `{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"` + user + `","domain":{` + domain +
			`},"password":"` + password + `"}}}}}`
	}
	tests := []struct {
		name   string
		body   string
		status int
		golden string
	}{
		{"WrongPassword", pw("alice", `"name":"acme"`, "nope"), 401, "error_401.json"},
		{"UnknownUser", pw("nobody", `"name":"acme"`, "nope"), 401, "error_401.json"},
		{"UnknownDomain", pw("alice", `"name":"nowhere"`, alicePassword), 401, "error_401.json"},
		{"UnknownDomainID", pw("alice", `"id":"999999999999"`, alicePassword), 401, "error_401.json"},
		{"UnknownUserID", `{"auth":{"identity":{"methods":["password"],"password":{"user":{"id":"0123456789abcdef0123456789abcdef","password":"x"}}}}}`, 401, "error_401.json"},
		{"OtherDomainScope", strings.Replace(pw("alice", `"name":"acme"`, alicePassword), `}}}}`, `}}},"scope":{"domain":{"name":"other"}}}`, 1), 401, "error_401_scope.json"},
		{"OtherProjectScope", strings.Replace(pw("alice", `"name":"acme"`, alicePassword), `}}}}`, `}}},"scope":{"project":{"id":"p1"}}}`, 1), 401, "error_401_scope.json"},
		{"OtherDomainProjectScope", strings.Replace(pw("alice", `"name":"acme"`, alicePassword), `}}}}`, `}}},"scope":{"project":{"name":"acme","domain":{"name":"default"}}}}`, 1), 401, "error_401_scope.json"},
		{"WrongPasswordOtherScope", strings.Replace(pw("alice", `"name":"acme"`, "nope"), `}}}}`, `}}},"scope":{"project":{"id":"p1"}}}`, 1), 401, "error_401.json"},
		{"SystemScope", strings.Replace(pw("alice", `"name":"acme"`, alicePassword), `}}}}`, `}}},"scope":{"system":{"all":true}}}`, 1), 401, "error_401_system.json"},
		{"ProjectNameWithoutDomain", strings.Replace(pw("alice", `"name":"acme"`, alicePassword), `}}}}`, `}}},"scope":{"project":{"name":"acme"}}}`, 1), 400, ""},
		{"UnsupportedMethod", `{"auth":{"identity":{"methods":["oauth1"],"oauth1":{}}}}`, 401, "error_401_method.json"},
		{"UnknownToken", `{"auth":{"identity":{"methods":["token"],"token":{"id":"x"}}}}`, 404, ""},
		{"TokenWithoutID", `{"auth":{"identity":{"methods":["token"],"token":{}}}}`, 400, ""},
		{"MissingPasswordObject", `{"auth":{"identity":{"methods":["password"]}}}`, 400, "error_400_expecting.json"},
		{"NotJSON", `{"auth":`, 400, "error_400_json.json"},
		{"NoMethods", `{"auth":{"identity":{}}}`, 400, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(t, "POST", "/v3/auth/tokens", nil, tt.body)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
			if tt.status == 401 && r.header.Get("WWW-Authenticate") != `Keystone uri="`+e.srv.URL+`"` {
				t.Errorf("WWW-Authenticate: %q", r.header.Get("WWW-Authenticate"))
			}
			if tt.golden != "" {
				golden(t, tt.golden, pretty(t, r.body), nil)
			}
		})
	}
}

// TestTokenGophercloudErrors checks the errors gophercloud clients see.
func TestTokenGophercloudErrors(t *testing.T) {
	e := mustEnv(t)
	ctx := context.Background()
	idc := e.mustIdentityClient(t, "alice", alicePassword)
	_, err := tokens.Create(ctx, idc, &tokens.AuthOptions{Username: "alice", DomainName: "acme", Password: "wrong"}).ExtractTokenID()
	if !gophercloud.ResponseCodeIs(err, http.StatusUnauthorized) {
		t.Fatalf("wrong password: %v", err)
	}
	if ok, err := tokens.Validate(ctx, idc, "not-a-token"); ok || err != nil {
		t.Fatalf("validate unknown: %v %v", ok, err)
	}
	r := e.do(t, "GET", "/v3/auth/tokens", map[string]string{"X-Auth-Token": idc.ProviderClient.Token(), "X-Subject-Token": "not-a-token"}, "")
	golden(t, "error_404_token.json", pretty(t, r.body), nil)
}

func TestVersion(t *testing.T) {
	e := mustEnv(t)
	for _, p := range []string{"/v3", "/v3/"} {
		r := e.do(t, "GET", p, nil, "")
		if r.status != http.StatusOK || !strings.Contains(r.body, `"id":"v3.14"`) || !strings.Contains(r.body, e.srv.URL+"/v3/") {
			t.Fatalf("%s: %d %s", p, r.status, r.body)
		}
	}
	if r := e.do(t, "GET", "/v3/no/such/thing", nil, ""); r.status != http.StatusNotFound || !strings.Contains(r.body, `"code":404`) {
		t.Fatalf("unknown path: %d %s", r.status, r.body)
	}
	if r := e.do(t, "GET", "/v3.0/OS-NOPE", nil, ""); r.status != http.StatusNotFound || !strings.Contains(r.body, `"error_code":"IAM.0004"`) {
		t.Fatalf("unknown Huawei path: %d %s", r.status, r.body)
	}
}
