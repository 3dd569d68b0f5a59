package keystone_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/global"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/signer/algorithm"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/config"
	iam "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/iam/v3"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/iam/v3/model"
	"github.com/watchword/watchword/internal/identity"
)

// TestHuaweiSignatureRefused: a wrong signature and an unknown, inactive,
// expired or deleted key, or a key of a disabled user, get one answer,
// Huawei's gateway 401 APIGW.0301; a stale X-Sdk-Date and the request's
// form say what is wrong.
func TestHuaweiSignatureRefused(t *testing.T) {
	e := mustEnv(t)
	ak, sk := e.mustKey(t, "alice", alicePassword, time.Time{})
	good := e.huaweiAKSK(t, e.srv.URL, ak, sk)
	show := func(c *iam.IamClient) error {
		_, err := c.KeystoneShowUser(&model.KeystoneShowUserRequest{UserId: e.alice.ID})
		return err
	}
	// Each failure counts against the test's IP; a success starts the count
	// again, so the lockout (tested apart) stays out of the way.
	mustWork := func(t *testing.T) {
		t.Helper()
		if err := show(good); err != nil {
			t.Fatal(err)
		}
	}
	bob, err := e.svc.Users.Create(e.admin, identity.NewUser{Name: "bob", Email: "bob@acme.test", Password: alicePassword})
	if err != nil {
		t.Fatal(err)
	}
	bobAK, bobSK := e.mustKey(t, "bob", alicePassword, time.Time{})
	expAK, expSK := e.mustKey(t, "alice", alicePassword, e.clock.Now().Add(time.Minute))
	inAK, inSK := e.mustKey(t, "alice", alicePassword, time.Time{})
	inactive := identity.AccessKeyInactive
	if _, err := e.svc.AccessKeys.Update(e.admin, "alice", inAK, identity.AccessKeyUpdate{State: &inactive}); err != nil {
		t.Fatal(err)
	}
	delAK, delSK := e.mustKey(t, "alice", alicePassword, time.Time{})
	if err := e.svc.AccessKeys.Delete(e.admin, "alice", delAK); err != nil {
		t.Fatal(err)
	}
	off := false
	if _, err := e.svc.Users.Update(e.admin, bob.ID, identity.UserUpdate{Enabled: &off}); err != nil {
		t.Fatal(err)
	}

	var bodies []string
	for _, tc := range []struct{ name, ak, sk string }{
		{"ErrWrongSignature", ak, strings.Repeat("x", len(sk))},
		{"ErrUnknownKey", "ABCDEFGHIJ0123456789", sk},
		{"ErrInactiveKey", inAK, inSK},
		{"ErrDeletedKey", delAK, delSK},
		{"ErrDisabledUser", bobAK, bobSK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			se := wantHuaweiError(t, show(e.huaweiAKSK(t, e.srv.URL, tc.ak, tc.sk)), http.StatusUnauthorized, "APIGW.0301", msgBadKey)
			bodies = append(bodies, se.ErrorMessage+se.ErrorCode)
			mustWork(t)
		})
	}
	t.Run("ErrExpiredKey", func(t *testing.T) {
		exp := e.huaweiAKSK(t, e.srv.URL, expAK, expSK)
		if err := show(exp); err != nil {
			t.Fatalf("within its life: %v", err)
		}
		e.clock.Add(time.Minute + time.Second)
		wantHuaweiError(t, show(exp), http.StatusUnauthorized, "APIGW.0301", msgBadKey)
		mustWork(t)
	})
	t.Run("ErrOtherAccountsDomain", func(t *testing.T) {
		cred := global.NewCredentialsBuilder().WithAk(ak).WithSk(sk).WithDomainId("999999999999").Build()
		c := iam.NewIamClient(iam.IamClientBuilder().WithEndpoints([]string{e.srv.URL}).WithCredential(cred).Build())
		wantHuaweiError(t, show(c), http.StatusUnauthorized, "APIGW.0301",
			"Incorrect IAM authentication information: X-Domain-Id 999999999999 is not the account of access key "+ak)
	})
	t.Run("ErrOtherAlgorithm", func(t *testing.T) {
		cred := global.NewCredentialsBuilder().WithAk(ak).WithSk(sk).WithDomainId(e.acct.ID).Build()
		c := iam.NewIamClient(iam.IamClientBuilder().WithEndpoints([]string{e.srv.URL}).WithCredential(cred).
			WithHttpConfig(config.DefaultHttpConfig().WithSigningAlgorithm(algorithm.HmacSM3)).Build())
		wantHuaweiError(t, show(c), http.StatusUnauthorized, "APIGW.0301",
			`Incorrect IAM authentication information: unsupported signing algorithm "SDK-HMAC-SM3": this server verifies SDK-HMAC-SHA256`)
	})
	t.Run("ErrForm", func(t *testing.T) {
		rec := mustRecorder(t, e.srv.URL)
		if err := show(e.huaweiAKSK(t, rec.srv.URL, ak, sk)); err != nil {
			t.Fatal(err)
		}
		signed := rec.last()
		for _, tc := range []struct{ name, header, value, msg string }{
			{"TokenToo", "X-Auth-Token", e.mustToken(t, "alice", alicePassword), "send X-Auth-Token or an AK/SK signature, not both"},
			{"UnsignedPayload", "X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD", "unsigned payloads are not accepted: sign the body"},
			{"SecurityToken", "X-Security-Token", "temporary", "temporary security credentials are not issued by this server"},
			{"NoDate", "X-Sdk-Date", "", "X-Sdk-Date must look like 20060102T150405Z"},
			{"DateUnsigned", "Authorization", strings.Replace(signed.header.Get("Authorization"), ";x-sdk-date", "", 1), "X-Sdk-Date must be signed"},
			{"NoSignature", "Authorization", "SDK-HMAC-SHA256 Access=" + ak, "the Authorization header needs Access, SignedHeaders and Signature"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				req := signed
				req.header = signed.header.Clone()
				req.header.Set(tc.header, tc.value)
				r := req.replay(t, e.srv.URL)
				want := `{"error_msg":"Incorrect IAM authentication information: ` + tc.msg + `","error_code":"APIGW.0301"}`
				if r.status != http.StatusUnauthorized || strings.TrimSpace(r.body) != want {
					t.Fatalf("got %d %s, want 401 %s", r.status, r.body, want)
				}
			})
		}
	})
	t.Run("ErrStaleDate", func(t *testing.T) {
		e.clock.Add(5*time.Minute + 2*time.Second) // the server's clock is ahead of the SDK's
		wantHuaweiError(t, show(good), http.StatusUnauthorized, "APIGW.0301",
			"Incorrect IAM authentication information: the request time is more than 5m0s from the server time")
	})
	for _, b := range bodies[1:] {
		if b != bodies[0] {
			t.Fatalf("a bad key is told apart: %q vs %q", b, bodies[0])
		}
	}
}

// TestHuaweiSignatureReplay: a signed request that changes something is
// accepted once. alice's signed password change A→B, sent again after she
// changed it back, would set B again; it is refused as a replay. A signed
// read may be sent again.
func TestHuaweiSignatureReplay(t *testing.T) {
	e := mustEnv(t)
	ak, sk := e.mustKey(t, "alice", alicePassword, time.Time{})
	rec := mustRecorder(t, e.srv.URL)
	c := e.huaweiAKSK(t, rec.srv.URL, ak, sk)
	const next = "Second-Battery-77"
	change := func(c *iam.IamClient, from, to string) error {
		_, err := c.KeystoneUpdateUserPassword(&model.KeystoneUpdateUserPasswordRequest{UserId: e.alice.ID,
			Body: &model.KeystoneUpdateUserPasswordRequestBody{User: &model.KeystoneUpdatePasswordOption{OriginalPassword: from, Password: to}}})
		return err
	}
	if err := change(c, alicePassword, next); err != nil {
		t.Fatal(err)
	}
	captured := rec.last()
	// Back to the first password, with a token: history allows it.
	if err := change(e.huaweiToken(t, e.mustToken(t, "alice", next)), next, alicePassword); err != nil {
		t.Fatal(err)
	}
	r := captured.replay(t, e.srv.URL)
	want := `{"error_msg":"Incorrect IAM authentication information: this signed request was already received; sign every request anew","error_code":"APIGW.0301"}`
	if r.status != http.StatusUnauthorized || strings.TrimSpace(r.body) != want {
		t.Fatalf("replayed change: %d %s", r.status, r.body)
	}
	e.mustToken(t, "alice", alicePassword) // the replay changed nothing

	if _, err := c.KeystoneShowUser(&model.KeystoneShowUserRequest{UserId: e.alice.ID}); err != nil {
		t.Fatal(err)
	}
	read := rec.last()
	for range 2 {
		if r := read.replay(t, e.srv.URL); r.status != http.StatusOK {
			t.Fatalf("a repeated read: %d %s", r.status, r.body)
		}
	}
}

// TestHuaweiSignatureLockout: 4 bad signatures in a row from one IP lock
// that IP out of AK/SK authentication for a minute, the good key included,
// with Huawei's gateway answer and Retry-After; tokens still work.
func TestHuaweiSignatureLockout(t *testing.T) {
	e := mustEnv(t)
	ak, sk := e.mustKey(t, "alice", alicePassword, time.Time{})
	show := func(c *iam.IamClient) error {
		_, err := c.KeystoneShowUser(&model.KeystoneShowUserRequest{UserId: e.alice.ID})
		return err
	}
	bad := e.huaweiAKSK(t, e.srv.URL, ak, strings.Repeat("x", len(sk)))
	for range 4 {
		wantHuaweiError(t, show(bad), http.StatusUnauthorized, "APIGW.0301", msgBadKey)
	}
	good := e.huaweiAKSK(t, e.srv.URL, ak, sk)
	wantHuaweiError(t, show(good), http.StatusUnauthorized, "APIGW.0301",
		"Incorrect IAM authentication information: AK access failed to reach the limit,forbidden")
	rec := mustRecorder(t, e.srv.URL)
	_ = show(e.huaweiAKSK(t, rec.srv.URL, ak, sk))
	if r := rec.last().replay(t, e.srv.URL); r.header.Get("Retry-After") != "60" {
		t.Fatalf("Retry-After %q: %d %s", r.header.Get("Retry-After"), r.status, r.body)
	}
	if err := show(e.huaweiToken(t, e.mustToken(t, "alice", alicePassword))); err != nil {
		t.Fatalf("a token is locked out too: %v", err)
	}
	e.clock.Add(time.Minute)
	if err := show(good); err != nil {
		t.Fatalf("after the lockout: %v", err)
	}
}
