package outscale_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestRoutingAndBodyAnswers pins, byte for byte, the face's answers to
// paths and methods it does not serve and to bodies it cannot read: the
// router, the body reader and the JSON writer are shared plumbing, and
// these answers are Outscale's (no trailing newline, as the API sends).
func TestRoutingAndBodyAnswers(t *testing.T) {
	f := mustFixture(t)
	oapiErr := func(code, typ, details string) string {
		return `{"Errors":[{"Code":"` + code + `","Type":"` + typ + `","Details":"` + details + `"}],"ResponseContext":{"RequestId":"` + goldenRequestID + `"}}`
	}
	const reset = "/api/v1/SendResetPasswordEmail"
	icu := http.Header{"X-Amz-Target": {"TinaIcuService.SendResetPasswordEmail"}, "Content-Type": {"application/x-amz-json-1.1"}}
	tests := []struct {
		name, method, path string
		header             http.Header
		body               string
		status             int
		contentType, want  string
	}{
		{"ErrUnknownPath", "POST", "/api/v2/ReadAccounts", nil, `{}`, 400, "application/json", oapiErr("3001", "InvalidParameter", "no operation at POST /api/v2/ReadAccounts")},
		{"ErrWrongMethod", "GET", "/api/v1/ReadAccounts", nil, "", 400, "application/json", oapiErr("3001", "InvalidParameter", "no operation at GET /api/v1/ReadAccounts")},
		{"ErrUnknownOperation", "POST", "/api/v1/Nope", nil, `{}`, 400, "application/json", oapiErr("3001", "InvalidParameter", `unknown operation \"Nope\"`)},
		{"ErrMalformed", "POST", reset, nil, `{"Email":`, 400, "application/json", oapiErr("3001", "InvalidParameter", "the request body is not a valid JSON object")},
		{"ErrTrailing", "POST", reset, nil, `{} {}`, 400, "application/json", oapiErr("3001", "InvalidParameter", "the request body is not a valid JSON object")},
		{"ErrNotObject", "POST", reset, nil, `[]`, 400, "application/json", oapiErr("3001", "InvalidParameter", "the request body is not a valid JSON object")},
		{"ErrUnknownParameter", "POST", reset, nil, `{"Emial":"a@b.test"}`, 400, "application/json", oapiErr("3001", "InvalidParameter", "unknown parameter Emial")},
		{"ErrOtherCase", "POST", reset, nil, `{"email":"a@b.test"}`, 400, "application/json", oapiErr("3001", "InvalidParameter", "unknown parameter email")},
		{"ErrType", "POST", reset, nil, `{"Email":3}`, 400, "application/json", oapiErr("3001", "InvalidParameter", "parameter Email has the wrong type")},
		{"ErrEmptyIsObject", "POST", reset, nil, "", 400, "application/json", oapiErr("7000", "MissingParameter", "parameter Email is required")},
		{"ErrTooLarge", "POST", reset, nil, `{"Email":"` + strings.Repeat("a", 1<<20) + `"}`, 400, "application/json", oapiErr("4000", "InvalidParameterValue", "the request body exceeds 1048576 bytes")},
		{"ErrICUUnknownParameter", "POST", "/", icu, `{"Nope":1}`, 400, "application/x-amz-json-1.1", `{"__type":"IcuClientException","message":"unknown parameter Nope"}`},
		{"ErrICUMalformed", "POST", "/", icu, `{"Email":`, 400, "application/x-amz-json-1.1", `{"__type":"IcuClientException","message":"the request body is not a valid JSON object"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, f.srv.URL+tt.path, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.header {
				req.Header[k] = v
			}
			resp, body := do(t, req)
			if resp.StatusCode != tt.status || resp.Header.Get("Content-Type") != tt.contentType || string(body) != tt.want {
				t.Fatalf("%d %q\n got %s\nwant %s", resp.StatusCode, resp.Header.Get("Content-Type"), body, tt.want)
			}
		})
	}
}
