package e2e_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/global"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/region"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
	iam "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/iam/v3"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/iam/v3/model"
	"github.com/watchword/watchword/internal/api/client"
	"github.com/watchword/watchword/internal/secret"
)

// TestHuaweiSDKReplicas drives the Huawei Go SDK with an access key, no
// token, against two replicas of the real binary on one PostgreSQL
// database: the SDK finds the account (GET /v3/auth/domains, signed), reads
// the user and the password policy, and changes the password. That signed
// change, sent again to the other replica, is refused as a replay; a signed
// read may be sent again anywhere.
func TestHuaweiSDKReplicas(t *testing.T) {
	ctx := context.Background()
	args := append([]string{"--database", mustPostgres(t), "--keyring", "k1:" + secret.GenerateKey()}, bootstrapFlags()...)
	a, b := MustServeReplicas(t, args)
	root := MustLogin(t, a, client.Credentials{Account: "acme", Password: rootPassword})
	key, err := root.CreateAccessKey(ctx, "", client.NewAccessKey{})
	if err != nil {
		t.Fatal(err)
	}
	me, err := root.Me(ctx)
	if err != nil {
		t.Fatal(err)
	}

	rec := mustHuaweiRecorder(t, a.URL)
	cred, err := global.NewCredentialsBuilder().WithAk(key.ID).WithSk(key.SecretKey).WithIamEndpointOverride(rec.srv.URL).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	hc, err := iam.IamClientBuilder().WithRegion(region.NewRegion("watchword", rec.srv.URL)).WithCredential(cred).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	c := iam.NewIamClient(hc)

	user, err := c.KeystoneShowUser(&model.KeystoneShowUserRequest{UserId: me.ID})
	if err != nil || user.User.Name != "acme" || user.User.DomainId != me.AccountID {
		t.Fatalf("show user: %+v %v", user, err)
	}
	read := rec.last()
	policy, err := c.ShowDomainPasswordPolicy(&model.ShowDomainPasswordPolicyRequest{DomainId: me.AccountID})
	if err != nil || policy.PasswordPolicy == nil {
		t.Fatalf("password policy: %+v %v", policy, err)
	}
	const next = "Second-Troubadour-Staple"
	if _, err := c.KeystoneUpdateUserPassword(&model.KeystoneUpdateUserPasswordRequest{UserId: me.ID,
		Body: &model.KeystoneUpdateUserPasswordRequestBody{User: &model.KeystoneUpdatePasswordOption{
			OriginalPassword: rootPassword, Password: next}}}); err != nil {
		t.Fatalf("change password: %v", err)
	}
	change := rec.last()
	MustLogin(t, b, client.Credentials{Account: "acme", Password: next})

	status, body := change.send(t, b.URL)
	want := `{"error_msg":"Incorrect IAM authentication information: this signed request was already received; sign every request anew","error_code":"APIGW.0301"}`
	if status != http.StatusUnauthorized || strings.TrimSpace(body) != want {
		t.Fatalf("the change replayed on the other replica: %d %s", status, body)
	}
	if status, body := read.send(t, b.URL); status != http.StatusOK {
		t.Fatalf("a read sent again: %d %s", status, body)
	}

	// A wrong secret key: Huawei's gateway answer, read by the SDK.
	bad, err := global.NewCredentialsBuilder().WithAk(key.ID).WithSk(strings.Repeat("x", len(key.SecretKey))).WithDomainId(me.AccountID).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	badClient, err := iam.IamClientBuilder().WithEndpoints([]string{b.URL}).WithCredential(bad).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	_, err = iam.NewIamClient(badClient).KeystoneShowUser(&model.KeystoneShowUserRequest{UserId: me.ID})
	var se *sdkerr.ServiceResponseError
	if !errors.As(err, &se) || se.StatusCode != http.StatusUnauthorized || se.ErrorCode != "APIGW.0301" {
		t.Fatalf("wrong secret key: %v", err)
	}
}

// huaweiRecorder is a proxy in front of a server that keeps what the SDK
// sent, so that a test can send it again byte for byte.
type huaweiRecorder struct {
	srv  *httptest.Server
	mu   sync.Mutex
	reqs []huaweiRequest
}

type huaweiRequest struct {
	method, uri string
	header      http.Header
	body        []byte
}

func mustHuaweiRecorder(t *testing.T, target string) *huaweiRecorder {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rec := &huaweiRecorder{}
	proxy := httputil.NewSingleHostReverseProxy(u)
	rec.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, huaweiRequest{r.Method, r.RequestURI, r.Header.Clone(), body})
		rec.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(rec.srv.Close)
	return rec
}

func (rec *huaweiRecorder) last() huaweiRequest {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.reqs[len(rec.reqs)-1]
}

// send sends the request again to base and returns the answer.
func (req huaweiRequest) send(t *testing.T, base string) (int, string) {
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
	return res.StatusCode, string(b)
}
