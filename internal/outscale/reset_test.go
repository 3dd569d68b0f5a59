package outscale_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	osc "github.com/outscale/osc-sdk-go/v2"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
)

// oldSDK sends an OAPI call with no credentials, the way osc-sdk-go v2.18
// sends SendResetPasswordEmail and ResetAccountPassword (those calls left
// the SDK in v2.19.0; v2.35.0 cannot make them).
func (f *fixture) oldSDK(t *testing.T, op, body string) (*http.Response, []byte) {
	t.Helper()
	req := mustRequest(t, f.srv.URL+"/api/v1/"+op, body)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "osc-sdk-go/2.18.1")
	return do(t, req)
}

// wantOAPI checks an OAPI answer's status, content type and, for an error,
// Errors[0].Code; it returns the body.
func wantOAPI(t *testing.T, resp *http.Response, body []byte, status int, code string) []byte {
	t.Helper()
	var got struct {
		Errors          []struct{ Code, Type, Details string }
		ResponseContext struct{ RequestId string }
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("body %s: %v", body, err)
	}
	if resp.StatusCode != status || resp.Header.Get("Content-Type") != "application/json" || got.ResponseContext.RequestId != goldenRequestID {
		t.Fatalf("got %d %s %s, want %d", resp.StatusCode, resp.Header.Get("Content-Type"), body, status)
	}
	if code != "" && (len(got.Errors) != 1 || got.Errors[0].Code != code) {
		t.Fatalf("got %s, want code %s", body, code)
	}
	return body
}

func TestOAPIReset(t *testing.T) {
	f := mustFixture(t)
	send := `{"Email":"` + f.email + `"}`

	t.Run("SendResetPasswordEmail", func(t *testing.T) {
		resp, body := f.oldSDK(t, "SendResetPasswordEmail", send)
		f.golden(t, "oapi_send_reset_password_email.json", wantOAPI(t, resp, body, 200, ""))
		f.mustResetToken(t, f.email)

		// An unknown email gets the same answer, and nothing is sent.
		resp2, unknown := f.oldSDK(t, "SendResetPasswordEmail", `{"Email":"nobody@acme.test"}`)
		if resp2.StatusCode != resp.StatusCode || string(unknown) != string(body) {
			t.Fatalf("unknown email answered %d %s, known %d %s", resp2.StatusCode, unknown, resp.StatusCode, body)
		}
		if msgs := f.outbox(t); len(msgs) != 0 {
			t.Fatalf("sent %+v", msgs)
		}
	})
	t.Run("CredentialsAreIgnored", func(t *testing.T) {
		// osc-cli: //api/latest/..., Python's separators, no Authorization.
		req := mustRequest(t, f.srv.URL+"//api/latest/SendResetPasswordEmail", `{"Email": "nobody@acme.test"}`)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Osc-Date", time.Now().UTC().Format("20060102T150405Z"))
		req.Header.Set("x-osc-target", "OutscaleService.SendResetPasswordEmail")
		resp, body := do(t, req)
		wantOAPI(t, resp, body, 200, "")
		// A client that signs anyway, even wrongly, is answered the same.
		resp, body = f.awsSigned(t, "/api/v1/SendResetPasswordEmail", "oapi", f.ak, strings.Repeat("B", 40), jsonHeader(), `{"Email":"nobody@acme.test"}`)
		wantOAPI(t, resp, body, 200, "")
	})
	t.Run("ErrSendBadInput", func(t *testing.T) {
		resp, body := f.oldSDK(t, "SendResetPasswordEmail", `{}`)
		wantOAPI(t, resp, body, 400, "7000")
		resp, body = f.oldSDK(t, "SendResetPasswordEmail", `{"Email":"foo"}`)
		wantOAPI(t, resp, body, 400, "4118")
		resp, body = f.oldSDK(t, "SendResetPasswordEmail", `{"Email":"a@b.c","Login":"x"}`)
		wantOAPI(t, resp, body, 400, "3001")
	})

	// A second session of the root user, to see the reset revoke it.
	login, err := f.svc.Auth.Login(context.Background(), identity.LoginInput{Email: f.email, Password: f.pass})
	if err != nil {
		t.Fatal(err)
	}
	f.oldSDK(t, "SendResetPasswordEmail", send)
	token := f.mustResetToken(t, f.email)
	const fresh = "Fresh-Battery-Horse-43"
	reset := func(tok, pw string) (*http.Response, []byte) {
		t.Helper()
		return f.oldSDK(t, "ResetAccountPassword", `{"Token":"`+tok+`","Password":"`+pw+`"}`)
	}

	t.Run("ErrPolicy", func(t *testing.T) {
		resp, body := reset(token, "toto")
		wantOAPI(t, resp, body, 400, "4000")
		if !strings.Contains(string(body), "min_length") || !strings.Contains(string(body), "char_types") {
			t.Fatalf("the failed rules are not named: %s", body)
		}
		f.golden(t, "oapi_error_reset_policy.json", body)
	})
	t.Run("ErrSameAsCurrent", func(t *testing.T) {
		resp, body := reset(token, f.pass)
		wantOAPI(t, resp, body, 409, "9074")
	})
	t.Run("ErrMissing", func(t *testing.T) {
		resp, body := f.oldSDK(t, "ResetAccountPassword", `{"Password":"`+fresh+`"}`)
		wantOAPI(t, resp, body, 400, "7000")
		resp, body = f.oldSDK(t, "ResetAccountPassword", `{"Token":"`+token+`"}`)
		wantOAPI(t, resp, body, 400, "7000")
	})
	t.Run("DryRun", func(t *testing.T) {
		resp, body := f.oldSDK(t, "ResetAccountPassword", `{"Token":"`+token+`","Password":"`+fresh+`","DryRun":true}`)
		wantOAPI(t, resp, body, 200, "")
		if _, err := f.svc.Auth.VerifyPassword(context.Background(), identity.LoginInput{Email: f.email, Password: f.pass}); err != nil {
			t.Fatalf("a dry run changed the password: %v", err)
		}
	})
	t.Run("ResetAccountPassword", func(t *testing.T) {
		resp, body := reset(token, fresh) // the token survived every refusal
		f.golden(t, "oapi_reset_account_password.json", wantOAPI(t, resp, body, 200, ""))

		if _, err := f.svc.Auth.Authenticate(context.Background(), login.Token); err == nil {
			t.Fatal("the reset left another session alive")
		}
		changed := false
		for _, m := range f.outbox(t) {
			changed = changed || m.Template == notify.PasswordChangedShowEmail && m.To == f.email
		}
		if !changed {
			t.Fatal("no password-changed mail")
		}
		c := f.client()
		if _, _, err := c.AccessKeyApi.ReadAccessKeys(basicCtx(f.email, fresh)).ReadAccessKeysRequest(*osc.NewReadAccessKeysRequest()).Execute(); err != nil {
			t.Fatalf("the new password does not work: %v", err)
		}
		_, httpResp, err := c.AccessKeyApi.ReadAccessKeys(basicCtx(f.email, f.pass)).ReadAccessKeysRequest(*osc.NewReadAccessKeysRequest()).Execute()
		wantOAPIError(t, err, httpResp, 401, "1")
	})
	t.Run("ErrTokenReusedUnknownOrExpired", func(t *testing.T) {
		// A token of its own, spent here, so that this step runs alone.
		f.oldSDK(t, "SendResetPasswordEmail", send)
		spent := f.mustResetToken(t, f.email)
		if resp, body := reset(spent, "Spent-Battery-Horse-45"); resp.StatusCode != http.StatusOK {
			t.Fatalf("spending a token: %d %s", resp.StatusCode, body)
		}
		resp, used := reset(spent, "Another-Battery-Horse-44")
		wantOAPI(t, resp, used, 400, "4000")
		_, unknown := reset(strings.Repeat("A", len(token)), "Another-Battery-Horse-44")
		if string(unknown) != string(used) {
			t.Fatalf("an unknown token is told apart from a used one: %s / %s", unknown, used)
		}
		f.oldSDK(t, "SendResetPasswordEmail", send)
		expiring := f.mustResetToken(t, f.email)
		f.later.Add(int64(31 * time.Minute))
		defer f.later.Add(-int64(31 * time.Minute))
		if _, expired := reset(expiring, "Another-Battery-Horse-44"); string(expired) != string(used) {
			t.Fatalf("an expired token is told apart from a used one: %s / %s", expired, used)
		}
	})
}

// icuNoAuth sends an ICU call exactly as osc-cli sends one of its
// NO_AUTH_CALLS (captured): the usual headers, no Authorization.
func (f *fixture) icuNoAuth(t *testing.T, action, body string) (*http.Response, []byte) {
	t.Helper()
	req := mustRequest(t, f.srv.URL, body)
	req.Header.Set("content-type", "application/x-amz-json-1.1")
	req.Header.Set("x-amz-date", time.Now().UTC().Format("20060102T150405Z"))
	req.Header.Set("x-amz-target", "TinaIcuService."+action)
	req.Header.Set("User-agent", "osc_sdk/1.11.0")
	return do(t, req)
}

// The answers seed 000 shows, as documented by Outscale.
const (
	seedSendResetPasswordEmail = `{
  "Return": true,
  "ResponseMetadata": {
    "RequestId": "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxxxxxx"
  }
}`
	seedResetAccountPassword = `{
  "Email": "dominique.dupont@domain.com",
  "ResponseMetadata": {
    "RequestId": "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxxxx"
  }
}`
)

// stringValue matches a JSON string in value position.
var stringValue = regexp.MustCompile(`:\s*"(?:[^"\\]|\\.)*"`)

// masked is doc compacted, with every string value replaced by "*": two
// answers that mask alike differ only in whitespace and string values, and
// have the same names, in the same order, and the same other values.
func masked(t *testing.T, doc []byte) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, stringValue.ReplaceAll(doc, []byte(`:"*"`))); err != nil {
		t.Fatalf("%s: %v", doc, err)
	}
	return b.String()
}

// wantSeedShape checks got against an answer seed 000 shows.
func wantSeedShape(t *testing.T, got []byte, seed string) {
	t.Helper()
	if g, w := masked(t, got), masked(t, []byte(seed)); g != w {
		t.Fatalf("answer %s\nmasked %s\n  seed %s", got, g, w)
	}
}

func TestICUReset(t *testing.T) {
	f := mustFixture(t)
	sendBody := func(email string) string {
		return icuBody("SendResetPasswordEmail", `, "Email": "`+email+`"`, accessKeyAuth)
	}
	resetBody := func(token, pw string) string {
		return icuBody("ResetAccountPassword", `, "Password": "`+pw+`", "Token": "`+token+`"`, accessKeyAuth)
	}

	resp, sent := f.icuNoAuth(t, "SendResetPasswordEmail", sendBody(f.email))
	if got := wantICU(t, resp, sent, 200, ""); got["Return"] != true {
		t.Fatalf("got %s", sent)
	}
	wantSeedShape(t, sent, seedSendResetPasswordEmail)
	f.golden(t, "icu_send_reset_password_email.json", sent)
	token := f.mustResetToken(t, f.email)

	t.Run("UnknownEmailSameAnswer", func(t *testing.T) {
		resp2, unknown := f.icuNoAuth(t, "SendResetPasswordEmail", sendBody("nobody@acme.test"))
		if resp2.StatusCode != resp.StatusCode || string(unknown) != string(sent) {
			t.Fatalf("unknown email answered %d %s", resp2.StatusCode, unknown)
		}
		if msgs := f.outbox(t); len(msgs) != 0 {
			t.Fatalf("sent %+v", msgs)
		}
	})
	t.Run("ErrPolicyViolation", func(t *testing.T) {
		resp, body := f.icuNoAuth(t, "ResetAccountPassword", resetBody(token, "toto"))
		got := wantICU(t, resp, body, 400, "PasswordPolicyViolation")
		if msg := got["message"].(string); !strings.Contains(msg, "min_length") {
			t.Fatalf("the failed rules are not named: %s", body)
		}
		resp, body = f.icuNoAuth(t, "ResetAccountPassword", resetBody(token, f.pass))
		wantICU(t, resp, body, 400, "PasswordPolicyViolation")
	})
	t.Run("ResetAccountPassword", func(t *testing.T) {
		// osc-cli orders the parameters as given; Token first works too.
		body := icuBody("ResetAccountPassword", `, "Token": "`+token+`", "Password": "Fresh-Battery-Horse-43"`, accessKeyAuth)
		resp, got := f.icuNoAuth(t, "ResetAccountPassword", body)
		if m := wantICU(t, resp, got, 200, ""); m["Email"] != f.email {
			t.Fatalf("got %s", got)
		}
		wantSeedShape(t, got, seedResetAccountPassword)
		f.golden(t, "icu_reset_account_password.json", got)
		if _, err := f.svc.Auth.VerifyPassword(context.Background(), identity.LoginInput{Email: f.email, Password: "Fresh-Battery-Horse-43"}); err != nil {
			t.Fatalf("the new password does not work: %v", err)
		}
	})
	t.Run("ErrTokenUsed", func(t *testing.T) {
		// A token of its own, spent here, so that this step runs alone.
		f.icuNoAuth(t, "SendResetPasswordEmail", sendBody(f.email))
		spent := f.mustResetToken(t, f.email)
		if resp, body := f.icuNoAuth(t, "ResetAccountPassword", resetBody(spent, "Spent-Battery-Horse-45")); resp.StatusCode != http.StatusOK {
			t.Fatalf("spending a token: %d %s", resp.StatusCode, body)
		}
		resp, body := f.icuNoAuth(t, "ResetAccountPassword", resetBody(spent, "Another-Battery-Horse-44"))
		wantICU(t, resp, body, 400, "IcuClientException")
	})
	t.Run("ErrMissingToken", func(t *testing.T) {
		resp, body := f.icuNoAuth(t, "ResetAccountPassword", icuBody("ResetAccountPassword", `, "Password": "x"`, accessKeyAuth))
		wantICU(t, resp, body, 400, "IcuClientException")
	})
}
