package scim_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/scim"
	"github.com/watchword/watchword/internal/testkit"
)

// TestExpiredToken: a user token past its 12-hour life, which worked a
// moment before, gets SCIM's own 401 error body on /Me and /Me/password,
// and the password is not changed.
func TestExpiredToken(t *testing.T) {
	fx := testkit.MustServices(t, testkit.Options{Account: identity.NewAccount{Password: startPassword}})
	_, token := fx.MustLogin(t, identity.LoginInput{AccountName: "acme", Password: startPassword})
	srv := httptest.NewServer(scim.New(scim.Config{}, fx.Services, nil))
	t.Cleanup(srv.Close)
	call := func(method, path, body string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+path, bytes.NewBufferString(body))
		req.Header.Set("Content-Type", "application/scim+json")
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if status, body := call("GET", "/v2.0/Me", ""); status != http.StatusOK {
		t.Fatalf("within the token's life: %d %s", status, body)
	}

	fx.Clock.Add(12*time.Hour + time.Minute)
	want := `{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"401","detail":"the token is missing, invalid or expired"}` + "\n"
	if status, body := call("GET", "/v2.0/Me", ""); status != http.StatusUnauthorized || body != want {
		t.Errorf("/Me: %d %s", status, body)
	}
	status, body := call("POST", "/v2.0/Me/password", changeBody(startPassword, "Brand-New-Lantern-61", "NONE"))
	if status != http.StatusUnauthorized || body != want {
		t.Errorf("/Me/password: %d %s", status, body)
	}
	if _, err := fx.Services.Auth.Login(t.Context(), identity.LoginInput{AccountName: "acme", Password: startPassword}); err != nil {
		t.Fatalf("the password changed with an expired token: %v", err)
	}
}
