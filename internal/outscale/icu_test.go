package outscale_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// icuBody is an ICU body byte for byte as osc-cli writes it (Python's
// json.dumps: ", " and ": " separators; Action, Filters, Version, the
// call's parameters, then AuthenticationMethod).
func icuBody(action, params, auth string) string {
	return `{"Action": "` + action + `", "Filters": [], "Version": "` + time.Now().Format("2006-01-02") + `"` + params + auth + `}`
}

const accessKeyAuth = `, "AuthenticationMethod": "accesskey"`

// oscCLIICU sends an ICU call with the headers osc-cli sends, signed as it
// signs: host;x-amz-date;x-amz-target, service icu.
func (f *fixture) oscCLIICU(t *testing.T, action, body, ak, sk string) (*http.Response, []byte) {
	t.Helper()
	date := time.Now().UTC().Format("20060102T150405Z")
	target := "TinaIcuService." + action
	host := strings.TrimPrefix(f.srv.URL, "http://")
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL, strings.NewReader(body))
	req.Header.Set("content-type", "application/x-amz-json-1.1")
	req.Header.Set("x-amz-date", date)
	req.Header.Set("x-amz-target", target)
	req.Header.Set("User-agent", "osc_sdk/1.11.0")
	req.Header.Set("Authorization", oscCLISign("AWS4-HMAC-SHA256", "AWS4", "aws4_request", "icu", ak, sk, date, "/",
		[][2]string{{"host", host}, {"x-amz-date", date}, {"x-amz-target", target}}, body))
	return do(t, req)
}

// icuHeader is what curl --aws-sigv4 sends besides what it signs itself.
func icuHeader(action string) http.Header {
	return http.Header{"Content-Type": {"application/x-amz-json-1.1"}, "X-Amz-Target": {"TinaIcuService." + action}}
}

func wantICU(t *testing.T, resp *http.Response, body []byte, status int, errType string) map[string]any {
	t.Helper()
	var got map[string]any
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("body %s: %v", body, err)
	}
	if resp.StatusCode != status || resp.Header.Get("x-amz-requestid") == "" || resp.Header.Get("Content-Type") != "application/x-amz-json-1.1" {
		t.Fatalf("got %d %v %s, want %d", resp.StatusCode, resp.Header, body, status)
	}
	if errType != "" && (got["__type"] != errType || got["message"] == "") {
		t.Fatalf("got %s, want __type %s", body, errType)
	}
	if errType == "" {
		md, _ := got["ResponseMetadata"].(map[string]any)
		if md["RequestId"] != goldenRequestID {
			t.Fatalf("no ResponseMetadata.RequestId: %s", body)
		}
	}
	return got
}

func TestICU(t *testing.T) {
	f := mustFixture(t)

	t.Run("ListAccessKeysAsOscCLI", func(t *testing.T) {
		resp, body := f.oscCLIICU(t, "ListAccessKeys", icuBody("ListAccessKeys", "", accessKeyAuth), f.ak, f.sk)
		got := wantICU(t, resp, body, 200, "")
		keys, _ := got["accessKeys"].([]any)
		if len(keys) != 1 || keys[0].(map[string]any)["accessKeyId"] != f.ak || keys[0].(map[string]any)["status"] != "ACTIVE" ||
			keys[0].(map[string]any)["ownerId"] != f.account.ID || strings.Contains(string(body), "secretAccessKey") {
			t.Fatalf("got %s", body)
		}
	})
	t.Run("ReadAccount", func(t *testing.T) {
		resp, body := f.awsSigned(t, "/", "icu", f.ak, f.sk, icuHeader("ReadAccount"), icuBody("ReadAccount", "", accessKeyAuth))
		wantICU(t, resp, body, 200, "")
		f.golden(t, "icu_read_account.json", body)
	})
	t.Run("UpdateAccount", func(t *testing.T) {
		resp, body := f.oscCLIICU(t, "UpdateAccount", icuBody("UpdateAccount", `, "City": "Lyon", "ZipCode": "69001"`, accessKeyAuth), f.ak, f.sk)
		got := wantICU(t, resp, body, 200, "")
		if a := got["Account"].(map[string]any); a["City"] != "Lyon" || a["ZipCode"] != "69001" || a["AccountPid"] != f.account.ID {
			t.Fatalf("got %s", body)
		}
		resp, body = f.oscCLIICU(t, "UpdateAccount", icuBody("UpdateAccount", `, "Email": "foo"`, accessKeyAuth), f.ak, f.sk)
		wantICU(t, resp, body, 400, "IcuClientException")
		resp, body = f.oscCLIICU(t, "UpdateAccount", icuBody("UpdateAccount", `, "Password": "x"`, accessKeyAuth), f.ak, f.sk)
		wantICU(t, resp, body, 400, "IcuClientException")
	})
	t.Run("AccessKeyLifecycle", func(t *testing.T) {
		resp, body := f.oscCLIICU(t, "CreateAccessKey", icuBody("CreateAccessKey", "", accessKeyAuth), f.ak, f.sk)
		got := wantICU(t, resp, body, 200, "")
		k := got["accessKey"].(map[string]any)
		id, sk := k["accessKeyId"].(string), k["secretAccessKey"].(string)
		if !regexp.MustCompile(`^[A-Z0-9]{40}$`).MatchString(sk) || k["status"] != "ACTIVE" {
			t.Fatalf("created %s", body)
		}
		// The new key signs, the curl --aws-sigv4 way.
		resp, body = f.awsSigned(t, "/", "icu", id, sk, icuHeader("GetAccessKey"), icuBody("GetAccessKey", `, "AccessKeyId": "`+id+`"`, accessKeyAuth))
		if got := wantICU(t, resp, body, 200, ""); got["accessKey"].(map[string]any)["accessKeyId"] != id {
			t.Fatalf("get %s", body)
		}
		resp, body = f.oscCLIICU(t, "UpdateAccessKey", icuBody("UpdateAccessKey", `, "AccessKeyId": "`+id+`", "Status": "INACTIVE"`, accessKeyAuth), f.ak, f.sk)
		if got := wantICU(t, resp, body, 200, ""); got["accessKey"].(map[string]any)["status"] != "INACTIVE" {
			t.Fatalf("update %s", body)
		}
		resp, body = f.oscCLIICU(t, "ReadAccount", icuBody("ReadAccount", "", accessKeyAuth), id, sk)
		wantICU(t, resp, body, 401, "AuthFailure")
		f.golden(t, "icu_error_auth.json", body)
		resp, body = f.oscCLIICU(t, "DeleteAccessKey", icuBody("DeleteAccessKey", `, "AccessKeyId": "`+id+`"`, accessKeyAuth), f.ak, f.sk)
		if got := wantICU(t, resp, body, 200, ""); got["Return"] != true {
			t.Fatalf("delete %s", body)
		}
		// Signed the curl way: osc-cli's signature of the same call in the
		// same second would be the same request again, a replay.
		resp, body = f.awsSigned(t, "/", "icu", f.ak, f.sk, icuHeader("DeleteAccessKey"), icuBody("DeleteAccessKey", `, "AccessKeyId": "`+id+`"`, accessKeyAuth))
		wantICU(t, resp, body, 400, "NoSuchEntity")
	})
	t.Run("Password", func(t *testing.T) {
		creds := `, "AuthenticationMethod": "password", "Login": "` + f.email + `", "Password": "` + f.pass + `"`
		req, _ := http.NewRequest(http.MethodPost, f.srv.URL, strings.NewReader(icuBody("ListAccessKeys", "", creds)))
		req.Header.Set("content-type", "application/x-amz-json-1.1")
		req.Header.Set("x-amz-target", "TinaIcuService.ListAccessKeys")
		req.Header.Set("Authorization", "Basic "+base64.URLEncoding.EncodeToString([]byte(f.email+":"+f.pass)))
		resp, body := do(t, req)
		if got := wantICU(t, resp, body, 200, ""); len(got["accessKeys"].([]any)) != 1 {
			t.Fatalf("got %s", body)
		}
		// Login and Password in the body alone are enough.
		req, _ = http.NewRequest(http.MethodPost, f.srv.URL, strings.NewReader(icuBody("ListAccessKeys", "", creds)))
		req.Header.Set("x-amz-target", "TinaIcuService.ListAccessKeys")
		resp, body = do(t, req)
		wantICU(t, resp, body, 200, "")

		wrong := `, "AuthenticationMethod": "password", "Login": "` + f.email + `", "Password": "wrong-Pass-999"`
		req, _ = http.NewRequest(http.MethodPost, f.srv.URL, strings.NewReader(icuBody("ListAccessKeys", "", wrong)))
		req.Header.Set("x-amz-target", "TinaIcuService.ListAccessKeys")
		resp, body = do(t, req)
		wantICU(t, resp, body, 401, "AuthFailure")

		req, _ = http.NewRequest(http.MethodPost, f.srv.URL, strings.NewReader(icuBody("ReadAccount", "", creds)))
		req.Header.Set("x-amz-target", "TinaIcuService.ReadAccount")
		resp, body = do(t, req)
		wantICU(t, resp, body, 401, "AuthFailure") // AK/SK only
	})
	t.Run("ErrNoAuthenticationMethod", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, f.srv.URL, strings.NewReader(icuBody("ListAccessKeys", "", "")))
		req.Header.Set("content-type", "application/x-amz-json-1.1")
		req.Header.Set("x-amz-target", "TinaIcuService.ListAccessKeys")
		resp, body := do(t, req)
		got := wantICU(t, resp, body, 400, "IcuClientException")
		if got["message"] != "Field AuthenticationMethod is required" {
			t.Fatalf("got %s", body)
		}
		f.golden(t, "icu_error_no_authentication_method.json", body)
	})
	t.Run("ErrWrongSignature", func(t *testing.T) {
		resp, body := f.oscCLIICU(t, "ListAccessKeys", icuBody("ListAccessKeys", "", accessKeyAuth), f.ak, strings.Repeat("B", 40))
		wantICU(t, resp, body, 401, "AuthFailure")
	})
	t.Run("NotICUWithoutTarget", func(t *testing.T) {
		resp, _ := do(t, mustRequest(t, f.srv.URL+"/", icuBody("ListAccessKeys", "", accessKeyAuth)))
		if resp.StatusCode != http.StatusNotFound {
			t.Fatalf("POST / without X-Amz-Target reached the face: %d", resp.StatusCode)
		}
	})
}

func mustRequest(t *testing.T, url, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return req
}
