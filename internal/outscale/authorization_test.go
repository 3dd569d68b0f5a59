package outscale_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
)

// The users the authorization tests add to the fixture's account: an IAM
// administrator and a plain user, each with an email (their login) and an
// access key.
const (
	opsEmail = "ops@acme.test"
	opsPass  = "Night-Owl-Battery-42"
	bobEmail = "bob@acme.test"
	bobPass  = "Quiet-Lake-Battery-42"
)

type iamUser struct {
	user   *identity.User
	ak, sk string
}

// mustIAMUser creates a user of the fixture's account and an access key
// for it, through the core as the root user.
func (f *fixture) mustIAMUser(t *testing.T, name, email, pw string, admin bool) iamUser {
	t.Helper()
	u, err := f.svc.Users.Create(f.rootCtx(), identity.NewUser{Name: name, Email: email, Admin: admin, Password: pw})
	if err != nil {
		t.Fatal(err)
	}
	k, err := f.svc.AccessKeys.Create(f.rootCtx(), identity.NewAccessKey{UserName: name})
	if err != nil {
		t.Fatal(err)
	}
	f.outbox(t) // the key-created notices
	return iamUser{user: u, ak: k.Key.ID, sk: k.SecretKey}
}

// wantOAPIDenied checks an OAPI refusal exactly as errors.go spells a
// forbidden action: HTTP 401, one error with Code 4 and Type AccessDenied,
// Details, the RequestId, application/json.
func wantOAPIDenied(t *testing.T, resp *http.Response, body []byte) {
	t.Helper()
	var got struct {
		Errors          []struct{ Code, Type, Details string }
		ResponseContext struct{ RequestId string }
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("body %s: %v", body, err)
	}
	if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("Content-Type") != "application/json" ||
		len(got.Errors) != 1 || got.Errors[0].Code != "4" || got.Errors[0].Type != "AccessDenied" || got.Errors[0].Details == "" ||
		got.ResponseContext.RequestId != goldenRequestID {
		t.Fatalf("got %d %s %s, want 401 with Code 4 AccessDenied", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
}

// wantICUDenied checks an ICU refusal exactly as errors.go spells it: HTTP
// 403, {"__type":"AccessDenied","message":…}, and nothing else.
func wantICUDenied(t *testing.T, resp *http.Response, body []byte) {
	t.Helper()
	got := wantICU(t, resp, body, http.StatusForbidden, "AccessDenied")
	if len(got) != 2 {
		t.Fatalf("got %s, want only __type and message", body)
	}
}

// rootKeys returns the root user's keys, read through the core as root.
func (f *fixture) rootKeys(t *testing.T) []*identity.AccessKey {
	t.Helper()
	keys, err := f.svc.AccessKeys.List(f.rootCtx(), identity.AccessKeyFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// TestRootKeysRefusedToIAMAdmin is hole 1 of issue 11: an IAM administrator
// named the root user in UserName and got a secret key of the root user
// (then UpdateAccount, SendResetPasswordEmail, ResetAccountPassword: the
// account). Every access-key call naming the root user is refused, with
// Basic as with the administrator's own key, and changes nothing.
func TestRootKeysRefusedToIAMAdmin(t *testing.T) {
	f := mustFixture(t)
	ops := f.mustIAMUser(t, "ops", opsEmail, opsPass, true)
	root := f.root.Name
	calls := []struct{ op, body string }{
		{"CreateAccessKey", `{"UserName":"` + root + `"}`},
		{"ReadAccessKeys", `{"UserName":"` + root + `"}`},
		{"UpdateAccessKey", `{"UserName":"` + root + `","AccessKeyId":"` + f.ak + `","State":"INACTIVE"}`},
		{"DeleteAccessKey", `{"UserName":"` + root + `","AccessKeyId":"` + f.ak + `"}`},
	}
	for _, c := range calls {
		t.Run("ErrBasic"+c.op, func(t *testing.T) {
			resp, body := f.basicCall(t, c.op, opsEmail, opsPass, c.body)
			wantOAPIDenied(t, resp, body)
			if strings.Contains(string(body), "SecretKey") {
				t.Fatalf("a secret key in a refusal: %s", body)
			}
		})
		t.Run("ErrSigned"+c.op, func(t *testing.T) {
			resp, body := f.awsSigned(t, "/api/v1/"+c.op, "oapi", ops.ak, ops.sk, jsonHeader(), c.body)
			wantOAPIDenied(t, resp, body)
		})
	}
	keys := f.rootKeys(t)
	if len(keys) != 1 || keys[0].ID != f.ak || keys[0].State != identity.AccessKeyActive {
		t.Fatalf("the root user's keys changed: %+v", keys)
	}
	if msgs := f.outbox(t); len(msgs) != 0 {
		t.Fatalf("notifications were queued: %+v", msgs)
	}
	// The administrator still manages the other users' keys.
	f.mustIAMUser(t, "carol", "carol@acme.test", "Green-Hill-Battery-42", false)
	resp, body := f.basicCall(t, "CreateAccessKey", opsEmail, opsPass, `{"UserName":"carol"}`)
	wantOAPI(t, resp, body, http.StatusOK, "")
	if !strings.Contains(string(body), `"SecretKey"`) {
		t.Fatalf("got %s", body)
	}
}

// TestRootTakeoverChainCannotStart walks the takeover chain of hole 1 as
// an IAM administrator: without a key of the root user, the account's
// email cannot be changed, so no reset link reaches the attacker, and the
// root user's password stays.
func TestRootTakeoverChainCannotStart(t *testing.T) {
	f := mustFixture(t)
	ops := f.mustIAMUser(t, "ops", opsEmail, opsPass, true)
	const attacker = "mallory@evil.test"

	resp, body := f.basicCall(t, "CreateAccessKey", opsEmail, opsPass, `{"UserName":"`+f.root.Name+`"}`)
	wantOAPIDenied(t, resp, body)
	resp, body = f.awsSigned(t, "/api/v1/UpdateAccount", "oapi", ops.ak, ops.sk, jsonHeader(), `{"Email":"`+attacker+`"}`)
	wantOAPIDenied(t, resp, body)
	resp, body = f.oscCLIICU(t, "UpdateAccount", icuBody("UpdateAccount", `, "Email": "`+attacker+`"`, accessKeyAuth), ops.ak, ops.sk)
	wantICUDenied(t, resp, body)

	resp, body = f.oldSDK(t, "SendResetPasswordEmail", `{"Email":"`+attacker+`"}`)
	wantOAPI(t, resp, body, http.StatusOK, "")
	for _, m := range f.outbox(t) {
		if m.To == attacker || m.Template == notify.ResetLink {
			t.Fatalf("a mail went out: %+v", m)
		}
	}
	a, err := f.svc.Accounts.Get(f.rootCtx())
	if err != nil {
		t.Fatal(err)
	}
	if a.Profile.Email != f.email {
		t.Fatalf("the account's email is %q", a.Profile.Email)
	}
	if _, err := f.svc.Auth.Login(context.Background(), identity.LoginInput{Email: f.email, Password: f.pass}); err != nil {
		t.Fatalf("the root user's password no longer works: %v", err)
	}
}

// TestForbiddenAnswers: a refused action is an error on both Outscale
// APIs, never a success: a user who is no administrator updating the
// account, and an IAM administrator touching the root user's keys through
// ICU, which names no user (the key reads as another user's: not found).
func TestForbiddenAnswers(t *testing.T) {
	f := mustFixture(t)
	bob := f.mustIAMUser(t, "bob", bobEmail, bobPass, false)
	ops := f.mustIAMUser(t, "ops", opsEmail, opsPass, true)

	t.Run("OAPIUpdateAccountNotAdmin", func(t *testing.T) {
		resp, body := f.awsSigned(t, "/api/v1/UpdateAccount", "oapi", bob.ak, bob.sk, jsonHeader(), `{"City":"Lyon"}`)
		wantOAPIDenied(t, resp, body)
	})
	t.Run("OAPIOtherUsersKeysNotAdmin", func(t *testing.T) {
		resp, body := f.basicCall(t, "ReadAccessKeys", bobEmail, bobPass, `{"UserName":"ops"}`)
		wantOAPIDenied(t, resp, body)
		resp, body = f.basicCall(t, "CreateAccessKey", bobEmail, bobPass, `{"UserName":"ops"}`)
		wantOAPIDenied(t, resp, body)
	})
	t.Run("ICUUpdateAccountNotAdmin", func(t *testing.T) {
		resp, body := f.oscCLIICU(t, "UpdateAccount", icuBody("UpdateAccount", `, "City": "Lyon"`, accessKeyAuth), bob.ak, bob.sk)
		wantICUDenied(t, resp, body)
	})
	t.Run("ICURootKeyAsIAMAdmin", func(t *testing.T) {
		for _, c := range []struct{ action, params string }{
			{"GetAccessKey", `, "AccessKeyId": "` + f.ak + `"`},
			{"UpdateAccessKey", `, "AccessKeyId": "` + f.ak + `", "Status": "INACTIVE"`},
			{"DeleteAccessKey", `, "AccessKeyId": "` + f.ak + `"`},
		} {
			resp, body := f.oscCLIICU(t, c.action, icuBody(c.action, c.params, accessKeyAuth), ops.ak, ops.sk)
			wantICU(t, resp, body, http.StatusBadRequest, "NoSuchEntity")
		}
		if keys := f.rootKeys(t); len(keys) != 1 || keys[0].State != identity.AccessKeyActive {
			t.Fatalf("the root user's keys changed: %+v", keys)
		}
	})
	a, err := f.svc.Accounts.Get(f.rootCtx())
	if err != nil {
		t.Fatal(err)
	}
	if a.Profile.City == "Lyon" {
		t.Fatal("a refused UpdateAccount changed the account")
	}
}
