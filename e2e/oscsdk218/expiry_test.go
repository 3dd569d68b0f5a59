package oscsdk218_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	osc "github.com/outscale/osc-sdk-go/v2"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/outscale"
	"github.com/watchword/watchword/internal/password"
	"github.com/watchword/watchword/internal/store/sqldb"
	"github.com/watchword/watchword/internal/testkit"
)

// TestResetTokenExpiry runs the real core with a clock the test moves, so
// that a link can outlive its 30 minutes, behind the Outscale face, and
// drives it with osc-sdk-go v2.18: an expired token and one a newer request
// voided are refused like a spent one; a token used within its time works.
func TestResetTokenExpiry(t *testing.T) {
	fx := testkit.MustServices(t, testkit.Options{Pool: password.PoolConfig{Params: cheapArgon},
		Config:  identity.Config{Recovery: identity.RecoveryConfig{PublicURL: "https://watchword.test"}},
		Account: identity.NewAccount{Email: rootEmail, Password: rootPassword}})
	db, svc, clock := fx.DB, fx.Services, fx.Clock
	face := outscale.New(outscale.Config{}, svc, nil)
	mux := http.NewServeMux()
	mux.Handle("/api/", face)
	srv := httptest.NewServer(outscale.Front(face, mux))
	t.Cleanup(srv.Close)
	c := sdk(srv.URL)

	sendLink := func() string {
		t.Helper()
		if _, _, err := c.AccountApi.SendResetPasswordEmail(context.Background()).
			SendResetPasswordEmailRequest(*osc.NewSendResetPasswordEmailRequest(rootEmail)).Execute(); err != nil {
			t.Fatal(err)
		}
		return mustQueuedToken(t, db)
	}
	reset := func(token, pw string) (*http.Response, error) {
		t.Helper()
		_, httpResp, err := c.AccountApi.ResetAccountPassword(context.Background()).
			ResetAccountPasswordRequest(*osc.NewResetAccountPasswordRequest(pw, token)).Execute()
		return httpResp, err
	}

	expired := sendLink()
	clock.Add(30*time.Minute + time.Second)
	httpResp, err := reset(expired, "Fresh-Battery-Horse-43")
	wantOAPIError(t, err, httpResp, 400, "4000")

	voided := sendLink()
	current := sendLink()
	httpResp, err = reset(voided, "Fresh-Battery-Horse-43")
	wantOAPIError(t, err, httpResp, 400, "4000")

	clock.Add(29 * time.Minute)
	if httpResp, err := reset(current, "Fresh-Battery-Horse-43"); err != nil || httpResp.StatusCode != 200 {
		t.Fatalf("a token within its 30 minutes: %v", err)
	}
	if _, err := svc.Auth.VerifyPassword(context.Background(), identity.LoginInput{Email: rootEmail, Password: "Fresh-Battery-Horse-43"}); err != nil {
		t.Fatalf("the new password does not work: %v", err)
	}
}

// mustQueuedToken takes the one reset link queued in the outbox and returns
// the token ending it.
func mustQueuedToken(t *testing.T, db *sqldb.DB) string {
	t.Helper()
	var links []string
	for _, m := range testkit.MustClaim(t, db, testkit.DefaultKeyring()) {
		if err := db.MarkOutboxSent(context.Background(), m.ID); err != nil {
			t.Fatal(err)
		}
		if m.Template == notify.ResetLink && m.To == rootEmail {
			links = append(links, m.Secret["link"])
		}
	}
	if len(links) != 1 || !strings.HasPrefix(links[0], "https://watchword.test/reset/") {
		t.Fatalf("queued links: %q", links)
	}
	return links[0][strings.LastIndexByte(links[0], '/')+1:]
}
