package keystone_test

import (
	"bufio"
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/tokens"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/users"
	"github.com/watchword/watchword/internal/password"
)

func TestGophercloudChangePassword(t *testing.T) {
	e := mustEnv(t)
	ctx := context.Background()
	idc := e.mustIdentityClient(t, "alice", alicePassword)
	other := e.mustToken(t, "alice", alicePassword)

	err := users.ChangePassword(ctx, idc, e.alice.ID, users.ChangePasswordOpts{OriginalPassword: "wrong", Password: "New-Secret-99"}).ExtractErr()
	if !gophercloud.ResponseCodeIs(err, http.StatusUnauthorized) {
		t.Fatalf("wrong original: %v", err)
	}
	err = users.ChangePassword(ctx, idc, e.alice.ID, users.ChangePasswordOpts{OriginalPassword: alicePassword, Password: "onlylowercase"}).ExtractErr()
	var code gophercloud.ErrUnexpectedResponseCode
	if !gophercloud.ResponseCodeIs(err, http.StatusBadRequest) || !asCode(err, &code) ||
		!contains(string(code.Body), "The password does not match the requirements: At least 2 of these character types") {
		t.Fatalf("policy failure: %v", err)
	}
	err = users.ChangePassword(ctx, idc, e.alice.ID, users.ChangePasswordOpts{OriginalPassword: alicePassword, Password: "New-Secret-99"}).ExtractErr()
	if err != nil {
		t.Fatalf("change: %v", err)
	}
	// All of the user's tokens are revoked, as Keystone revokes them, the
	// one that made the call included; the old password no longer works,
	// the new one does.
	for name, tok := range map[string]string{"other": other, "caller's": idc.ProviderClient.Token()} {
		r := e.do(t, "GET", "/v3/users/"+e.alice.ID, map[string]string{"X-Auth-Token": tok}, "")
		if r.status != http.StatusUnauthorized {
			t.Fatalf("%s token used after change: %d", name, r.status)
		}
	}
	idc = e.mustIdentityClient(t, "alice", "New-Secret-99")
	if ok, err := tokens.Validate(ctx, idc, other); err != nil || ok {
		t.Fatalf("other token after change: %v %v", ok, err)
	}
	_, err = tokens.Create(ctx, idc, &tokens.AuthOptions{Username: "alice", DomainName: "acme", Password: alicePassword}).ExtractTokenID()
	if !gophercloud.ResponseCodeIs(err, http.StatusUnauthorized) {
		t.Fatalf("old password: %v", err)
	}
	e.mustToken(t, "alice", "New-Secret-99")
	// The password-change notification is queued in the outbox.
	msgs, err := e.db.ClaimOutbox(ctx, 10, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range msgs {
		found = found || (m.To == "alice@acme.test" && strings.HasPrefix(m.Template, "user_password_change"))
	}
	if !found {
		t.Fatalf("no password-change notification in %+v", msgs)
	}
}

// seedCommand is seed 002's example request, as printed there.
const seedCommand = `curl -i -k -H 'Accept:application/json' -H 'Content-Type:application/json;charset=utf8' -H "X-Auth-Token:$token" -X POST -d @${filename}.json https://sample.domain.com/v3/users/2c1c6c54e59141b889c99e6fada5f19f/password`

// curlSeed runs seed 002's command against the test server, with edit
// applied to it, from a directory holding ${filename}.json with body; it
// returns the status, headers and body curl printed.
func (e *env) curlSeed(t *testing.T, token, userID, body string, edit func(string) string) response {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "change.json"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := strings.ReplaceAll(seedCommand, "https://sample.domain.com", e.srv.URL)
	cmd = strings.ReplaceAll(cmd, "2c1c6c54e59141b889c99e6fada5f19f", userID)
	if edit != nil {
		cmd = edit(cmd)
	}
	c := exec.Command("bash", "-c", cmd)
	c.Dir = dir
	c.Env = append(os.Environ(), "token="+token, "filename=change")
	out, err := c.Output()
	if err != nil {
		t.Fatalf("curl: %v", err)
	}
	return parseCurl(t, string(out))
}

// parseCurl reads curl -i output.
func parseCurl(t *testing.T, out string) response {
	t.Helper()
	head, body, _ := strings.Cut(strings.ReplaceAll(out, "\r\n", "\n"), "\n\n")
	sc := bufio.NewScanner(strings.NewReader(head))
	sc.Scan()
	fields := strings.Fields(sc.Text())
	if len(fields) < 2 {
		t.Fatalf("no status line in %q", out)
	}
	status, _ := strconv.Atoi(fields[1])
	h := http.Header{}
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok {
			h.Add(strings.TrimSpace(k), strings.TrimSpace(v))
		}
	}
	return response{status: status, header: h, body: body}
}

func changeBody(pw, original string) string {
	return `{ "user": { "password": "` + pw + `", "original_password": "` + original + `" } }`
}

// TestSeed002 runs seed 002's curl command verbatim (only the host and user
// ID replaced) and provokes every status it lists.
func TestSeed002(t *testing.T) {
	e := mustEnv(t)
	ctx := context.Background()
	client, err := e.svc.Auth.CreateClient(e.admin, "ci")
	if err != nil {
		t.Fatal(err)
	}
	clientToken, _, err := e.svc.Auth.ClientToken(ctx, client.Client.ID, client.Secret)
	if err != nil {
		t.Fatal(err)
	}
	rootToken := e.mustToken(t, "acme", rootPassword)
	aliceToken := e.mustToken(t, "alice", alicePassword)
	ok := changeBody("New-Secret-99", alicePassword)
	tests := []struct {
		name   string
		token  string
		userID string
		body   string
		edit   func(string) string
		status int
		want   string // in the body
	}{
		{"405GET", aliceToken, e.alice.ID, ok, func(c string) string { return strings.Replace(c, "-X POST", "-X GET", 1) }, 405, "The method is not allowed"},
		{"405PUT", aliceToken, e.alice.ID, ok, func(c string) string { return strings.Replace(c, "-X POST", "-X PUT", 1) }, 405, "The method is not allowed"},
		{"413", aliceToken, e.alice.ID, `{"user":{"password":"` + strings.Repeat("x", 70<<10) + `","original_password":"x"}}`, nil, 413, "Request is too large."},
		{"404", aliceToken, "0123456789abcdef0123456789abcdef", ok, nil, 404, "Could not find user: 0123456789abcdef0123456789abcdef."},
		{"403OtherUser", rootToken, e.alice.ID, ok, nil, 403, "You are not authorized to perform the requested action: identity:change_password."},
		{"403ClientToken", clientToken, e.alice.ID, ok, nil, 403, "identity:change_password"},
		{"401NoToken", "", e.alice.ID, ok, func(c string) string { return strings.Replace(c, `-H "X-Auth-Token:$token" `, "", 1) }, 401, "requires authentication"},
		{"401BadToken", "not-a-token", e.alice.ID, ok, nil, 401, "requires authentication"},
		{"401WrongOriginal", aliceToken, e.alice.ID, changeBody("New-Secret-99", "wrong"), nil, 401, "requires authentication"},
		{"400Malformed", aliceToken, e.alice.ID, `{"user":`, nil, 400, "Expecting to find valid JSON in request body"},
		{"400UnknownField", aliceToken, e.alice.ID, `{"user":{"password":"New-Secret-99","original_password":"` + alicePassword + `","notify":"no"}}`, nil, 400, "Additional properties are not allowed ('notify' was unexpected)"},
		{"400Missing", aliceToken, e.alice.ID, `{"user":{"password":"New-Secret-99"}}`, nil, 400, "'original_password' is a required property"},
		{"400Policy", aliceToken, e.alice.ID, changeBody("alice", alicePassword), nil, 400, "The password does not match the requirements: At least 8 characters"},
		{"400Username", aliceToken, e.alice.ID, changeBody("ecila", alicePassword), nil, 400, "Not the username or the account name"},
		{"400Email", aliceToken, e.alice.ID, changeBody("X1-alice@acme.test", alicePassword), nil, 400, "Does not contain the name part of your email address (before the @) or your mobile number"},
		{"400Mobile", aliceToken, e.alice.ID, changeBody("Zz-12345678", alicePassword), nil, 400, "Does not contain the name part of your email address (before the @) or your mobile number"},
		{"400Same", aliceToken, e.alice.ID, changeBody(alicePassword, alicePassword), nil, 400, "Password validation error: The new password must be different from the old password."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.curlSeed(t, tt.token, tt.userID, tt.body, tt.edit)
			if r.status != tt.status || !strings.Contains(r.body, tt.want) {
				t.Fatalf("status %d, want %d with %q: %s", r.status, tt.status, tt.want, r.body)
			}
			if tt.status == 405 && r.header.Get("Allow") != "POST" {
				t.Errorf("Allow: %q", r.header.Get("Allow"))
			}
		})
	}
	golden(t, "error_405.json", pretty(t, e.curlSeed(t, aliceToken, e.alice.ID, ok, func(c string) string { return strings.Replace(c, "-X POST", "-X GET", 1) }).body), nil)
	golden(t, "error_403.json", pretty(t, e.curlSeed(t, rootToken, e.alice.ID, ok, nil).body), nil)
	golden(t, "error_413.json", pretty(t, e.curlSeed(t, aliceToken, e.alice.ID, strings.Repeat(" ", 70<<10), nil).body), nil)

	t.Run("204", func(t *testing.T) {
		r := e.curlSeed(t, aliceToken, e.alice.ID, ok, nil)
		if r.status != http.StatusNoContent || r.body != "" {
			t.Fatalf("status %d: %s", r.status, r.body)
		}
		e.mustToken(t, "alice", "New-Secret-99")
	})
}

// TestSeed002Overload saturates the hashing pool (one worker, one waiting
// place): the seed's command then gets 503 with Retry-After.
func TestSeed002Overload(t *testing.T) {
	e := mustEnv(t, withPool(password.PoolConfig{Params: cheapParams, Workers: 1, Queue: 1, MaxWait: time.Minute}))
	token := e.mustToken(t, "alice", alicePassword)
	// A hash that takes long to check: Verify runs with the stored hash's own cost.
	slow, err := password.Hash("x", password.Params{MemoryKiB: 1024, Iterations: 1000, Parallelism: 1, SaltLen: 16, KeyLen: 32})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { _, _, _ = e.pool.Verify(context.Background(), "x", slow) })
	}
	// Both now hold the worker and the waiting place.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		if running, queued := e.pool.Load(); running == 1 && queued == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the pool never held one hash running and one waiting")
		}
	}
	r := e.curlSeed(t, token, e.alice.ID, changeBody("New-Secret-99", alicePassword), nil)
	wg.Wait()
	if r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") == "" {
		t.Fatalf("status %d, Retry-After %q: %s", r.status, r.header.Get("Retry-After"), r.body)
	}
	golden(t, "error_503.json", pretty(t, r.body), nil)
	// Once the pool drains the same request succeeds.
	if r := e.curlSeed(t, token, e.alice.ID, changeBody("New-Secret-99", alicePassword), nil); r.status != http.StatusNoContent {
		t.Fatalf("after overload: %d %s", r.status, r.body)
	}
}
