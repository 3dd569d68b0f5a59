package e2e_test

import (
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

// TestClient drives every client command through the real binary against
// one real server, in the order a person would: profiles and login, their
// own details, keys and the Outscale calls, administration, then a second
// user's self-service (password, email, login verification, MFA, sessions),
// forgotten passwords, and tokens that no longer work.
func TestClient(t *testing.T) {
	data := t.TempDir()
	s := MustServe(t, append([]string{"--data", data}, bootstrapFlags()...)...)
	box := newMailbox(data)
	root := newCLIHome(t)

	t.Run("ExitCodes", func(t *testing.T) { clientExitCodes(t, root) })
	t.Run("ErrNotLoggedIn", func(t *testing.T) {
		root.fail(t, 1, "", []string{"me", "show"}, "no endpoint", "watchword login --endpoint")
		root.fail(t, 1, "", []string{"me", "show", "--endpoint", s.URL}, `profile "default" is not logged in`, "run `watchword login")
		root.fail(t, 1, "", []string{"login", "--endpoint", s.URL, "--account", "acme"}, "no terminal", "--password-stdin")
		root.fail(t, 2, "", []string{"login", "--endpoint", s.URL, "--password-stdin"}, "--account NAME")
		root.fail(t, 1, "wrong-password\n", []string{"login", "--endpoint", s.URL, "--account", "acme", "--password-stdin"},
			"the login or password is incorrect (auth.invalid_credentials, HTTP 401)")
	})
	t.Run("LoginAndProfileFile", func(t *testing.T) {
		r := root.run(t, "", "login", "--endpoint", s.URL, "--account", "acme", "--password", rootPassword, "-o", "json")
		if r.code != 0 || !strings.Contains(r.stderr, "warning: --password") {
			t.Fatalf("login --password:\n%s", r)
		}
		var got struct {
			Profile, Endpoint, AccountID, UserID string
			ExpiresAt                            time.Time `json:"expires_at"`
		}
		mustJSON(t, r.stdout, &got)
		if got.Profile != "default" || got.Endpoint != s.URL || got.ExpiresAt.Before(time.Now()) {
			t.Fatalf("login -o json: %s", r.stdout)
		}
		fi, err := os.Stat(root.profilesPath())
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("profiles file: %v %v", fi, err)
		}
		if di, err := os.Stat(strings.TrimSuffix(root.profilesPath(), "/config.json")); err != nil || di.Mode().Perm() != 0o700 {
			t.Fatalf("profiles dir: %v %v", di, err)
		}
		var views []map[string]any
		mustJSON(t, root.ok(t, "", "profile", "list", "-o", "json"), &views)
		if len(views) != 1 || views[0]["name"] != "default" || views[0]["current"] != true || views[0]["logged_in"] != true ||
			views[0]["endpoint"] != s.URL || views[0]["account"] != "acme" {
			t.Fatalf("profile list: %v", views)
		}
		raw, _ := os.ReadFile(root.profilesPath())
		if show := root.ok(t, "", "profile", "show"); strings.Contains(show, tokenOf(t, raw)) {
			t.Fatalf("profile show prints the token:\n%s", show)
		}
	})
	t.Run("Profiles", func(t *testing.T) { clientProfiles(t, s, root) })
	t.Run("Me", func(t *testing.T) {
		var me map[string]any
		mustJSON(t, root.ok(t, "", "me", "show", "-o", "json"), &me)
		if me["name"] != "acme" || me["root"] != true || me["email"] != "root@acme.test" {
			t.Fatalf("me show: %v", me)
		}
		if out := root.ok(t, "", "me", "show"); !regexp.MustCompile(`(?m)^email:\s+root@acme.test`).MatchString(out) {
			t.Fatalf("me show (text): %s", out)
		}
		mustJSON(t, root.ok(t, "", "me", "update", "--display-name", "Root of Acme", "-o", "json"), &me)
		if me["display_name"] != "Root of Acme" {
			t.Fatalf("me update: %v", me)
		}
		root.fail(t, 2, "", []string{"me", "update"}, "nothing to change")
		var ac map[string]any
		mustJSON(t, root.ok(t, "", "account", "update", "--company-name", "Acme Corp", "--additional-emails", "ops@acme.test", "-o", "json"), &ac)
		if ac["company_name"] != "Acme Corp" || len(ac["additional_emails"].([]any)) != 1 || ac["email"] != "root@acme.test" {
			t.Fatalf("account update: %v", ac)
		}
		if out := root.ok(t, "", "account", "show"); !regexp.MustCompile(`(?m)^company:\s+Acme Corp$`).MatchString(out) {
			t.Fatalf("account show: %s", out)
		}
		root.fail(t, 2, "", []string{"account", "update", "--profile", "default"}, "nothing to change")
		root.fail(t, 2, "", []string{"me", "show", "-o", "yaml"}, `--output "yaml"`)
	})
	t.Run("KeysAndOutscale", func(t *testing.T) { clientKeysAndOutscale(t, s, root) })
	t.Run("Admin", func(t *testing.T) { clientAdmin(t, root) })
	bob := newCLIHome(t)
	bob.env = append(bob.env, "WATCHWORD_ENDPOINT="+s.URL)
	t.Run("SelfService", func(t *testing.T) { clientSelfService(t, bob, box) })
	t.Run("AdminOnBob", func(t *testing.T) {
		// An administrator's view of bob: keys by name, and a lost MFA device.
		var k map[string]any
		mustJSON(t, root.ok(t, "", "keys", "create", "--user", "bob", "--tag", "for-bob", "-o", "json"), &k)
		var keys []map[string]any
		mustJSON(t, bob.ok(t, "", "keys", "list", "-o", "json"), &keys)
		if len(keys) != 1 || keys[0]["id"] != k["id"] {
			t.Fatalf("bob's keys: %v", keys)
		}
		root.ok(t, "", "keys", "delete", k["id"].(string), "--user", "bob")
		p := bob.start(t, "mfa", "enable")
		p.waitStderr(t, "First code: ")
		secret := submatch(t, regexp.MustCompile(`secret: ([A-Z2-7]+)`), p.stderr.String())
		now := time.Now()
		c1, _ := totp.GenerateCode(secret, now.Add(-30*time.Second))
		c2, _ := totp.GenerateCode(secret, now)
		p.line(t, c1)
		p.line(t, c2)
		if res := p.wait(t); res.code != 0 {
			t.Fatalf("mfa enable:\n%s", res)
		}
		if out := root.ok(t, "", "user", "reset-mfa", "bob"); !strings.Contains(out, "MFA device of bob removed.") {
			t.Fatalf("user reset-mfa: %s", out)
		}
		if out := bob.ok(t, "", "mfa", "show"); !regexp.MustCompile(`(?m)^bound:\s+false`).MatchString(out) {
			t.Fatalf("mfa show after reset: %s", out)
		}
	})
	t.Run("ForgotAndReset", func(t *testing.T) { clientForgotAndReset(t, root, box) })
	t.Run("TokenNoLongerWorks", func(t *testing.T) {
		bob.ok(t, "", "logout")
		bob.fail(t, 1, "", []string{"me", "show"}, `profile "default" is not logged in`, "run `watchword login")
		r := bob.run(t, "", "me", "show")
		if r.stdout != "" {
			t.Fatalf("an error printed on stdout:\n%s", r)
		}
		h := &cliHome{config: bob.config, env: append(bob.env, "WATCHWORD_TOKEN=revoked-or-made-up")}
		h.fail(t, 1, "", []string{"me", "show"}, "refused the token", "expired or revoked", "run `watchword login")
		// A stored token past its expiry is not even sent.
		raw, _ := os.ReadFile(root.profilesPath())
		past := regexp.MustCompile(`"token_expires_at": "[^"]+"`).ReplaceAll(raw, []byte(`"token_expires_at": "2020-01-01T00:00:00Z"`))
		if err := os.WriteFile(root.profilesPath(), past, 0o600); err != nil {
			t.Fatal(err)
		}
		root.fail(t, 1, "", []string{"me", "show"}, "expired at 2020-01-01", "run `watchword login")
	})
}

// mustJSON decodes s into v.
func mustJSON(t *testing.T, s string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("not JSON (%v):\n%s", err, s)
	}
}

// tokenOf returns the default profile's token from the profiles file.
func tokenOf(t *testing.T, raw []byte) string {
	t.Helper()
	var f struct {
		Profiles map[string]struct{ Token string }
	}
	mustJSON(t, string(raw), &f)
	tok := f.Profiles["default"].Token
	if len(tok) < 16 {
		t.Fatalf("no token stored: %s", raw)
	}
	return tok
}

// clientExitCodes: usage errors exit 2 with the usage on stderr, help exits
// 0 with examples, completion scripts exist for three shells.
func clientExitCodes(t *testing.T, h *cliHome) {
	for _, args := range [][]string{{}, {"bogus"}, {"me", "bogus"}, {"admin", "bogus"}, {"serve", "--bogus"},
		{"me", "show", "--bogus"}, {"keys", "delete"}, {"api", "NoSuchOperation"}, {"icu", "ListAccessKeys", "--lowercase", "x"}} {
		r := h.run(t, "", args...)
		if r.code != 2 || !strings.Contains(r.stderr, "Usage:") || r.stdout != "" {
			t.Fatalf("want exit 2 with usage on stderr:\n%s", r)
		}
	}
	// Every command's examples are checked in-process (internal/cli); here
	// the binary shows a few, server and client.
	for _, args := range [][]string{
		{"--help"}, {"admin", "-h"}, {"serve", "--help"}, {"login", "--help"}, {"password", "change", "-h"}, {"icu", "--help"},
	} {
		r := h.run(t, "", args...)
		if r.code != 0 || !strings.Contains(r.stdout, "Examples:") {
			t.Fatalf("want help with examples:\n%s", r)
		}
	}
	for _, sh := range []string{"bash", "zsh", "fish"} {
		if out := h.ok(t, "", "completion", sh); !strings.Contains(out, "watchword") {
			t.Fatalf("completion %s: %q", sh, out)
		}
	}
}

// clientProfiles: named profiles, --profile, WATCHWORD_PROFILE and
// WATCHWORD_ENDPOINT, use and delete.
func clientProfiles(t *testing.T, s *Server, h *cliHome) {
	h.ok(t, "", "profile", "set", "staging", "--endpoint", "http://127.0.0.1:1", "--account", "acme")
	h.fail(t, 1, "", []string{"me", "show", "--profile", "staging"}, `profile "staging" is not logged in`)
	h.ok(t, rootPassword+"\n", "login", "--profile", "staging", "--password-stdin", "--endpoint", s.URL)
	if out := h.ok(t, "", "me", "show", "--profile", "staging", "-o", "json"); !strings.Contains(out, `"root": true`) {
		t.Fatalf("me show --profile staging: %s", out)
	}
	envHome := &cliHome{config: h.config, env: append(h.env[:len(h.env):len(h.env)], "WATCHWORD_PROFILE=staging")}
	var v map[string]any
	mustJSON(t, envHome.ok(t, "", "profile", "show", "-o", "json"), &v)
	if v["name"] != "staging" || v["current"] != false {
		t.Fatalf("WATCHWORD_PROFILE: %v", v)
	}
	// The environment's endpoint wins over the profile's.
	h.ok(t, "", "profile", "set", "broken", "--endpoint", "http://127.0.0.1:1")
	h.ok(t, rootPassword+"\n", "login", "--profile", "broken", "--account", "acme", "--password-stdin", "--endpoint", s.URL)
	h.ok(t, "", "profile", "set", "broken", "--endpoint", "http://127.0.0.1:1")
	h.fail(t, 1, "", []string{"me", "show", "--profile", "broken"}, `profile "broken" is not logged in`) // a new endpoint drops the token
	h.ok(t, "", "profile", "use", "staging")
	mustJSON(t, h.ok(t, "", "profile", "show", "-o", "json"), &v)
	if v["name"] != "staging" || v["current"] != true {
		t.Fatalf("profile use: %v", v)
	}
	h.ok(t, "", "profile", "use", "default")
	h.ok(t, "", "profile", "delete", "broken")
	h.fail(t, 1, "", []string{"profile", "use", "broken"}, `no profile "broken"`)
	h.fail(t, 2, "", []string{"profile", "use"}, "takes 1 argument")
	if fi, err := os.Stat(h.profilesPath()); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("profiles file after rewrites: %v %v", fi, err)
	}
}

// requestID masks the request IDs of Outscale answers.
var requestID = regexp.MustCompile(`"RequestId":"[0-9a-f-]{36}"`)

// clientKeysAndOutscale: keys through /v1, then the same keys through
// osc-cli's `api` and `icu` syntax, signed with the saved access key.
func clientKeysAndOutscale(t *testing.T, s *Server, h *cliHome) {
	var k map[string]any
	mustJSON(t, h.ok(t, "", "keys", "create", "--tag", "ci", "--save", "-o", "json"), &k)
	id, _ := k["id"].(string)
	if len(id) != 20 || len(k["secret_key"].(string)) != 40 || k["state"] != "ACTIVE" {
		t.Fatalf("keys create: %v", k)
	}
	var list []map[string]any
	mustJSON(t, h.ok(t, "", "keys", "list", "-o", "json"), &list)
	if len(list) != 1 || list[0]["id"] != id || list[0]["secret_key"] != nil {
		t.Fatalf("keys list: %v", list)
	}
	mustJSON(t, h.ok(t, "", "keys", "update", id, "--tag", "deploy", "--expires", "2099-01-31", "-o", "json"), &k)
	if k["tag"] != "deploy" || !strings.HasPrefix(k["expires_at"].(string), "2099-01-31") {
		t.Fatalf("keys update: %v", k)
	}
	h.fail(t, 1, "", []string{"keys", "update", id, "--expires", "2001-01-01"}, "access_key.expiry_past", "HTTP 400")
	h.fail(t, 2, "", []string{"keys", "update", id, "--expires", "soon"}, "want 2030-01-31")
	h.fail(t, 1, "", []string{"keys", "delete", "AAAAAAAAAAAAAAAAAAAA"}, "HTTP 404")

	// api: the face's own JSON, printed as it came.
	out := h.ok(t, "", "api", "ReadAccounts")
	if !regexp.MustCompile(`^\{"Accounts":\[\{"AccountId":"\d{12}",.*"Email":"root@acme.test".*\}\],"ResponseContext":\{"RequestId":"[0-9a-f-]{36}"\}\}\n$`).MatchString(out) {
		t.Fatalf("api ReadAccounts: %q", out)
	}
	out = h.ok(t, "", "api", "UpdateAccount", "--FirstName", "Alice", "--AdditionalEmails", `["billing@acme.test"]`)
	if !strings.Contains(out, `"FirstName":"Alice"`) || !strings.Contains(out, `"AdditionalEmails":["billing@acme.test"]`) {
		t.Fatalf("api UpdateAccount: %s", out)
	}
	out = h.ok(t, "", "api", "CreateAccessKey", "--Tag", "oapi")
	var created struct {
		AccessKey struct{ AccessKeyId, SecretKey, State string }
	}
	mustJSON(t, out, &created)
	if created.AccessKey.State != "ACTIVE" || len(created.AccessKey.SecretKey) != 40 {
		t.Fatalf("api CreateAccessKey: %s", out)
	}
	second := created.AccessKey.AccessKeyId
	out = h.ok(t, "", "api", "ReadAccessKeys", "--Filters", `{"AccessKeyIds": ["`+second+`"]}`)
	if !strings.Contains(out, `"AccessKeyId":"`+second+`"`) || strings.Contains(out, id) {
		t.Fatalf("api ReadAccessKeys with a filter: %s", out)
	}
	out = h.ok(t, "", "api", "UpdateAccessKey", "--AccessKeyId", second, "--State", "INACTIVE")
	if !strings.Contains(out, `"State":"INACTIVE"`) {
		t.Fatalf("api UpdateAccessKey: %s", out)
	}
	if out := h.ok(t, "", "api", "DeleteAccessKey", "--AccessKeyId", second); !requestID.MatchString(out) {
		t.Fatalf("api DeleteAccessKey: %s", out)
	}
	// Login and password instead of the key, where the face allows it.
	out = h.ok(t, rootPassword+"\n", "api", "ReadAccessKeys", "--authentication-method", "password", "--login", "acme", "--password-stdin")
	if !strings.Contains(out, `"AccessKeyId":"`+id+`"`) {
		t.Fatalf("api ReadAccessKeys with Basic: %s", out)
	}
	// Errors: the face's error body on stderr, exit 1, nothing on stdout.
	r := h.fail(t, 1, "", []string{"api", "DeleteAccessKey"}, `"Code":"7000"`, `"Type":"MissingParameter"`)
	if r.stdout != "" {
		t.Fatalf("error on stdout:\n%s", r)
	}
	h.fail(t, 1, "", []string{"api", "ReadAccounts", "--authentication-method", "password"}, "takes an access key only")
	// The same answer as the face gives a direct request, request ID aside.
	direct, err := http.Post(s.URL+"/api/v1/ReadAccounts", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	direct.Body.Close()
	if direct.StatusCode != http.StatusUnauthorized {
		t.Fatalf("unsigned ReadAccounts: %d", direct.StatusCode)
	}
	// icu, signed for the icu service.
	out = h.ok(t, "", "icu", "ListAccessKeys")
	if !regexp.MustCompile(`^\{"accessKeys":\[.*"accessKeyId":"` + id + `".*\],"isTruncated":false,"ResponseMetadata":\{"RequestId":"[0-9a-f-]{36}"\}\}\n$`).MatchString(out) {
		t.Fatalf("icu ListAccessKeys: %q", out)
	}
	if out := h.ok(t, "", "icu", "ReadAccount"); !strings.Contains(out, `"FirstName":"Alice"`) {
		t.Fatalf("icu ReadAccount: %s", out)
	}
	h.ok(t, "", "keys", "update", id, "--state", "INACTIVE")
	h.fail(t, 1, "", []string{"api", "ReadAccounts"}, `"Code":"1"`, `"Type":"AccessDenied"`)
	h.ok(t, "", "keys", "update", id, "--state", "ACTIVE", "--no-expiry")
	h.ok(t, "", "keys", "delete", id)
	h.fail(t, 1, "", []string{"icu", "ReadAccount"}, `"__type":"AuthFailure"`)
}

// clientAdmin: users, user, policy, dictionary and notifications.
func clientAdmin(t *testing.T, h *cliHome) {
	r := h.fail(t, 1, "short\n", []string{"users", "create", "bob", "--email", "bob@acme.test", "--password-stdin"},
		"password.", "failed rule min_length")
	if strings.Count(r.stderr, "failed rule") < 2 {
		t.Fatalf("want every failed rule:\n%s", r)
	}
	// Under -o json the error is the server's problem, as JSON, on stderr.
	r = h.fail(t, 1, "short\n", []string{"users", "create", "eve", "--password-stdin", "-o", "json"}, `"code":"password.`)
	var problem struct {
		Status int
		Code   string
		Rules  []struct{ ID string }
	}
	mustJSON(t, r.stderr, &problem)
	if problem.Status != 400 || len(problem.Rules) < 2 || r.stdout != "" {
		t.Fatalf("-o json error:\n%s", r)
	}
	var u map[string]any
	mustJSON(t, h.ok(t, bobPassword+"\n", "users", "create", "bob", "--email", "bob@acme.test", "--password-stdin", "-o", "json"), &u)
	if u["name"] != "bob" || u["admin"] != false || u["email"] != "bob@acme.test" {
		t.Fatalf("users create: %v", u)
	}
	h.ok(t, "", "users", "create", "carol", "--email", "carol@acme.test")
	var l struct {
		Items []map[string]any `json:"items"`
	}
	mustJSON(t, h.ok(t, "", "users", "list", "-o", "json"), &l)
	if len(l.Items) != 3 {
		t.Fatalf("users list: %+v", l)
	}
	if out := h.ok(t, "", "users", "show", "bob"); !regexp.MustCompile(`(?m)^id:\s+` + u["id"].(string)).MatchString(out) {
		t.Fatalf("users show bob: %s", out)
	}
	mustJSON(t, h.ok(t, "", "users", "update", "bob", "--email-verified=true", "--display-name", "Bob", "-o", "json"), &u)
	if u["email_verified"] != true || u["display_name"] != "Bob" {
		t.Fatalf("users update: %v", u)
	}
	h.fail(t, 1, "", []string{"users", "show", "nobody"}, `no user named "nobody"`)
	h.ok(t, "", "user", "unlock", "bob")
	h.fail(t, 1, "", []string{"user", "reset-mfa", "bob"}, "mfa.", "HTTP 404")
	h.ok(t, "Temporary-Passphrase-31\n", "users", "set-password", "carol", "--password-stdin", "--force-change")
	h.ok(t, "", "users", "create", "dave")
	h.ok(t, "", "users", "delete", "dave")

	// Groups: created with members by name, bob pushed into admin and out.
	var g map[string]any
	mustJSON(t, h.ok(t, "", "groups", "create", "ops", "--member", "bob", "--member", "carol", "-o", "json"), &g)
	if g["display_name"] != "ops" || len(g["members"].([]any)) != 2 {
		t.Fatalf("groups create: %v", g)
	}
	h.fail(t, 1, "", []string{"groups", "create", "OPS"}, "group.name_taken")
	if out := h.ok(t, "", "groups", "list"); !strings.Contains(out, "admin") || !strings.Contains(out, "ops") {
		t.Fatalf("groups list: %s", out)
	}
	mustJSON(t, h.ok(t, "", "groups", "update", "ops", "--name", "operations", "--members", "carol", "-o", "json"), &g)
	if g["display_name"] != "operations" || len(g["members"].([]any)) != 1 {
		t.Fatalf("groups update: %v", g)
	}
	mustJSON(t, h.ok(t, "", "groups", "add-member", "admin", "bob", "-o", "json"), &g)
	mustJSON(t, h.ok(t, "", "users", "show", "bob", "-o", "json"), &u)
	if u["admin"] != true {
		t.Fatalf("bob after groups add-member admin: %v", u)
	}
	if out := h.ok(t, "", "users", "show", "bob"); !regexp.MustCompile(`(?m)^groups:\s+admin$`).MatchString(out) {
		t.Fatalf("users show bob lists his groups: %s", out)
	}
	h.ok(t, "", "groups", "remove-member", "admin", "bob")
	if out := h.ok(t, "", "groups", "show", "admin"); strings.Contains(out, "bob") {
		t.Fatalf("groups show admin after remove-member: %s", out)
	}
	h.fail(t, 1, "", []string{"groups", "delete", "admin"}, "group.builtin")
	h.ok(t, "", "groups", "delete", "operations")
	h.fail(t, 1, "", []string{"groups", "show", "operations"}, `no group named "operations"`)

	var p map[string]any
	mustJSON(t, h.ok(t, "", "policy", "show", "-o", "json"), &p)
	history := p["history_count"]
	mustJSON(t, h.ok(t, "", "policy", "set", "--min-length", "12", "-o", "json"), &p)
	if p["min_length"] != 12.0 || p["history_count"] != history {
		t.Fatalf("policy set changed more than min_length: %v (history was %v)", p, history)
	}
	h.fail(t, 1, "", []string{"policy", "set", "--min-length", "-3"}, "HTTP 400")
	h.fail(t, 2, "", []string{"policy", "preset", "strict"}, `preset "strict"`)
	if out := h.ok(t, "", "policy", "preset", "default"); !strings.Contains(out, "Preset default applied.") {
		t.Fatalf("policy preset: %s", out)
	}

	if out := h.ok(t, "", "dictionary", "add", "acme", "widget", "-o", "json"); strings.TrimSpace(out) != "{\n  \"added\": 2\n}" {
		t.Fatalf("dictionary add: %q", out)
	}
	var words []string
	mustJSON(t, h.ok(t, "", "dictionary", "list", "-o", "json"), &words)
	if strings.Join(words, ",") != "acme,widget" {
		t.Fatalf("dictionary list: %v", words)
	}
	h.ok(t, "", "dictionary", "remove", "widget")
	h.fail(t, 2, "", []string{"dictionary", "add"}, "at least one word")

	var ns []map[string]any
	mustJSON(t, h.ok(t, "", "notifications", "list", "-o", "json"), &ns)
	if len(ns) == 0 || ns[0]["recipient"] == nil || ns[0]["status"] == nil {
		t.Fatalf("notifications list: %v", ns)
	}
	h.fail(t, 1, "", []string{"notifications", "retry", "0123456789abcdef0123456789abcdef"}, "HTTP 404")

	var evs []map[string]any
	mustJSON(t, h.ok(t, "", "audit", "list", "--action", "user.", "--since", "1h", "-o", "json"), &evs)
	created := 0
	for _, ev := range evs {
		if ev["action"] == "user.create" && ev["outcome"] == "success" {
			created++
		}
	}
	if created != 3 { // bob, carol, dave
		t.Fatalf("audit list: %d user.create events in %v", created, evs)
	}
	if out := h.ok(t, "", "audit", "list", "--limit", "1"); !strings.Contains(out, "TIME") || strings.Count(out, "\n") != 2 {
		t.Fatalf("audit list --limit 1:\n%s", out)
	}
	h.fail(t, 1, "", []string{"audit", "list", "--since", "yesterday"}, "--since: want an RFC 3339 instant")
}

// clientSelfService: a user of the account changes their password, email,
// login verification and MFA, and manages their sessions.
func clientSelfService(t *testing.T, h *cliHome, box *mailbox) {
	h.ok(t, bobPassword+"\n", "login", "--account", "acme", "--user", "bob", "--password-stdin")
	h.fail(t, 1, "", []string{"users", "list"}, "HTTP 403")
	r := h.fail(t, 1, bobPassword+"\nshort\n", []string{"password", "change", "--password-stdin"}, "failed rule min_length")
	if strings.Contains(r.stderr, "short") && !strings.Contains(r.stderr, "failed rule") {
		t.Fatalf("password change error:\n%s", r)
	}
	h.fail(t, 1, "Wrong-Current-Pass-1\nBrand-New-Passphrase-12\n", []string{"password", "change", "--password-stdin"}, "password.current_invalid")
	const bobNew = "Brand-New-Passphrase-12"
	if out := h.ok(t, bobPassword+"\n"+bobNew+"\n", "password", "change", "--password-stdin"); !strings.Contains(out, "Password changed.") {
		t.Fatalf("password change: %s", out)
	}

	// email change: a code to the address bound, then one to the new one.
	p := h.start(t, "email", "change", "bob@new.test", "-o", "json")
	p.waitStderr(t, "Code proving it is you")
	p.line(t, submatch(t, mailedCode, box.next(t, "bob@acme.test", "verification code")))
	p.waitStderr(t, "Code sent to")
	p.line(t, submatch(t, mailedCode, box.next(t, "bob@new.test", "verification code")))
	if res := p.wait(t); res.code != 0 || !strings.Contains(res.stdout, `"email": "bob@new.test"`) {
		t.Fatalf("email change:\n%s", res)
	}
	h.fail(t, 1, "000000\n", []string{"email", "change", "bob@other.test"}, "verify.code_invalid", "HTTP 400")
	box.next(t, "bob@new.test", "verification code") // the identity code that went unused

	// mobile change: the identity code by email, then an SMS to the new number.
	p = h.start(t, "mobile", "change", "+33612345678")
	p.waitStderr(t, "Code proving it is you (sent by email")
	p.line(t, submatch(t, mailedCode, box.next(t, "bob@new.test", "verification code")))
	p.waitStderr(t, "Code sent to")
	p.line(t, submatch(t, mailedCode, box.nextSMS(t, "+33612345678")))
	if res := p.wait(t); res.code != 0 || !strings.Contains(res.stdout, "Your mobile is now +33612345678.") {
		t.Fatalf("mobile change:\n%s", res)
	}

	// login verification by email, then a login that asks the code.
	// Turning it on proves the password too (verification is off).
	p = h.start(t, "login-verification", "set", "email", "--password-stdin")
	p.line(t, bobNew)
	p.waitStderr(t, "Code sent by email")
	p.line(t, submatch(t, mailedCode, box.next(t, "bob@new.test", "verification code")))
	if res := p.wait(t); res.code != 0 || !strings.Contains(res.stdout, "Login verification is now email.") {
		t.Fatalf("login-verification set email:\n%s", res)
	}
	h.fail(t, 2, "", []string{"login-verification", "set", "carrier-pigeon"}, `method "carrier-pigeon"`)
	p = h.start(t, "login", "--account", "acme", "--user", "bob", "--password-stdin")
	p.line(t, bobNew)
	p.waitStderr(t, "Verification code (sent by email")
	p.line(t, submatch(t, mailedCode, box.next(t, "bob@new.test", "verification code")))
	if res := p.wait(t); res.code != 0 || !strings.Contains(res.stdout, "Logged in") {
		t.Fatalf("login with a code:\n%s", res)
	}
	p = h.start(t, "login-verification", "set", "off")
	p.waitStderr(t, "Code sent by")
	p.line(t, submatch(t, mailedCode, box.next(t, "bob@new.test", "verification code")))
	if res := p.wait(t); res.code != 0 {
		t.Fatalf("login-verification set off:\n%s", res)
	}

	// MFA: the secret on stderr, two consecutive codes, then removal.
	p = h.start(t, "mfa", "enable", "-o", "json")
	p.waitStderr(t, "First code: ")
	secret := submatch(t, regexp.MustCompile(`secret: ([A-Z2-7]+)`), p.stderr.String())
	now := time.Now()
	c1, _ := totp.GenerateCode(secret, now.Add(-30*time.Second))
	c2, _ := totp.GenerateCode(secret, now)
	p.line(t, c1)
	p.line(t, c2)
	if res := p.wait(t); res.code != 0 || !strings.Contains(res.stdout, `"bound": true`) {
		t.Fatalf("mfa enable:\n%s", res)
	}
	if out := h.ok(t, "", "mfa", "show"); !regexp.MustCompile(`(?m)^bound:\s+true`).MatchString(out) {
		t.Fatalf("mfa show: %s", out)
	}
	h.fail(t, 1, "Not-My-Password-1\n", []string{"mfa", "disable", "--password-stdin"}, "HTTP 401")
	h.ok(t, bobNew+"\n", "mfa", "disable", "--password-stdin")

	// Sessions: two logins, list, revoke the others.
	other := &cliHome{config: h.config, env: append(h.env[:len(h.env):len(h.env)], "WATCHWORD_PROFILE=second")}
	other.ok(t, bobNew+"\n", "login", "--account", "acme", "--user", "bob", "--password-stdin")
	var ss []map[string]any
	mustJSON(t, h.ok(t, "", "sessions", "list", "-o", "json"), &ss)
	if len(ss) < 2 {
		t.Fatalf("sessions list: %v", ss)
	}
	h.fail(t, 2, "", []string{"sessions", "revoke"}, "SESSION_ID, or --others")
	if out := h.ok(t, "", "sessions", "revoke", "--others"); !strings.Contains(out, "other session(s) revoked") {
		t.Fatalf("sessions revoke --others: %s", out)
	}
	other.fail(t, 1, "", []string{"me", "show"}, "expired or revoked", "run `watchword login")
	mustJSON(t, h.ok(t, "", "sessions", "list", "-o", "json"), &ss)
	if len(ss) != 1 || ss[0]["current"] != true {
		t.Fatalf("after revoke --others: %v", ss)
	}
	h.fail(t, 1, "", []string{"sessions", "revoke", "0123456789abcdef0123456789abcdef"}, "HTTP 404")
	other.ok(t, bobNew+"\n", "login", "--account", "acme", "--user", "bob", "--password-stdin")
	mustJSON(t, other.ok(t, "", "sessions", "list", "-o", "json"), &ss)
	var theirs string
	for _, x := range ss {
		if x["current"] == true {
			theirs = x["id"].(string)
		}
	}
	if out := h.ok(t, "", "sessions", "revoke", theirs); !strings.Contains(out, "Session "+theirs+" revoked.") {
		t.Fatalf("sessions revoke %s: %s", theirs, out)
	}
	other.fail(t, 1, "", []string{"me", "show"}, "expired or revoked")
}

// clientForgotAndReset: password forgot and reset, with the link's token
// and with a mailed code.
func clientForgotAndReset(t *testing.T, h *cliHome, box *mailbox) {
	anon := &cliHome{config: t.TempDir(), env: []string{"WATCHWORD_ENDPOINT=" + h.endpoint(t)}}
	h.fail(t, 2, "", []string{"password", "forgot"}, "say whose password")
	if out := anon.ok(t, "", "password", "forgot", "--email", "carol@acme.test"); !strings.Contains(out, "If these details match") {
		t.Fatalf("password forgot: %s", out)
	}
	token := submatch(t, resetLinkToken, box.next(t, "carol@acme.test", "Reset"))
	anon.fail(t, 1, "short\n", []string{"password", "reset", "--token", token, "--password-stdin"}, "failed rule min_length")
	anon.ok(t, "Quiet-Harbor-Lamp-2718\n", "password", "reset", "--token", token, "--password-stdin")
	anon.ok(t, "Quiet-Harbor-Lamp-2718\n", "login", "--account", "acme", "--user", "carol", "--password-stdin")

	anon.ok(t, "", "password", "forgot", "--account", "acme", "--user", "carol", "--method", "email")
	code := submatch(t, mailedCode, box.next(t, "carol@acme.test", "reset code"))
	anon.fail(t, 1, "Velvet-Orbit-Canyon-3141\n", []string{"password", "reset", "--account", "acme", "--user", "carol", "--code", "000000", "--password-stdin"}, "HTTP 400")
	anon.ok(t, "Velvet-Orbit-Canyon-3141\n", "password", "reset", "--account", "acme", "--user", "carol", "--code", code, "--password-stdin")
	anon.fail(t, 2, "", []string{"password", "reset", "--password-stdin"}, "--token")
}

// endpoint is the endpoint of h's default profile.
func (h *cliHome) endpoint(t *testing.T) string {
	t.Helper()
	var v map[string]any
	mustJSON(t, h.ok(t, "", "profile", "show", "default", "-o", "json"), &v)
	return v["endpoint"].(string)
}
