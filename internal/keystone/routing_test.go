package keystone_test

import (
	"strings"
	"testing"
)

// TestRoutingAndBodyAnswers pins the face's answers to unknown paths, wrong
// methods and bodies it cannot read, on /v3 (Keystone's format) and /v3.0
// (Huawei's): the route table and the decoder are shared plumbing, and these
// answers are the face's own.
func TestRoutingAndBodyAnswers(t *testing.T) {
	e := mustEnv(t)
	tok := e.mustToken(t, "alice", alicePassword)
	auth := map[string]string{"X-Auth-Token": tok}
	user := "/v3/users/" + e.alice.ID
	tests := []struct {
		name, method, path string
		headers            map[string]string
		body               string
		status             int
		allow              string
		want               string // in the body
	}{
		{"Version", "GET", "/v3", nil, "", 200, "", `"id":"v3.14"`},
		{"VersionSlash", "GET", "/v3/", nil, "", 200, "", `"id":"v3.14"`},
		{"ErrNotFound", "GET", "/v3/nothing", nil, "", 404, "", `{"error":{"code":404,"title":"Not Found","message":"The requested URL was not found on the server.`},
		{"ErrNotFoundHuawei", "GET", "/v3.0/nothing", nil, "", 404, "", `{"error_msg":"Could not find resource: /v3.0/nothing.","error_code":"IAM.0004"}`},
		{"ErrNotFoundTrailingSlash", "GET", user + "/", auth, "", 404, "", `"code":404`},
		{"ErrNotFoundUncleanPath", "GET", "/v3//auth/tokens", auth, "", 404, "", `"code":404`},
		{"ErrMethod", "DELETE", user, auth, "", 405, "GET, PATCH", `{"error":{"code":405,"title":"Method Not Allowed","message":"The method is not allowed for the requested URL."}}`},
		{"ErrMethodHead", "HEAD", user, auth, "", 405, "GET, PATCH", ""},
		{"ErrMethodHuawei", "POST", "/v3.0/OS-USER/users/" + e.alice.ID, auth, "", 405, "GET, PUT", `{"error_msg":"The method is not allowed for the requested URL.","error_code":"IAM.0005"}`},
		{"ErrMethodTokens", "PUT", "/v3/auth/tokens", nil, "", 405, "GET, HEAD, POST, DELETE", `"code":405`},
		{"ErrContentType", "POST", "/v3/auth/tokens", map[string]string{"Content-Type": "text/plain"}, `{}`, 400, "", `"message":"Expecting to find application/json in Content-Type header.`},
		{"ErrContentTypePlusJSON", "PATCH", user, map[string]string{"X-Auth-Token": tok, "Content-Type": "application/merge-patch+json"}, `{"user":{}}`, 400, "", `Expecting to find application/json in Content-Type header.`},
		{"ErrMalformed", "POST", "/v3/auth/tokens", nil, `{"auth":`, 400, "", `"message":"Expecting to find valid JSON in request body.`},
		{"ErrTrailing", "POST", "/v3/auth/tokens", nil, `{} {}`, 400, "", `"message":"Expecting to find valid JSON in request body.`},
		{"ErrNotObject", "POST", "/v3/auth/tokens", nil, `[]`, 400, "", `"message":"Invalid input for field '': expected struct, got array"`},
		{"ErrType", "PATCH", user, auth, `{"user":{"name":5}}`, 400, "", `"message":"Invalid input for field 'user.name': expected string, got number"`},
		{"ErrUnknown", "PATCH", user, auth, `{"user":{"nickname":"x"}}`, 400, "", `"message":"Invalid input for field 'user': Additional properties are not allowed ('nickname' was unexpected)"`},
		{"ErrUnknownHuawei", "PUT", "/v3.0/OS-USER/users/" + e.alice.ID, auth, `{"user":{"nickname":"x"}}`, 400, "", `{"error_msg":"Request parameter nickname is invalid.","error_code":"IAM.0007"}`},
		{"ErrMalformedHuawei", "PUT", "/v3.0/OS-USER/users/" + e.alice.ID, auth, `{"user":`, 400, "", `{"error_msg":"Request body is invalid.","error_code":"IAM.0011"}`},
		{"ErrTooLarge", "POST", "/v3/auth/tokens", nil, `{"auth":"` + strings.Repeat("a", 64<<10) + `"}`, 413, "", `"message":"Request is too large."`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(t, tt.method, tt.path, tt.headers, tt.body)
			if r.status != tt.status || r.header.Get("Allow") != tt.allow || !strings.Contains(r.body, tt.want) {
				t.Fatalf("%s %s: %d Allow %q\n%s", tt.method, tt.path, r.status, r.header.Get("Allow"), r.body)
			}
			if tt.want != "" && (r.header.Get("Content-Type") != "application/json" || r.header.Get("Vary") != "X-Auth-Token") {
				t.Fatalf("Content-Type %q Vary %q", r.header.Get("Content-Type"), r.header.Get("Vary"))
			}
		})
	}
}
