package outscale_test

import (
	"net/http"
	"testing"
	"time"

	osc "github.com/outscale/osc-sdk-go/v2"
	"github.com/watchword/watchword/internal/identity"
)

// TestExpiredAccessKey: Outscale has no bearer tokens; its expiring
// credential is the access key. Once past its ExpirationDate, a key that
// signed fine a moment before is refused on both protocols with the face's
// own 401: OAPI 1 AccessDenied, ICU AuthFailure.
func TestExpiredAccessKey(t *testing.T) {
	f := mustFixture(t, maxSkew(2*time.Hour)) // the clock moves an hour while the SDK signs with the real time
	created, err := f.svc.AccessKeys.Create(f.rootCtx(), identity.NewAccessKey{ExpiresAt: f.now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	ak, sk := created.Key.ID, created.SecretKey
	c := f.client()
	read := func() (*http.Response, error) {
		_, httpResp, err := c.AccountApi.ReadAccounts(signedCtx(ak, sk)).ReadAccountsRequest(*osc.NewReadAccountsRequest()).Execute()
		return httpResp, err
	}
	if _, err := read(); err != nil {
		t.Fatalf("a key within its life: %v", err)
	}
	if resp, body := f.oscCLIICU(t, "GetAccount", icuBody("GetAccount", "", accessKeyAuth), ak, sk); resp.StatusCode != http.StatusOK {
		t.Fatalf("ICU within its life: %d %s", resp.StatusCode, body)
	}

	f.later.Add(int64(time.Hour + time.Second))
	httpResp, err := read()
	wantOAPIError(t, err, httpResp, http.StatusUnauthorized, "1")
	resp, body := f.oscCLIICU(t, "GetAccount", icuBody("GetAccount", "", accessKeyAuth), ak, sk)
	if got := wantICU(t, resp, body, http.StatusUnauthorized, "AuthFailure"); got["message"] == "" {
		t.Fatalf("ICU: %s", body)
	}
	// The account's other key still works: only the expired one is refused.
	if _, _, err := c.AccountApi.ReadAccounts(signedCtx(f.ak, f.sk)).ReadAccountsRequest(*osc.NewReadAccountsRequest()).Execute(); err != nil {
		t.Fatalf("the other key: %v", err)
	}
}
