package keystone_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/tokens"
	"github.com/watchword/watchword/internal/testkit"
	"github.com/watchword/watchword/internal/verify"
)

// mustBindDevice creates and binds a virtual MFA device for alice through
// Huawei's calls, with her own token, and returns its secret.
func (e *env) mustBindDevice(t *testing.T, aliceTok string) (secret, serial string) {
	t.Helper()
	h := map[string]string{"X-Auth-Token": aliceTok}
	r := e.do(t, "POST", "/v3.0/OS-MFA/virtual-mfa-devices", h, `{"virtual_mfa_device":{"name":"phone","user_id":"`+e.alice.ID+`"}}`)
	if r.status != http.StatusCreated {
		t.Fatalf("create device: %d %s", r.status, r.body)
	}
	d := r.json(t)["virtual_mfa_device"].(map[string]any)
	secret, serial = d["base32_string_seed"].(string), d["serial_number"].(string)
	if serial != "iam:"+e.acct.ID+":mfa/phone" || secret == "" {
		t.Fatalf("device: %v", d)
	}
	now := e.clock.Now()
	bind := func(first, second string) response {
		return e.do(t, "PUT", "/v3.0/OS-MFA/mfa-devices/bind", h, `{"user_id":"`+e.alice.ID+`","serial_number":"`+serial+
			`","authentication_code_first":"`+first+`","authentication_code_second":"`+second+`"}`)
	}
	if r := bind(verify.TOTPCode(secret, now), verify.TOTPCode(secret, now.Add(-30*time.Second))); r.status != http.StatusBadRequest {
		t.Fatalf("bind with codes out of order: %d %s", r.status, r.body)
	}
	if r := bind(verify.TOTPCode(secret, now.Add(-30*time.Second)), verify.TOTPCode(secret, now)); r.status != http.StatusNoContent {
		t.Fatalf("bind: %d %s", r.status, r.body)
	}
	return secret, serial
}

// setLoginProtect sets alice's login protection as the root user.
func (e *env) setLoginProtect(t *testing.T, root, body string) response {
	t.Helper()
	return e.do(t, "PUT", "/v3.0/OS-USER/users/"+e.alice.ID+"/login-protect", map[string]string{"X-Auth-Token": root}, body)
}

func TestVirtualMFALogin(t *testing.T) {
	e := mustEnv(t)
	ctx := context.Background()
	root := e.mustToken(t, "acme", rootPassword)
	aliceTok := e.mustToken(t, "alice", alicePassword)
	// Without a bound device, vmfa cannot be chosen.
	if r := e.setLoginProtect(t, root, `{"login_protect":{"enabled":true,"verification_method":"vmfa"}}`); r.status != http.StatusConflict {
		t.Fatalf("vmfa without device: %d %s", r.status, r.body)
	}
	secret, serial := e.mustBindDevice(t, aliceTok)
	r := e.setLoginProtect(t, root, `{"login_protect":{"enabled":true,"verification_method":"vmfa"}}`)
	if r.status != http.StatusOK || !strings.Contains(r.body, `"verification_method":"vmfa"`) || !strings.Contains(r.body, `"enabled":true`) {
		t.Fatalf("set login protect: %d %s", r.status, r.body)
	}
	if r := e.do(t, "GET", "/v3.0/OS-USER/login-protects", map[string]string{"X-Auth-Token": root}, ""); !strings.Contains(r.body, `"verification_method":"vmfa"`) {
		t.Fatalf("list: %d %s", r.status, r.body)
	}
	if r := e.do(t, "GET", "/v3.0/OS-MFA/virtual-mfa-devices", map[string]string{"X-Auth-Token": root}, ""); !strings.Contains(r.body, serial) {
		t.Fatalf("devices: %d %s", r.status, r.body)
	}

	// A password alone now gets a receipt, not a token.
	idc := e.mustIdentityClient(t, "acme", rootPassword)
	_, err := tokens.Create(ctx, idc, &tokens.AuthOptions{Username: "alice", DomainName: "acme", Password: alicePassword}).ExtractTokenID()
	var code gophercloud.ErrUnexpectedResponseCode
	if !errors.As(err, &code) || code.Actual != http.StatusUnauthorized || code.ResponseHeader.Get("Openstack-Auth-Receipt") == "" {
		t.Fatalf("password alone: %v", err)
	}
	golden(t, "receipt.json", pretty(t, string(code.Body)), map[string]string{e.alice.ID: "<user_id>", e.acct.ID: "<domain_id>"})

	// Password and TOTP together (gophercloud's Passcode) get the token.
	e.clock.Add(30 * time.Second)
	res := tokens.Create(ctx, idc, &tokens.AuthOptions{Username: "alice", DomainName: "acme", Password: alicePassword,
		Passcode: verify.TOTPCode(secret, e.clock.Now())})
	tok, err := res.ExtractToken()
	if err != nil || tok.ID == "" {
		t.Fatalf("password+totp: %v", err)
	}
	var body struct {
		Methods []string `json:"methods"`
	}
	if err := res.ExtractInto(&body); err != nil || strings.Join(body.Methods, ",") != "password,totp" {
		t.Fatalf("methods: %v %v", body.Methods, err)
	}
	// The same code does not work twice.
	_, err = tokens.Create(ctx, idc, &tokens.AuthOptions{Username: "alice", DomainName: "acme", Password: alicePassword,
		Passcode: verify.TOTPCode(secret, e.clock.Now())}).ExtractTokenID()
	if !gophercloud.ResponseCodeIs(err, http.StatusUnauthorized) {
		t.Fatalf("replayed code: %v", err)
	}

	// The receipt is answered by a follow-up with only the TOTP method.
	e.clock.Add(30 * time.Second)
	first := e.do(t, "POST", "/v3/auth/tokens", nil, passwordBody("alice", alicePassword))
	receipt := first.header.Get("Openstack-Auth-Receipt")
	if first.status != http.StatusUnauthorized || receipt == "" {
		t.Fatalf("receipt: %d %s", first.status, first.body)
	}
	totp := func(passcode string) string {
		return `{"auth":{"identity":{"methods":["totp"],"totp":{"user":{"id":"` + e.alice.ID + `","passcode":"` + passcode + `"}}},` +
			`"scope":{"domain":{"id":"` + e.acct.ID + `"}}}}`
	}
	if r := e.do(t, "POST", "/v3/auth/tokens", map[string]string{"Openstack-Auth-Receipt": receipt}, totp("000000")); r.status != http.StatusUnauthorized {
		t.Fatalf("wrong passcode: %d %s", r.status, r.body)
	}
	r = e.do(t, "POST", "/v3/auth/tokens", map[string]string{"Openstack-Auth-Receipt": receipt}, totp(verify.TOTPCode(secret, e.clock.Now())))
	if r.status != http.StatusCreated || r.header.Get("X-Subject-Token") == "" || !strings.Contains(r.body, `"catalog"`) {
		t.Fatalf("receipt follow-up: %d %s", r.status, r.body)
	}
	// A receipt serves once.
	e.clock.Add(30 * time.Second)
	if r := e.do(t, "POST", "/v3/auth/tokens", map[string]string{"Openstack-Auth-Receipt": receipt}, totp(verify.TOTPCode(secret, e.clock.Now()))); r.status != http.StatusUnauthorized {
		t.Fatalf("receipt reused: %d %s", r.status, r.body)
	}

	// gophercloud's AuthenticatedClient with a passcode.
	e.clock.Add(30 * time.Second)
	opts := e.authOptions("alice", alicePassword)
	opts.Passcode = verify.TOTPCode(secret, e.clock.Now())
	if _, err := openstack.AuthenticatedClient(ctx, opts); err != nil {
		t.Fatalf("authenticated client with passcode: %v", err)
	}

	// alice cannot unbind the device her login verification uses; the administrator can.
	e.clock.Add(30 * time.Second)
	unbind := `{"user_id":"` + e.alice.ID + `","serial_number":"` + serial + `","authentication_code":"` + verify.TOTPCode(secret, e.clock.Now()) + `"}`
	if r := e.do(t, "PUT", "/v3.0/OS-MFA/mfa-devices/unbind", map[string]string{"X-Auth-Token": aliceTok}, unbind); r.status != http.StatusConflict {
		t.Fatalf("alice unbinds the device in use: %d %s", r.status, r.body)
	}
	if r := e.do(t, "PUT", "/v3.0/OS-MFA/mfa-devices/unbind", map[string]string{"X-Auth-Token": root}, unbind); r.status != http.StatusNoContent {
		t.Fatalf("admin unbinds: %d %s", r.status, r.body)
	}
	r = e.do(t, "GET", "/v3.0/OS-USER/users/"+e.alice.ID+"/login-protect", map[string]string{"X-Auth-Token": aliceTok}, "")
	if !strings.Contains(r.body, `"enabled":false`) {
		t.Fatalf("login protect after unbind: %s", r.body)
	}
	e.mustToken(t, "alice", alicePassword)
}

func TestCodeLoginReceipt(t *testing.T) {
	e := mustEnv(t)
	root := e.mustToken(t, "acme", rootPassword)
	if r := e.setLoginProtect(t, root, `{"login_protect":{"enabled":true,"verification_method":"sms"}}`); r.status != http.StatusOK {
		t.Fatalf("set sms: %d %s", r.status, r.body)
	}
	if _, err := e.db.ClaimOutbox(context.Background(), 100, time.Hour); err != nil { // drain the notices so far
		t.Fatal(err)
	}
	first := e.do(t, "POST", "/v3/auth/tokens", nil, passwordBody("alice", alicePassword))
	receipt := first.header.Get("Openstack-Auth-Receipt")
	if first.status != http.StatusUnauthorized || receipt == "" || !strings.Contains(first.body, `"required_auth_methods":[["password","sms"]]`) {
		t.Fatalf("receipt: %d %s", first.status, first.body)
	}
	msgs := testkit.MustClaim(t, e.db, testkit.DefaultKeyring())
	if len(msgs) != 1 || msgs[0].To != "+33612345678" || msgs[0].Secret["code"] == "" {
		t.Fatalf("sms: %+v", msgs)
	}
	body := `{"auth":{"identity":{"methods":["sms"],"sms":{"user":{"name":"alice","domain":{"name":"acme"},"passcode":"` +
		msgs[0].Secret["code"] + `"}}}}}`
	// The receipt is alice's: a follow-up naming another user fails.
	other := strings.Replace(body, `"name":"alice"`, `"name":"acme"`, 1)
	if r := e.do(t, "POST", "/v3/auth/tokens", map[string]string{"Openstack-Auth-Receipt": receipt}, other); r.status != http.StatusUnauthorized {
		t.Fatalf("other user: %d %s", r.status, r.body)
	}
	first = e.do(t, "POST", "/v3/auth/tokens", nil, passwordBody("alice", alicePassword))
	receipt = first.header.Get("Openstack-Auth-Receipt")
	msgs = testkit.MustClaim(t, e.db, testkit.DefaultKeyring())
	body = strings.Replace(body, `"passcode":"`+strings.Split(strings.Split(body, `"passcode":"`)[1], `"`)[0]+`"`, `"passcode":"`+msgs[0].Secret["code"]+`"`, 1)
	r := e.do(t, "POST", "/v3/auth/tokens", map[string]string{"Openstack-Auth-Receipt": receipt}, body)
	if r.status != http.StatusCreated || !strings.Contains(r.body, `"methods":["password","sms"]`) {
		t.Fatalf("sms follow-up: %d %s", r.status, r.body)
	}
}

func TestLoginPolicyLockout(t *testing.T) {
	e := mustEnv(t)
	root := e.mustToken(t, "acme", rootPassword)
	r := e.do(t, "PUT", e.policyPath("login-policy"), map[string]string{"X-Auth-Token": root},
		`{"login_policy":{"login_failed_times":3,"lockout_duration":15,"period_with_login_failures":15}}`)
	if r.status != http.StatusOK {
		t.Fatalf("put login policy: %d %s", r.status, r.body)
	}
	r = e.do(t, "GET", e.policyPath("login-policy"), map[string]string{"X-Auth-Token": root}, "")
	golden(t, "login_policy.json", pretty(t, r.body), nil)
	if r := e.do(t, "PUT", e.policyPath("login-policy"), map[string]string{"X-Auth-Token": root}, `{"login_policy":{"login_failed_times":2}}`); r.status != http.StatusBadRequest ||
		!strings.Contains(r.body, "Request parameter login_failed_times is invalid.") {
		t.Fatalf("out of range: %d %s", r.status, r.body)
	}
	for range 3 {
		if r := e.do(t, "POST", "/v3/auth/tokens", nil, passwordBody("alice", "wrong")); r.status != http.StatusUnauthorized {
			t.Fatalf("wrong password: %d", r.status)
		}
	}
	// Locked: the right password gets the same answer as a wrong one.
	locked := e.do(t, "POST", "/v3/auth/tokens", nil, passwordBody("alice", alicePassword))
	wrong := e.do(t, "POST", "/v3/auth/tokens", nil, passwordBody("nobody", "wrong"))
	if locked.status != http.StatusUnauthorized || locked.body != wrong.body {
		t.Fatalf("locked: %d %s (unknown user: %s)", locked.status, locked.body, wrong.body)
	}
	e.clock.Add(16 * time.Minute)
	e.mustToken(t, "alice", alicePassword)
}

func passwordBody(user, pw string) string {
	return `{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"` + user + `","domain":{"name":"acme"},"password":"` + pw + `"}}}}}`
}

// TestVirtualMFAUnbindGuessesAreLimited: Huawei's unbind counts a user's
// codes before checking them, as every face does: past 10 in 15 minutes
// the right code is refused too, with 429 IAM.0010 and Retry-After.
func TestVirtualMFAUnbindGuessesAreLimited(t *testing.T) {
	e := mustEnv(t)
	aliceTok := e.mustToken(t, "alice", alicePassword)
	secret, serial := e.mustBindDevice(t, aliceTok)
	e.clock.Add(30 * time.Second)
	now := e.clock.Now()
	valid := map[string]bool{}
	for _, d := range []time.Duration{-30 * time.Second, 0, 30 * time.Second} {
		valid[verify.TOTPCode(secret, now.Add(d))] = true
	}
	unbind := func(code string) response {
		return e.do(t, "PUT", "/v3.0/OS-MFA/mfa-devices/unbind", map[string]string{"X-Auth-Token": aliceTok},
			`{"user_id":"`+e.alice.ID+`","serial_number":"`+serial+`","authentication_code":"`+code+`"}`)
	}
	wrong := 0
	for n := 0; wrong < 12; n++ {
		code := fmt.Sprintf("%06d", (n*7919+13)%1000000)
		if valid[code] {
			continue
		}
		r := unbind(code)
		want := http.StatusBadRequest
		if wrong >= 10 {
			want = http.StatusTooManyRequests
		}
		if r.status != want {
			t.Fatalf("guess %d: %d %s", wrong, r.status, r.body)
		}
		wrong++
	}
	r := unbind(verify.TOTPCode(secret, now))
	if r.status != http.StatusTooManyRequests || !strings.Contains(r.body, `"error_code":"IAM.0010"`) || r.header.Get("Retry-After") == "" {
		t.Fatalf("the right code past the limit: %d %v %s", r.status, r.header, r.body)
	}
	if r := e.do(t, "GET", "/v3.0/OS-MFA/users/"+e.alice.ID+"/virtual-mfa-device", map[string]string{"X-Auth-Token": aliceTok}, ""); !strings.Contains(r.body, serial) {
		t.Fatalf("the device is gone: %d %s", r.status, r.body)
	}
}
