package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/api/client"
	"github.com/watchword/watchword/internal/verify"
)

// TestOpenStackCLI drives the real server with Debian's unmodified
// OpenStack command-line client (python3-openstackclient, keystoneauth1),
// as a user with an openrc would: project-scoped (OS_PROJECT_NAME) and
// domain-scoped tokens, user list, user show and user set --password by
// name as the administrator, user password set, --os-auth-type token, token
// revoke, and TOTP through v3multifactor (and v3totp alone, which gets
// Keystone's receipt asking for the password). The client starts slowly,
// so the invocations are few and the independent ones run together.
func TestOpenStackCLI(t *testing.T) {
	osc := mustOpenStackCLI(t)
	// A fixed port: the catalog's endpoint is the public URL, which
	// defaults to the listen address as configured, and port 0 is not one
	// the client can reach.
	s := MustServe(t, append(bootstrapFlags(), "--data", t.TempDir(), "--addr", mustFreeAddr(t))...)
	ctx := context.Background()
	root := MustLogin(t, s, client.Credentials{Account: "acme", Password: rootPassword})
	acct, err := root.Account(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const alicePW = "Alice-First-Battery-42"
	alice, err := root.CreateUser(ctx, client.NewUser{Name: "alice", Password: alicePW})
	if err != nil {
		t.Fatal(err)
	}
	ks := &keystoneHTTP{t: t, base: s.URL}
	home := t.TempDir()
	// An openrc as Keystone deployments hand out: the project by name in
	// its domain, the user's domain by name.
	openrc := func(user, pw string, extra ...string) []string {
		return append([]string{"OS_AUTH_URL=" + s.URL + "/v3", "OS_IDENTITY_API_VERSION=3", "HOME=" + home,
			"OS_USERNAME=" + user, "OS_PASSWORD=" + pw, "OS_USER_DOMAIN_NAME=acme",
			"OS_PROJECT_NAME=acme", "OS_PROJECT_DOMAIN_NAME=acme"}, extra...)
	}
	admin := openrc("acme", rootPassword)

	// Read-only calls of the administrator, together.
	var project, domain map[string]any
	var users []map[string]any
	var shown map[string]any
	parallel(
		func() { osc.mustJSON(t, admin, &project, "token", "issue") },
		func() {
			// --os-domain-name asks for a domain scope instead of the project.
			env := []string{"OS_AUTH_URL=" + s.URL + "/v3", "OS_IDENTITY_API_VERSION=3", "HOME=" + home,
				"OS_USERNAME=acme", "OS_PASSWORD=" + rootPassword, "OS_USER_DOMAIN_NAME=acme"}
			osc.mustJSON(t, env, &domain, "--os-domain-name", "acme", "token", "issue")
		},
		func() { osc.mustJSON(t, admin, &users, "user", "list") },
		func() { osc.mustJSON(t, admin, &shown, "user", "show", "alice") },
	)
	if project["project_id"] != acct.ID || project["user_id"] == "" || project["id"] == "" {
		t.Errorf("project-scoped token: %v", project)
	}
	if domain["domain_id"] != acct.ID || domain["project_id"] != nil {
		t.Errorf("domain-scoped token: %v", domain)
	}
	if len(users) != 2 || users[0]["Name"] != "acme" || users[1]["Name"] != "alice" || users[1]["ID"] != alice.ID {
		t.Errorf("user list: %v", users)
	}
	if shown["id"] != alice.ID || shown["name"] != "alice" || shown["domain_id"] != acct.ID || shown["enabled"] != true {
		t.Errorf("user show alice: %v", shown)
	}

	// The administrator sets alice's password by name.
	const setPW, ownPW = "Alice-Admin-Set-4242", "Alice-Own-Choice-4242"
	osc.mustRun(t, admin, "user", "set", "--password", setPW, "alice")
	if _, err := s.Client.Login(ctx, client.Credentials{Account: "acme", Username: "alice", Password: setPW}); err != nil {
		t.Fatalf("alice with the password the administrator set: %v", err)
	}

	// alice changes her own; every token she had is revoked, as Keystone does.
	before := ks.mustToken("alice", setPW)
	osc.mustRun(t, openrc("alice", setPW), "user", "password", "set", "--original-password", setPW, "--password", ownPW)
	if st, _, _ := ks.do("GET", "/v3/users/"+alice.ID, map[string]string{"X-Auth-Token": before}, ""); st != http.StatusUnauthorized {
		t.Fatalf("a token from before the change: %d", st)
	}

	// --os-auth-type token re-scopes a token; token revoke ends it.
	tok := ks.mustToken("alice", ownPW)
	byToken := []string{"OS_AUTH_URL=" + s.URL + "/v3", "OS_IDENTITY_API_VERSION=3", "HOME=" + home,
		"OS_AUTH_TYPE=token", "OS_TOKEN=" + tok, "OS_PROJECT_NAME=acme", "OS_PROJECT_DOMAIN_NAME=acme"}
	var rescoped map[string]any
	osc.mustJSON(t, byToken, &rescoped, "token", "issue")
	if rescoped["id"] == tok || rescoped["id"] == "" || rescoped["project_id"] != acct.ID || rescoped["user_id"] != alice.ID {
		t.Fatalf("token re-scoped: %v", rescoped)
	}
	osc.mustRun(t, byToken, "token", "revoke", tok)
	if st, _, _ := ks.do("GET", "/v3/users/"+alice.ID, map[string]string{"X-Auth-Token": tok}, ""); st != http.StatusUnauthorized {
		t.Fatalf("a revoked token: %d", st)
	}

	// TOTP: alice binds a virtual MFA device (Huawei's calls), the
	// administrator makes it her login verification.
	secret := ks.mustBindDevice(ks.mustToken("alice", ownPW), alice.ID, time.Now())
	rootTok := ks.mustToken("acme", rootPassword)
	if st, _, body := ks.do("PUT", "/v3.0/OS-USER/users/"+alice.ID+"/login-protect", map[string]string{"X-Auth-Token": rootTok},
		`{"login_protect":{"enabled":true,"verification_method":"vmfa"}}`); st != http.StatusOK {
		t.Fatalf("login protect: %d %s", st, body)
	}
	// The bind spent the step before now; the passcodes are now's and the next one's.
	now := time.Now()
	totpEnv := []string{"OS_AUTH_URL=" + s.URL + "/v3", "OS_IDENTITY_API_VERSION=3", "HOME=" + home,
		"OS_USERNAME=alice", "OS_USER_DOMAIN_NAME=acme", "OS_PROJECT_NAME=acme", "OS_PROJECT_DOMAIN_NAME=acme"}
	out, err := osc.run(append(totpEnv, "OS_AUTH_TYPE=v3totp", "OS_PASSCODE="+verify.TOTPCode(secret, now)), "token", "issue")
	// keystoneauth's MissingAuthMethods, raised by the receipt.
	if err == nil || !strings.Contains(out, "Not all required auth rules were satisfied: [['password', 'totp']]") {
		t.Fatalf("v3totp alone should be asked for the password: %v\n%s", err, out)
	}
	// v3multifactor's auth_methods is a list, which the client reads
	// character by character from OS_AUTH_METHODS or --os-auth-methods
	// ("The plugin v could not be found"): clouds.yaml is how it works.
	cloud := "clouds:\n  mfa:\n    auth_type: v3multifactor\n    identity_api_version: 3\n    auth:\n" +
		"      auth_url: " + s.URL + "/v3\n      username: alice\n      user_domain_name: acme\n" +
		"      password: " + ownPW + "\n      passcode: \"" + verify.TOTPCode(secret, now.Add(30*time.Second)) + "\"\n" +
		"      auth_methods: [v3password, v3totp]\n      project_name: acme\n      project_domain_name: acme\n"
	if err := os.MkdirAll(home+"/.config/openstack", 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(home+"/.config/openstack/clouds.yaml", []byte(cloud), 0o600); err != nil {
		t.Fatal(err)
	}
	var mfa map[string]any
	osc.mustJSON(t, []string{"HOME=" + home, "OS_CLOUD=mfa"}, &mfa, "token", "issue")
	if mfa["project_id"] != acct.ID || mfa["user_id"] != alice.ID {
		t.Fatalf("v3multifactor: %v", mfa)
	}
}

// mustFreeAddr returns a loopback address with a port free right now.
func mustFreeAddr(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// openStackCLI runs the `openstack` command.
type openStackCLI struct{ path string }

// mustOpenStackCLI finds Debian's openstack client, which
// scripts/install-test-deps installs: a machine without it fails the test
// rather than skipping it; only the -short lane leaves it out, as it leaves
// out Chromium.
func mustOpenStackCLI(tb testing.TB) openStackCLI {
	tb.Helper()
	if testing.Short() {
		tb.Skip("needs the openstack client; the -short lane leaves it out (./scripts/test runs it)")
	}
	p, err := exec.LookPath("openstack")
	if err != nil {
		tb.Fatal("the openstack client is missing: run scripts/install-test-deps (apt-get install python3-openstackclient)")
	}
	return openStackCLI{path: p}
}

// run runs openstack with env (and no OS_* variable of the test's own) and
// returns its combined output.
func (c openStackCLI) run(env []string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.path, args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "OS_") && !strings.HasPrefix(kv, "HOME=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

func (c openStackCLI) mustRun(tb testing.TB, env []string, args ...string) string {
	tb.Helper()
	out, err := c.run(env, args...)
	if err != nil {
		tb.Fatalf("openstack %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// mustJSON runs a command with -f json and decodes its output into v.
func (c openStackCLI) mustJSON(tb testing.TB, env []string, v any, args ...string) {
	tb.Helper()
	out, err := c.run(env, append(args, "-f", "json")...)
	if err != nil {
		tb.Errorf("openstack %s: %v\n%s", strings.Join(args, " "), err, out)
		return
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		tb.Errorf("openstack %s: not JSON: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// parallel runs fns at once and waits for them.
func parallel(fns ...func()) {
	var wg sync.WaitGroup
	for _, fn := range fns {
		wg.Go(fn)
	}
	wg.Wait()
}

// keystoneHTTP makes the Keystone and Huawei calls the CLI has no command for.
type keystoneHTTP struct {
	t    *testing.T
	base string
}

func (k *keystoneHTTP) do(method, path string, headers map[string]string, body string) (int, http.Header, string) {
	k.t.Helper()
	req, err := http.NewRequest(method, k.base+path, strings.NewReader(body))
	if err != nil {
		k.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for h, v := range headers {
		req.Header.Set(h, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		k.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(b)
}

// mustToken gets an unscoped token of a user of acme.
func (k *keystoneHTTP) mustToken(user, pw string) string {
	k.t.Helper()
	st, h, body := k.do("POST", "/v3/auth/tokens", nil, `{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"`+
		user+`","domain":{"name":"acme"},"password":"`+pw+`"}}}}}`)
	if st != http.StatusCreated {
		k.t.Fatalf("token of %s: %d %s", user, st, body)
	}
	return h.Get("X-Subject-Token")
}

// mustBindDevice creates and binds a virtual MFA device for the user with
// its token, spending the step before now, and returns the secret.
func (k *keystoneHTTP) mustBindDevice(tok, userID string, now time.Time) string {
	k.t.Helper()
	auth := map[string]string{"X-Auth-Token": tok}
	st, _, body := k.do("POST", "/v3.0/OS-MFA/virtual-mfa-devices", auth, `{"virtual_mfa_device":{"name":"phone","user_id":"`+userID+`"}}`)
	var dev struct {
		Device struct {
			Seed   string `json:"base32_string_seed"`
			Serial string `json:"serial_number"`
		} `json:"virtual_mfa_device"`
	}
	if st != http.StatusCreated || json.Unmarshal([]byte(body), &dev) != nil {
		k.t.Fatalf("create device: %d %s", st, body)
	}
	secret := dev.Device.Seed
	st, _, body = k.do("PUT", "/v3.0/OS-MFA/mfa-devices/bind", auth, `{"user_id":"`+userID+`","serial_number":"`+dev.Device.Serial+
		`","authentication_code_first":"`+verify.TOTPCode(secret, now.Add(-60*time.Second))+
		`","authentication_code_second":"`+verify.TOTPCode(secret, now.Add(-30*time.Second))+`"}`)
	if st != http.StatusNoContent {
		k.t.Fatalf("bind: %d %s", st, body)
	}
	return secret
}
