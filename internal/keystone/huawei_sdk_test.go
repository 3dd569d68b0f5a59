package keystone_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/global"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/region"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
	iam "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/iam/v3"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/iam/v3/model"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/verify"
)

// huaweiAKSK is the Huawei SDK's IAM client signing with an access key, as
// a user configures it: global credentials with the account (domain) ID.
func (e *env) huaweiAKSK(t *testing.T, endpoint, ak, sk string) *iam.IamClient {
	t.Helper()
	cred, err := global.NewCredentialsBuilder().WithAk(ak).WithSk(sk).WithDomainId(e.acct.ID).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	hc, err := iam.IamClientBuilder().WithEndpoints([]string{endpoint}).WithCredential(cred).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	return iam.NewIamClient(hc)
}

// huaweiToken is the Huawei SDK's IAM client sending X-Auth-Token (none
// for the token calls themselves).
func (e *env) huaweiToken(t *testing.T, token string) *iam.IamClient {
	t.Helper()
	hc, err := iam.IamClientBuilder().WithEndpoints([]string{e.srv.URL}).
		WithCredential(iam.NewIamCredentialsBuilder().WithXAuthToken(token).Build()).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	return iam.NewIamClient(hc)
}

// mustKey creates an access key for the user of ctx through the core.
func (e *env) mustKey(t *testing.T, user, pw string, expires time.Time) (ak, sk string) {
	t.Helper()
	created, err := e.svc.AccessKeys.Create(e.mustPrincipal(t, user, pw), identity.NewAccessKey{ExpiresAt: expires})
	if err != nil {
		t.Fatal(err)
	}
	return created.Key.ID, created.SecretKey
}

// wantHuaweiError checks the SDK's error: status, error_code and error_msg
// as the SDK parsed them from the body.
func wantHuaweiError(t *testing.T, err error, status int, code, msg string) *sdkerr.ServiceResponseError {
	t.Helper()
	var se *sdkerr.ServiceResponseError
	if !errors.As(err, &se) {
		t.Fatalf("want a %d %s, got %v", status, code, err)
	}
	if se.StatusCode != status || se.ErrorCode != code || (msg != "" && se.ErrorMessage != msg) {
		t.Fatalf("got %d %s %q, want %d %s %q", se.StatusCode, se.ErrorCode, se.ErrorMessage, status, code, msg)
	}
	return se
}

// msgBadKey is the one answer for a bad signature and an unknown,
// inactive, expired or deleted key.
const msgBadKey = "Incorrect IAM authentication information: verify aksk signature fail"

// TestHuaweiSDKAccessKey drives the Huawei Go SDK with AK/SK, no token, on
// /v3 and /v3.0: the key's user is the caller, with that user's rights.
func TestHuaweiSDKAccessKey(t *testing.T) {
	e := mustEnv(t)
	ak, sk := e.mustKey(t, "alice", alicePassword, time.Time{})
	c := e.huaweiAKSK(t, e.srv.URL, ak, sk)

	t.Run("KeystoneShowUser", func(t *testing.T) {
		got, err := c.KeystoneShowUser(&model.KeystoneShowUserRequest{UserId: e.alice.ID})
		if err != nil || got.User == nil || got.User.Name != "alice" || got.User.DomainId != e.acct.ID {
			t.Fatalf("%+v %v", got, err)
		}
	})
	t.Run("DomainLookedUp", func(t *testing.T) {
		// Without a domain ID, given a region, the SDK finds it itself:
		// GET /v3/auth/domains signed with the key, on the IAM endpoint; then
		// it sends it.
		rec := mustRecorder(t, e.srv.URL)
		cred, err := global.NewCredentialsBuilder().WithAk(ak).WithSk(sk).WithIamEndpointOverride(rec.srv.URL).SafeBuild()
		if err != nil {
			t.Fatal(err)
		}
		hc, err := iam.IamClientBuilder().WithRegion(region.NewRegion("watchword", rec.srv.URL)).WithCredential(cred).SafeBuild()
		if err != nil {
			t.Fatal(err)
		}
		got, err := iam.NewIamClient(hc).KeystoneShowUser(&model.KeystoneShowUserRequest{UserId: e.alice.ID})
		if err != nil || got.User.Name != "alice" {
			t.Fatalf("%+v %v", got, err)
		}
		if len(rec.reqs) != 2 || rec.reqs[0].uri != "/v3/auth/domains" || rec.reqs[1].header.Get("X-Domain-Id") != e.acct.ID {
			t.Fatalf("the SDK sent %+v", rec.reqs)
		}
	})
	t.Run("ShowUser", func(t *testing.T) {
		got, err := c.ShowUser(&model.ShowUserRequest{UserId: e.alice.ID})
		if err != nil || got.User == nil || got.User.Email == nil || *got.User.Email != "alice@acme.test" {
			t.Fatalf("%+v %v", got, err)
		}
	})
	t.Run("ShowDomainPasswordPolicy", func(t *testing.T) {
		got, err := c.ShowDomainPasswordPolicy(&model.ShowDomainPasswordPolicyRequest{DomainId: e.acct.ID})
		if err != nil || got.PasswordPolicy == nil || got.PasswordPolicy.MinimumPasswordLength == 0 {
			t.Fatalf("%+v %v", got, err)
		}
	})
	t.Run("ShowLoginProtectQueryAndEscapes", func(t *testing.T) {
		got, err := c.ShowUserLoginProtect(&model.ShowUserLoginProtectRequest{UserId: e.alice.ID})
		if err != nil || got.LoginProtect == nil || got.LoginProtect.Enabled {
			t.Fatalf("%+v %v", got, err)
		}
		// A query and a path segment the signer escapes: the signature
		// verifies, so the answer is the route's own.
		_, err = c.DeleteMfaDevice(&model.DeleteMfaDeviceRequest{UserId: e.alice.ID, SerialNumber: "iam:" + e.acct.ID + ":mfa/no such"})
		wantHuaweiError(t, err, http.StatusNotFound, "IAM.0004", "")
		_, err = c.KeystoneShowUser(&model.KeystoneShowUserRequest{UserId: "no such user"})
		wantHuaweiError(t, err, http.StatusForbidden, "IAM.0003", "Policy doesn't allow identity:get_user to be performed.")
	})
	t.Run("ErrOtherUsersAreTheAdministrators", func(t *testing.T) {
		_, err := c.ShowUser(&model.ShowUserRequest{UserId: e.root.ID})
		wantHuaweiError(t, err, http.StatusForbidden, "IAM.0003", "Policy doesn't allow iam:users:getUser to be performed.")
	})
	t.Run("TokenFromASignedClient", func(t *testing.T) {
		// The SDK signs its token requests too; the route needs no
		// credentials and takes the password.
		res, err := c.KeystoneCreateUserTokenByPassword(&model.KeystoneCreateUserTokenByPasswordRequest{
			Body: &model.KeystoneCreateUserTokenByPasswordRequestBody{Auth: &model.PwdAuth{
				Identity: &model.PwdIdentity{Methods: []model.PwdIdentityMethods{model.GetPwdIdentityMethodsEnum().PASSWORD},
					Password: &model.PwdPassword{User: &model.PwdPasswordUser{Domain: &model.PwdPasswordUserDomain{Name: "acme"},
						Name: "alice", Password: alicePassword}}}}}})
		if err != nil || res.XSubjectToken == nil || *res.XSubjectToken == "" {
			t.Fatalf("%+v %v", res, err)
		}
	})
	t.Run("KeystoneUpdateUserPassword", func(t *testing.T) {
		const next = "Second-Battery-77"
		_, err := c.KeystoneUpdateUserPassword(&model.KeystoneUpdateUserPasswordRequest{UserId: e.alice.ID,
			Body: &model.KeystoneUpdateUserPasswordRequestBody{User: &model.KeystoneUpdatePasswordOption{
				OriginalPassword: alicePassword, Password: next}}})
		if err != nil {
			t.Fatal(err)
		}
		e.mustToken(t, "alice", next)
		// The key outlives the password: it is a credential of its own.
		if _, err := c.KeystoneShowUser(&model.KeystoneShowUserRequest{UserId: e.alice.ID}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("AdministratorWrites", func(t *testing.T) {
		rak, rsk := e.mustKey(t, "acme", rootPassword, time.Time{})
		root := e.huaweiAKSK(t, e.srv.URL, rak, rsk)
		n := int32(12)
		_, err := root.UpdateDomainPasswordPolicy(&model.UpdateDomainPasswordPolicyRequest{DomainId: e.acct.ID,
			Body: &model.UpdateDomainPasswordPolicyRequestBody{PasswordPolicy: &model.PasswordPolicyOption{MinimumPasswordLength: &n}}})
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.ShowDomainPasswordPolicy(&model.ShowDomainPasswordPolicyRequest{DomainId: e.acct.ID})
		if err != nil || got.PasswordPolicy.MinimumPasswordLength != 12 {
			t.Fatalf("%+v %v", got, err)
		}
		// alice's key may not do it.
		_, err = c.UpdateDomainPasswordPolicy(&model.UpdateDomainPasswordPolicyRequest{DomainId: e.acct.ID,
			Body: &model.UpdateDomainPasswordPolicyRequestBody{PasswordPolicy: &model.PasswordPolicyOption{MinimumPasswordLength: &n}}})
		wantHuaweiError(t, err, http.StatusForbidden, "IAM.0003", "")
	})
	t.Run("VirtualMFAAndLoginProtect", func(t *testing.T) {
		dev, err := c.CreateMfaDevice(&model.CreateMfaDeviceRequest{Body: &model.CreateMfaDeviceReq{
			VirtualMfaDevice: &model.CreateMfaDevice{Name: "phone", UserId: e.alice.ID}}})
		if err != nil || dev.VirtualMfaDevice == nil {
			t.Fatalf("%+v %v", dev, err)
		}
		secret, serial := dev.VirtualMfaDevice.Base32StringSeed, dev.VirtualMfaDevice.SerialNumber
		now := e.clock.Now()
		if _, err := c.CreateBindingDevice(&model.CreateBindingDeviceRequest{Body: &model.BindMfaDevice{UserId: e.alice.ID,
			SerialNumber: serial, AuthenticationCodeFirst: verify.TOTPCode(secret, now.Add(-30*time.Second)),
			AuthenticationCodeSecond: verify.TOTPCode(secret, now)}}); err != nil {
			t.Fatal(err)
		}
		shown, err := c.ShowUserMfaDevice(&model.ShowUserMfaDeviceRequest{UserId: e.alice.ID})
		if err != nil || shown.VirtualMfaDevice == nil || shown.VirtualMfaDevice.SerialNumber != serial {
			t.Fatalf("%+v %v", shown, err)
		}
		rak, rsk := e.mustKey(t, "acme", rootPassword, time.Time{})
		if _, err := e.huaweiAKSK(t, e.srv.URL, rak, rsk).UpdateLoginProtect(&model.UpdateLoginProtectRequest{UserId: e.alice.ID,
			Body: &model.UpdateLoginProjectReq{LoginProtect: &model.UpdateLoginProject{Enabled: true, VerificationMethod: "vmfa"}}}); err != nil {
			t.Fatal(err)
		}
		got, err := c.ShowUserLoginProtect(&model.ShowUserLoginProtectRequest{UserId: e.alice.ID})
		if err != nil || !got.LoginProtect.Enabled || got.LoginProtect.VerificationMethod != "vmfa" {
			t.Fatalf("%+v %v", got, err)
		}
	})
}

// TestHuaweiSDKToken drives the Huawei Go SDK with X-Auth-Token: a token
// from KeystoneCreateUserTokenByPassword, then from
// KeystoneCreateUserTokenByPasswordAndMfa with the SDK's own method enum
// (whose TOTP value is " totp", with a leading space).
func TestHuaweiSDKToken(t *testing.T) {
	e := mustEnv(t)
	anon := e.huaweiToken(t, "")
	acme := "acme"
	scope := &model.AuthScope{Domain: &model.AuthScopeDomain{Name: &acme}}
	user := &model.PwdPasswordUser{Domain: &model.PwdPasswordUserDomain{Name: "acme"}, Name: "alice", Password: alicePassword}
	res, err := anon.KeystoneCreateUserTokenByPassword(&model.KeystoneCreateUserTokenByPasswordRequest{
		Body: &model.KeystoneCreateUserTokenByPasswordRequestBody{Auth: &model.PwdAuth{
			Identity: &model.PwdIdentity{Methods: []model.PwdIdentityMethods{model.GetPwdIdentityMethodsEnum().PASSWORD},
				Password: &model.PwdPassword{User: user}},
			Scope: scope}}})
	if err != nil || res.XSubjectToken == nil || res.Token == nil || res.Token.User.Id != e.alice.ID {
		t.Fatalf("%+v %v", res, err)
	}
	c := e.huaweiToken(t, *res.XSubjectToken)
	if got, err := c.KeystoneShowUser(&model.KeystoneShowUserRequest{UserId: e.alice.ID}); err != nil || got.User.Name != "alice" {
		t.Fatalf("%+v %v", got, err)
	}
	if _, err := c.ShowDomainPasswordPolicy(&model.ShowDomainPasswordPolicyRequest{DomainId: e.acct.ID}); err != nil {
		t.Fatal(err)
	}

	secret, _ := e.mustBindDevice(t, *res.XSubjectToken)
	if r := e.setLoginProtect(t, e.mustToken(t, "acme", rootPassword), `{"login_protect":{"enabled":true,"verification_method":"vmfa"}}`); r.status != http.StatusOK {
		t.Fatalf("login protect: %d %s", r.status, r.body)
	}
	e.clock.Add(30 * time.Second)
	methods := model.GetMfaIdentityMethodsEnum()
	if methods.TOTP.Value() != " totp" {
		t.Fatalf("the SDK's enum changed: %q", methods.TOTP.Value())
	}
	mfa, err := anon.KeystoneCreateUserTokenByPasswordAndMfa(&model.KeystoneCreateUserTokenByPasswordAndMfaRequest{
		Body: &model.KeystoneCreateUserTokenByPasswordAndMfaRequestBody{Auth: &model.MfaAuth{
			Identity: &model.MfaIdentity{Methods: []model.MfaIdentityMethods{methods.PASSWORD, methods.TOTP},
				Password: &model.PwdPassword{User: user},
				Totp: &model.MfaTotp{User: &model.MfaTotpUser{Id: e.alice.ID,
					Passcode: verify.TOTPCode(secret, e.clock.Now())}}},
			Scope: scope}}})
	if err != nil || mfa.XSubjectToken == nil || *mfa.XSubjectToken == "" {
		t.Fatalf("%+v %v", mfa, err)
	}
	if strings.Join(mfa.Token.Methods, ",") != "password,totp" {
		t.Fatalf("methods %v", mfa.Token.Methods)
	}
	if _, err := e.huaweiToken(t, *mfa.XSubjectToken).ShowUser(&model.ShowUserRequest{UserId: e.alice.ID}); err != nil {
		t.Fatal(err)
	}
}

// recorder is a proxy in front of the server that keeps what the SDK sent,
// so that a test can send it again byte for byte.
type recorder struct {
	srv  *httptest.Server
	mu   sync.Mutex
	reqs []recorded
}

type recorded struct {
	method, uri string
	header      http.Header
	body        []byte
}

func mustRecorder(t *testing.T, target string) *recorder {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	proxy := httputil.NewSingleHostReverseProxy(u)
	rec.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, recorded{r.Method, r.RequestURI, r.Header.Clone(), body})
		rec.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(rec.srv.Close)
	return rec
}

// last is the last request recorded.
func (rec *recorder) last() recorded {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.reqs[len(rec.reqs)-1]
}

// replay sends req again to base, as it was.
func (req recorded) replay(t *testing.T, base string) response {
	t.Helper()
	r, err := http.NewRequest(req.method, base+req.uri, bytes.NewReader(req.body))
	if err != nil {
		t.Fatal(err)
	}
	r.Header = req.header.Clone()
	res, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, header: res.Header, body: string(b)}
}
