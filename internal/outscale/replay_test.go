package outscale_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/outscale"
)

// TestSignedRequestReplay: a signed call that changes something is
// accepted once, on OAPI and ICU alike; the same bytes sent again within
// the clock-skew window are refused with 1 AccessDenied (ICU AuthFailure),
// and change nothing. A read may be sent again.
func TestSignedRequestReplay(t *testing.T) {
	f := mustFixture(t)
	signed := func(path, service string, header http.Header, body string) func() (*http.Response, []byte) {
		req, err := http.NewRequest(http.MethodPost, f.srv.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range header {
			req.Header[k] = v
		}
		outscale.SignLikeSDK(t, req, body, f.ak, f.sk, service, time.Now())
		return func() (*http.Response, []byte) {
			again := req.Clone(req.Context())
			again.Body = io.NopCloser(strings.NewReader(body))
			return do(t, again)
		}
	}
	t.Run("ErrWriteReplayed", func(t *testing.T) {
		send := signed("/api/v1/UpdateAccount", "oapi", jsonHeader(), `{"City":"Lyon"}`)
		if resp, body := send(); resp.StatusCode != 200 {
			t.Fatalf("first: %d %s", resp.StatusCode, body)
		}
		paris := "Paris"
		if _, err := f.svc.Accounts.Update(f.rootCtx(), identity.AccountUpdate{City: &paris}); err != nil {
			t.Fatal(err)
		}
		resp, body := send()
		wantOAPI(t, resp, body, 401, "1")
		if !bytes.Contains(body, []byte("already received")) {
			t.Fatalf("the replay is not named: %s", body)
		}
		if a, err := f.svc.Accounts.Find(f.rootCtx(), f.account.ID); err != nil || a.Profile.City != "Paris" {
			t.Fatalf("the replay changed the account: %+v %v", a, err)
		}
	})
	t.Run("ErrICUWriteReplayed", func(t *testing.T) {
		send := signed("/", "icu", icuHeader("UpdateAccount"), icuBody("UpdateAccount", `, "City": "Nantes"`, accessKeyAuth))
		if resp, body := send(); resp.StatusCode != 200 {
			t.Fatalf("first: %d %s", resp.StatusCode, body)
		}
		resp, body := send()
		wantICU(t, resp, body, 401, "AuthFailure")
	})
	t.Run("ReadRepeated", func(t *testing.T) {
		send := signed("/api/v1/ReadAccounts", "oapi", jsonHeader(), `{}`)
		for range 3 {
			if resp, body := send(); resp.StatusCode != 200 {
				t.Fatalf("%d %s", resp.StatusCode, body)
			}
		}
	})
}
