package outscale_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	osc "github.com/outscale/osc-sdk-go/v2"
	"github.com/watchword/watchword/internal/identity"
)

// client returns an osc-sdk-go client for the fixture's server.
func (f *fixture) client() *osc.APIClient {
	cfg := osc.NewConfiguration()
	cfg.Servers = osc.ServerConfigurations{{URL: f.srv.URL + "/api/v1"}}
	return osc.NewAPIClient(cfg)
}

func signedCtx(ak, sk string) context.Context {
	return context.WithValue(context.Background(), osc.ContextAWSv4, osc.AWSv4{AccessKey: ak, SecretKey: sk})
}

func basicCtx(login, pw string) context.Context {
	return context.WithValue(context.Background(), osc.ContextBasicAuth, osc.BasicAuth{UserName: login, Password: pw})
}

// wantOAPIError checks an SDK error's status and Errors[0].Code, and that
// the body is the OAPI error shape with a RequestId; it returns the body.
func wantOAPIError(t *testing.T, err error, resp *http.Response, status int, code string) []byte {
	t.Helper()
	var ge osc.GenericOpenAPIError
	if !errors.As(err, &ge) {
		t.Fatalf("got %v, want an OAPI error %d/%s", err, status, code)
	}
	var body struct {
		Errors          []struct{ Code, Type, Details string }
		ResponseContext struct{ RequestId string }
	}
	if err := json.Unmarshal(ge.Body(), &body); err != nil {
		t.Fatalf("error body %s: %v", ge.Body(), err)
	}
	if resp.StatusCode != status || len(body.Errors) != 1 || body.Errors[0].Code != code || body.ResponseContext.RequestId == "" {
		t.Fatalf("got %d %s, want %d with code %s", resp.StatusCode, ge.Body(), status, code)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("Content-Type %q", ct)
	}
	return ge.Body()
}

func TestOAPI(t *testing.T) {
	f := mustFixture(t)
	c := f.client()
	root := signedCtx(f.ak, f.sk)

	t.Run("ReadAccounts", func(t *testing.T) {
		resp, httpResp, err := c.AccountApi.ReadAccounts(root).ReadAccountsRequest(*osc.NewReadAccountsRequest()).Execute()
		if err != nil {
			t.Fatal(err)
		}
		accts := resp.GetAccounts()
		if len(accts) != 1 || accts[0].GetAccountId() != f.account.ID || accts[0].GetEmail() != f.email ||
			resp.ResponseContext.GetRequestId() != goldenRequestID || httpResp.Header.Get("Content-Type") != "application/json" {
			t.Fatalf("got %+v", resp)
		}
	})
	t.Run("ReadAccountsGolden", func(t *testing.T) {
		_, body := f.awsSigned(t, "/api/v1/ReadAccounts", "oapi", f.ak, f.sk, jsonHeader(), "{}")
		f.golden(t, "oapi_read_accounts.json", body)
	})
	t.Run("UpdateAccountEveryField", func(t *testing.T) {
		req := osc.NewUpdateAccountRequest()
		req.SetAdditionalEmails([]string{"billing@acme.test", "ops@acme.test"})
		req.SetCity("Paris")
		req.SetCompanyName("Acme")
		req.SetCountry("France")
		req.SetEmail("ada.lovelace@acme.test")
		req.SetFirstName("Ada")
		req.SetJobTitle("CTO")
		req.SetLastName("Lovelace")
		req.SetMobileNumber("+33612345678")
		req.SetPhoneNumber("+33123456789")
		req.SetStateProvince("IDF")
		req.SetVatNumber("FR0123456789")
		req.SetZipCode("75001")
		resp, _, err := c.AccountApi.UpdateAccount(root).UpdateAccountRequest(*req).Execute()
		if err != nil {
			t.Fatal(err)
		}
		a := resp.Account
		if a.GetAccountId() != f.account.ID || a.GetCity() != "Paris" || a.GetCompanyName() != "Acme" || a.GetCountry() != "France" ||
			a.GetEmail() != f.email || a.GetFirstName() != "Ada" || a.GetJobTitle() != "CTO" ||
			a.GetLastName() != "Lovelace" || a.GetMobileNumber() != "" || a.GetPhoneNumber() != "+33123456789" ||
			a.GetStateProvince() != "IDF" || a.GetVatNumber() != "FR0123456789" || a.GetZipCode() != "75001" ||
			strings.Join(a.GetAdditionalEmails(), ",") != "billing@acme.test,ops@acme.test" {
			t.Fatalf("got %+v", a) // the email and mobile wait for their codes (account_contact_test.go)
		}
		read, _, err := c.AccountApi.ReadAccounts(root).ReadAccountsRequest(*osc.NewReadAccountsRequest()).Execute()
		if err != nil || read.GetAccounts()[0].GetCity() != "Paris" {
			t.Fatalf("read back: %+v %v", read, err)
		}
		// Clearing the additional emails with [] and the login email back.
		req = osc.NewUpdateAccountRequest()
		req.SetAdditionalEmails([]string{})
		req.SetEmail(f.email)
		resp, _, err = c.AccountApi.UpdateAccount(root).UpdateAccountRequest(*req).Execute()
		if err != nil || len(resp.Account.GetAdditionalEmails()) != 0 || resp.Account.GetEmail() != f.email {
			t.Fatalf("clear: %+v %v", resp, err)
		}
	})
	t.Run("ErrUpdateAccountBadEmail", func(t *testing.T) {
		req := osc.NewUpdateAccountRequest()
		req.SetEmail("foo")
		_, httpResp, err := c.AccountApi.UpdateAccount(root).UpdateAccountRequest(*req).Execute()
		f.golden(t, "oapi_error_bad_email.json", wantOAPIError(t, err, httpResp, 400, "4118"))
	})
	t.Run("ErrUpdateAccountEmailTaken", func(t *testing.T) {
		if _, _, err := f.svc.Accounts.Create(context.Background(), identity.NewAccount{Name: "globex", Email: "root@globex.test", Password: testPassword}); err != nil {
			t.Fatal(err)
		}
		req := osc.NewUpdateAccountRequest()
		req.SetEmail("root@globex.test")
		_, httpResp, err := c.AccountApi.UpdateAccount(root).UpdateAccountRequest(*req).Execute()
		wantOAPIError(t, err, httpResp, 409, "9073")
	})
	t.Run("ErrUpdateAccountUnknownField", func(t *testing.T) {
		for _, body := range []string{`{"Password":"Another-Pass-123"}`, `{"AccountId":"1"}`, `{"CustomerId":"87654321"}`, `{"city":"Paris"}`} {
			resp, got := f.awsSigned(t, "/api/v1/UpdateAccount", "oapi", f.ak, f.sk, jsonHeader(), body)
			if resp.StatusCode != 400 || !strings.Contains(string(got), `"Code":"3001"`) {
				t.Fatalf("%s: %d %s", body, resp.StatusCode, got)
			}
			if body == `{"Password":"Another-Pass-123"}` {
				f.golden(t, "oapi_error_unknown_parameter.json", got)
			}
		}
	})
	t.Run("ErrUpdateAccountNothing", func(t *testing.T) {
		_, httpResp, err := c.AccountApi.UpdateAccount(root).UpdateAccountRequest(*osc.NewUpdateAccountRequest()).Execute()
		wantOAPIError(t, err, httpResp, 400, "7000")
	})
	t.Run("CheckAuthentication", func(t *testing.T) {
		_, _, err := c.AccountApi.CheckAuthentication(root).CheckAuthenticationRequest(*osc.NewCheckAuthenticationRequest(f.email, f.pass)).Execute()
		if err != nil {
			t.Fatal(err)
		}
		_, httpResp, err := c.AccountApi.CheckAuthentication(root).CheckAuthenticationRequest(*osc.NewCheckAuthenticationRequest(f.email, "wrong-Pass-999")).Execute()
		wantOAPIError(t, err, httpResp, 400, "4120")
		_, httpResp, err = c.AccountApi.CheckAuthentication(root).CheckAuthenticationRequest(*osc.NewCheckAuthenticationRequest("root@globex.test", testPassword)).Execute()
		wantOAPIError(t, err, httpResp, 400, "4120") // another account's credentials
		_, httpResp, err = c.AccountApi.CheckAuthentication(root).CheckAuthenticationRequest(*osc.NewCheckAuthenticationRequest("", f.pass)).Execute()
		wantOAPIError(t, err, httpResp, 400, "3001")
	})
	t.Run("AccessKeys", func(t *testing.T) {
		create := osc.NewCreateAccessKeyRequest()
		create.SetExpirationDate("2063-04-05")
		created, _, err := c.AccessKeyApi.CreateAccessKey(root).CreateAccessKeyRequest(*create).Execute()
		if err != nil {
			t.Fatal(err)
		}
		k := created.AccessKey
		if !regexp.MustCompile(`^[A-Z0-9]{20}$`).MatchString(k.GetAccessKeyId()) || !regexp.MustCompile(`^[A-Z0-9]{40}$`).MatchString(k.GetSecretKey()) ||
			k.GetState() != "ACTIVE" || k.GetExpirationDate() != "2063-04-05T00:00:00.000Z" || k.GetCreationDate() == "" {
			t.Fatalf("created %+v", k)
		}
		second := signedCtx(k.GetAccessKeyId(), k.GetSecretKey())

		// The new key signs; filters select.
		read := osc.NewReadAccessKeysRequest()
		read.SetFilters(osc.FiltersAccessKeys{AccessKeyIds: &[]string{k.GetAccessKeyId()}, States: &[]string{"ACTIVE"}})
		list, _, err := c.AccessKeyApi.ReadAccessKeys(second).ReadAccessKeysRequest(*read).Execute()
		if err != nil || len(list.GetAccessKeys()) != 1 || list.GetAccessKeys()[0].GetAccessKeyId() != k.GetAccessKeyId() {
			t.Fatalf("filtered read: %+v %v", list, err)
		}
		all, _, err := c.AccessKeyApi.ReadAccessKeys(root).ReadAccessKeysRequest(*osc.NewReadAccessKeysRequest()).Execute()
		if err != nil || len(all.GetAccessKeys()) != 2 {
			t.Fatalf("read all: %+v %v", all, err)
		}
		if _, raw := f.awsSigned(t, "/api/v1/ReadAccessKeys", "oapi", f.ak, f.sk, jsonHeader(), "{}"); strings.Contains(string(raw), "SecretKey") ||
			strings.Contains(string(raw), k.GetSecretKey()) {
			t.Fatalf("a secret key was listed: %s", raw)
		}

		// Deactivated, it no longer signs; an update without ExpirationDate
		// leaves the key not expiring.
		upd := osc.NewUpdateAccessKeyRequest(k.GetAccessKeyId())
		upd.SetState("INACTIVE")
		updated, _, err := c.AccessKeyApi.UpdateAccessKey(root).UpdateAccessKeyRequest(*upd).Execute()
		if err != nil || updated.AccessKey.GetState() != "INACTIVE" || updated.AccessKey.ExpirationDate != nil {
			t.Fatalf("deactivate: %+v %v", updated, err)
		}
		_, httpResp, err := c.AccountApi.ReadAccounts(second).ReadAccountsRequest(*osc.NewReadAccountsRequest()).Execute()
		wantOAPIError(t, err, httpResp, 401, "1")

		upd.SetState("ACTIVE")
		upd.SetExpirationDate(time.Now().Add(time.Hour).UTC().Format("2006-01-02T15:04:05.000+0000"))
		updated, _, err = c.AccessKeyApi.UpdateAccessKey(root).UpdateAccessKeyRequest(*upd).Execute()
		if err != nil || updated.AccessKey.GetState() != "ACTIVE" || updated.AccessKey.ExpirationDate == nil {
			t.Fatalf("reactivate: %+v %v", updated, err)
		}
		if _, _, err := c.AccountApi.ReadAccounts(second).ReadAccountsRequest(*osc.NewReadAccountsRequest()).Execute(); err != nil {
			t.Fatalf("reactivated key refused: %v", err)
		}

		bad := osc.NewUpdateAccessKeyRequest("tot")
		bad.SetState("ACTIVE")
		_, httpResp, err = c.AccessKeyApi.UpdateAccessKey(root).UpdateAccessKeyRequest(*bad).Execute()
		wantOAPIError(t, err, httpResp, 400, "4122")
		bad = osc.NewUpdateAccessKeyRequest(k.GetAccessKeyId())
		bad.SetState("tot")
		_, httpResp, err = c.AccessKeyApi.UpdateAccessKey(root).UpdateAccessKeyRequest(*bad).Execute()
		wantOAPIError(t, err, httpResp, 400, "4123")
		bad = osc.NewUpdateAccessKeyRequest(k.GetAccessKeyId())
		bad.SetState("ACTIVE")
		bad.SetExpirationDate("foobar")
		_, httpResp, err = c.AccessKeyApi.UpdateAccessKey(root).UpdateAccessKeyRequest(*bad).Execute()
		wantOAPIError(t, err, httpResp, 400, "4123")
		_, httpResp, err = c.AccessKeyApi.UpdateAccessKey(root).UpdateAccessKeyRequest(*osc.NewUpdateAccessKeyRequest(k.GetAccessKeyId())).Execute()
		wantOAPIError(t, err, httpResp, 400, "7000") // no State

		if _, _, err := c.AccessKeyApi.DeleteAccessKey(root).DeleteAccessKeyRequest(*osc.NewDeleteAccessKeyRequest(k.GetAccessKeyId())).Execute(); err != nil {
			t.Fatal(err)
		}
		// With the password: the same signed call in the same second would
		// be the same request again, a replay.
		_, httpResp, err = c.AccessKeyApi.DeleteAccessKey(basicCtx(f.email, f.pass)).DeleteAccessKeyRequest(*osc.NewDeleteAccessKeyRequest(k.GetAccessKeyId())).Execute()
		wantOAPIError(t, err, httpResp, 400, "5076")
		_, httpResp, err = c.AccessKeyApi.DeleteAccessKey(root).DeleteAccessKeyRequest(*osc.NewDeleteAccessKeyRequest("")).Execute()
		wantOAPIError(t, err, httpResp, 400, "7000")
	})
	t.Run("DryRun", func(t *testing.T) {
		req := osc.NewCreateAccessKeyRequest()
		req.SetDryRun(true)
		resp, _, err := c.AccessKeyApi.CreateAccessKey(root).CreateAccessKeyRequest(*req).Execute()
		if err != nil || resp.AccessKey != nil || resp.ResponseContext.GetRequestId() == "" {
			t.Fatalf("dry run: %+v %v", resp, err)
		}
		all, _, _ := c.AccessKeyApi.ReadAccessKeys(root).ReadAccessKeysRequest(*osc.NewReadAccessKeysRequest()).Execute()
		if len(all.GetAccessKeys()) != 1 {
			t.Fatalf("a dry run created a key: %+v", all)
		}
	})
	t.Run("BasicAuth", func(t *testing.T) {
		list, _, err := c.AccessKeyApi.ReadAccessKeys(basicCtx(f.email, f.pass)).ReadAccessKeysRequest(*osc.NewReadAccessKeysRequest()).Execute()
		if err != nil || len(list.GetAccessKeys()) != 1 {
			t.Fatalf("basic: %+v %v", list, err)
		}
		_, httpResp, err := c.AccessKeyApi.ReadAccessKeys(basicCtx(f.email, "wrong-Pass-999")).ReadAccessKeysRequest(*osc.NewReadAccessKeysRequest()).Execute()
		wantOAPIError(t, err, httpResp, 401, "1")
		_, httpResp, err = c.AccountApi.ReadAccounts(basicCtx(f.email, f.pass)).ReadAccountsRequest(*osc.NewReadAccountsRequest()).Execute()
		wantOAPIError(t, err, httpResp, 401, "9") // AK/SK only
		// Login/password is checked without opening a session.
		if sessions, _ := f.svc.Auth.SessionsPage(identity.WithPrincipal(context.Background(),
			identity.Principal{Kind: identity.UserToken, UserID: f.root.ID, AccountID: f.account.ID}), identity.Page{}); len(sessions.Items) != 0 {
			t.Fatalf("login/password left %d sessions open", len(sessions.Items))
		}
	})
	t.Run("ErrWrongSignature", func(t *testing.T) {
		_, httpResp, err := c.AccountApi.ReadAccounts(signedCtx(f.ak, strings.Repeat("A", 40))).ReadAccountsRequest(*osc.NewReadAccountsRequest()).Execute()
		f.golden(t, "oapi_error_signature.json", wantOAPIError(t, err, httpResp, 401, "1"))
		_, httpResp, err = c.AccountApi.ReadAccounts(signedCtx("ABCDEFGHIJ0123456789", f.sk)).ReadAccountsRequest(*osc.NewReadAccountsRequest()).Execute()
		if body := wantOAPIError(t, err, httpResp, 401, "1"); !strings.Contains(string(body), "the access key or the signature is invalid") {
			t.Fatalf("an unknown key is told apart from a bad signature: %s", body)
		}
		_, httpResp, err = c.AccountApi.ReadAccounts(context.Background()).ReadAccountsRequest(*osc.NewReadAccountsRequest()).Execute()
		wantOAPIError(t, err, httpResp, 401, "1")
	})
	t.Run("ErrSkewedClock", func(t *testing.T) {
		for _, skew := range []time.Duration{6 * time.Minute, -6 * time.Minute} {
			f.later.Store(int64(skew))
			_, httpResp, err := c.AccountApi.ReadAccounts(root).ReadAccountsRequest(*osc.NewReadAccountsRequest()).Execute()
			f.later.Store(0)
			if body := wantOAPIError(t, err, httpResp, 401, "1"); !strings.Contains(string(body), "5m0s") {
				t.Fatalf("skew %v: %s", skew, body)
			}
		}
		f.later.Store(int64(4 * time.Minute))
		defer f.later.Store(0)
		if _, _, err := c.AccountApi.ReadAccounts(root).ReadAccountsRequest(*osc.NewReadAccountsRequest()).Execute(); err != nil {
			t.Fatalf("4 minutes of skew refused: %v", err)
		}
	})
	t.Run("OscCLIDoubleSlashOSC4", func(t *testing.T) {
		// What osc-cli sends for `osc-cli api ReadAccessKeys`: the URL has
		// a double slash, the signature covers /api/latest/ReadAccessKeys.
		body := `{"Filters": {"States": ["ACTIVE"]}}`
		date := time.Now().UTC().Format("20060102T150405Z")
		host := strings.TrimPrefix(f.srv.URL, "http://")
		auth := oscCLISign("OSC4-HMAC-SHA256", "OSC4", "osc4_request", "api", f.ak, f.sk, date, "/api/latest/ReadAccessKeys",
			[][2]string{{"host", host}, {"x-osc-date", date}, {"x-osc-target", "OutscaleService.ReadAccessKeys"}}, body)
		req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"//api/latest/ReadAccessKeys", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("User-agent", "osc_sdk/1.11.0")
		req.Header.Set("X-Osc-Date", date)
		req.Header.Set("x-osc-target", "OutscaleService.ReadAccessKeys")
		req.Header.Set("Authorization", auth)
		resp, got := do(t, req)
		if resp.StatusCode != 200 || !strings.Contains(string(got), f.ak) || resp.Header.Get("Content-Type") != "application/json" {
			t.Fatalf("%d %s", resp.StatusCode, got)
		}
	})
	t.Run("ErrTooManyKeys", func(t *testing.T) {
		var err error
		var httpResp *http.Response
		for i := 0; i < 10 && err == nil; i++ { // the root user holds one key already
			// Each a request of its own: the same one in the same second is a replay.
			req := osc.NewCreateAccessKeyRequest()
			req.SetExpirationDate(time.Now().AddDate(0, 0, i+1).Format("2006-01-02"))
			_, httpResp, err = c.AccessKeyApi.CreateAccessKey(root).CreateAccessKeyRequest(*req).Execute()
		}
		wantOAPIError(t, err, httpResp, 400, "10022")
	})
	t.Run("ErrUnknownOperation", func(t *testing.T) {
		resp, got := f.awsSigned(t, "/api/v1/ReadVms", "oapi", f.ak, f.sk, jsonHeader(), "{}")
		if resp.StatusCode != 400 || !strings.Contains(string(got), `"Code":"3001"`) || resp.Header.Get("Content-Type") != "application/json" {
			t.Fatalf("%d %s", resp.StatusCode, got)
		}
	})
}

func jsonHeader() http.Header {
	return http.Header{"Content-Type": {"application/json"}, "Accept": {"application/json"}}
}
