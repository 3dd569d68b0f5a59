package oscsdk218_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	osc "github.com/outscale/osc-sdk-go/v2"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify/smtpsink"
	"github.com/watchword/watchword/internal/store/storetest"
)

// TestResetAccountPassword drives Forgot Password the osc-sdk-go v2.18 way
// against the real server, on SQLite and on PostgreSQL:
// SendResetPasswordEmail → the mail → the token at the end of its link →
// ResetAccountPassword → the new password works and the old one does not.
func TestResetAccountPassword(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			url := ""
			if dialect == "postgres" {
				url = storetest.MustPostgresURL(t)
			}
			testResetAccountPassword(t, mustServe(t, url))
		})
	}
}

func testResetAccountPassword(t *testing.T, s *server) {
	c := sdk(s.app.URL())
	anon := context.Background()
	send := func(email string) (*osc.SendResetPasswordEmailResponse, *http.Response) {
		t.Helper()
		resp, httpResp, err := c.AccountApi.SendResetPasswordEmail(anon).SendResetPasswordEmailRequest(*osc.NewSendResetPasswordEmailRequest(email)).Execute()
		if err != nil {
			t.Fatalf("SendResetPasswordEmail(%s): %v", email, err)
		}
		return &resp, httpResp
	}
	reset := func(token, pw string) (*http.Response, error) {
		t.Helper()
		_, httpResp, err := c.AccountApi.ResetAccountPassword(anon).ResetAccountPasswordRequest(*osc.NewResetAccountPasswordRequest(pw, token)).Execute()
		return httpResp, err
	}

	// An unknown email and a known one get the same answer; only the known
	// one gets mail.
	unknown, unknownHTTP := send("nobody@acme.test")
	known, knownHTTP := send(rootEmail)
	if a, b := masked(t, unknown), masked(t, known); a != b || unknownHTTP.StatusCode != 200 || knownHTTP.StatusCode != 200 ||
		unknownHTTP.Header.Get("Content-Type") != knownHTTP.Header.Get("Content-Type") {
		t.Fatalf("unknown email: %d %s; known: %d %s", unknownHTTP.StatusCode, a, knownHTTP.StatusCode, b)
	}
	token := s.mustResetMail(t, rootEmail)

	// A session opened before the reset, which the reset must revoke.
	login, err := s.app.Services.Auth.Login(context.Background(), identity.LoginInput{Email: rootEmail, Password: rootPassword})
	if err != nil {
		t.Fatal(err)
	}

	httpResp, err := reset(token, "toto")
	if details := wantOAPIError(t, err, httpResp, 400, "4000"); !strings.Contains(details, "min_length") {
		t.Fatalf("the failed rules are not named: %q", details)
	}
	httpResp, err = reset(token, rootPassword)
	wantOAPIError(t, err, httpResp, 409, "9074")

	const fresh = "Fresh-Battery-Horse-43"
	if httpResp, err := reset(token, fresh); err != nil || httpResp.StatusCode != 200 {
		t.Fatalf("reset: %v", err)
	}
	if _, err := s.app.Services.Auth.Authenticate(context.Background(), login.Token); err == nil {
		t.Fatal("the reset left another session alive")
	}
	s.sink.WaitFor(t, func(r smtpsink.Received) bool {
		return len(r.To) == 1 && r.To[0] == rootEmail && !resetLink.MatchString(r.Text)
	}, 15*time.Second) // the password-changed mail

	// The new password works, with Basic auth and for CheckAuthentication;
	// the old one does not.
	created, _, err := c.AccessKeyApi.CreateAccessKey(basicCtx(rootEmail, fresh)).CreateAccessKeyRequest(*osc.NewCreateAccessKeyRequest()).Execute()
	if err != nil {
		t.Fatalf("the new password does not work: %v", err)
	}
	_, httpResp, err = c.AccessKeyApi.ReadAccessKeys(basicCtx(rootEmail, rootPassword)).ReadAccessKeysRequest(*osc.NewReadAccessKeysRequest()).Execute()
	wantOAPIError(t, err, httpResp, 401, "1")
	signed := context.WithValue(context.Background(), osc.ContextAWSv4,
		osc.AWSv4{AccessKey: created.AccessKey.GetAccessKeyId(), SecretKey: created.AccessKey.GetSecretKey()})
	if _, _, err := c.AccountApi.CheckAuthentication(signed).CheckAuthenticationRequest(*osc.NewCheckAuthenticationRequest(rootEmail, fresh)).Execute(); err != nil {
		t.Fatalf("CheckAuthentication with the new password: %v", err)
	}
	_, httpResp, err = c.AccountApi.CheckAuthentication(signed).CheckAuthenticationRequest(*osc.NewCheckAuthenticationRequest(rootEmail, rootPassword)).Execute()
	wantOAPIError(t, err, httpResp, 400, "4120")

	// The token is spent.
	httpResp, err = reset(token, "Another-Battery-Horse-44")
	wantOAPIError(t, err, httpResp, 400, "4000")
}

// masked is an answer as JSON with its RequestId blanked: what two answers
// to different requests have in common.
func masked(t *testing.T, resp *osc.SendResetPasswordEmailResponse) string {
	t.Helper()
	if resp.ResponseContext == nil || resp.ResponseContext.GetRequestId() == "" {
		t.Fatalf("no RequestId: %+v", resp)
	}
	cp := *resp
	rc := *resp.ResponseContext
	rc.SetRequestId("-")
	cp.ResponseContext = &rc
	b, err := json.Marshal(cp)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
