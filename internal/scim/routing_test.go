package scim_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/scim/scimtest"
)

// TestRouting: the face's answers around its route table and to bodies it
// cannot read, each a SCIM error (RFC 7644 §3.12) in application/scim+json.
// They are chi's answers but for two: a 405 now says Allow, and a body with
// more after its object is invalidSyntax (the old decoder read the first
// value and ignored the rest).
func TestRouting(t *testing.T) {
	f := mustFixture(t)
	tests := []struct {
		name, method, path, contentType, body string
		status                                int
		allow, scimType, detail               string
	}{
		{"ErrNotFound", "GET", "/v2.0/Groupies", "", "", 404, "", "", "no such resource"},
		{"ErrNotFoundMount", "GET", "/v2.0", "", "", 404, "", "", "no such resource"},
		{"ErrNotFoundUnclean", "GET", "/v2.0//Me", "", "", 404, "", "", "no such resource"},
		{"ErrNotFoundTrailingSlash", "GET", "/v2.0/Me/", "", "", 404, "", "", "no such resource"},
		{"ErrMethod", "PATCH", "/v2.0/Me", "", "{}", 405, "GET, PUT, DELETE", "", "this endpoint does not accept PATCH"},
		{"ErrMethodHead", "HEAD", "/v2.0/Schemas", "", "", 405, "GET", "", ""},
		{"ErrMethodGetOnPost", "GET", "/v2.0/Me/password", "", "", 405, "POST", "", "this endpoint does not accept GET"},
		{"ErrEmpty", "POST", "/v2.0/Me/password", "", "", 400, "", "invalidSyntax", "the body must be a JSON object"},
		{"ErrMalformed", "POST", "/v2.0/Me/password", "", `{"schemas":`, 400, "", "invalidSyntax", "the body is not valid JSON"},
		{"ErrTrailing", "POST", "/v2.0/Me/password", "", `{} {}`, 400, "", "invalidSyntax", "the body is not valid JSON"},
		{"ErrNotObject", "POST", "/v2.0/Me/password", "", `["a"]`, 400, "", "invalidValue", `attribute "" has the wrong type`},
		{"ErrType", "POST", "/v2.0/Me/password", "", `{"currentPassword":1}`, 400, "", "invalidValue", `attribute "currentPassword" has the wrong type`},
		{"ErrContentType", "POST", "/v2.0/Me/password", "text/plain", `{}`, 400, "", "invalidSyntax", "the body must be application/scim+json"},
		{"ErrContentTypeOtherJSON", "POST", "/v2.0/Me/password", "application/problem+json", `{}`, 400, "", "invalidSyntax", "the body must be application/scim+json"},
		{"ErrTooLarge", "POST", "/v2.0/Me/password", "", `{"currentPassword":"` + strings.Repeat("a", 64<<10) + `"}`, 413, "", "", "the request body is too large"},
		{"OKPlainJSON", "POST", "/v2.0/Me/password", "application/json", `{"schemas":["urn:x"]}`, 400, "", "invalidValue", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, f.srv.URL+tt.path, bytes.NewBufferString(tt.body))
			req.Header.Set("Authorization", "Bearer "+f.token)
			ct := tt.contentType
			if ct == "" {
				ct = "application/scim+json"
			}
			req.Header.Set("Content-Type", ct)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status || resp.Header.Get("Allow") != tt.allow {
				t.Fatalf("%s %s: %d, Allow %q\n%s", tt.method, tt.path, resp.StatusCode, resp.Header.Get("Allow"), raw)
			}
			if resp.Header.Get("Content-Type") != "application/scim+json" {
				t.Fatalf("Content-Type %q", resp.Header.Get("Content-Type"))
			}
			if tt.method == "HEAD" {
				return
			}
			scimtest.MustValidate(t, raw, scimtest.Options{})
			want := `{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"` + itoa(tt.status) + `"`
			if tt.scimType != "" {
				want += `,"scimType":"` + tt.scimType + `"`
			}
			if tt.detail != "" {
				want += `,"detail":` + quote(tt.detail) + "}\n"
			}
			if !strings.HasPrefix(string(raw), want) {
				t.Fatalf("body\n%s\nwant\n%s", raw, want)
			}
		})
	}
}

// quote is s as a JSON string, as the face encodes it.
func quote(s string) string {
	return `"` + strings.NewReplacer(`"`, `\"`).Replace(s) + `"`
}
