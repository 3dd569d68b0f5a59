package outscale

import (
	"testing"

	"github.com/watchword/watchword/internal/fault"
)

func TestDecodeStrict(t *testing.T) {
	tests := []struct {
		name, body, wantCode string
	}{
		{"empty body", ``, ""},
		{"empty object", `{}`, ""},
		{"known fields", `{"DryRun": true, "Filters": {"AccessKeyIds": ["A"], "States": ["ACTIVE"]}, "UserName": "bob"}`, ""},
		{"null filters", `{"Filters": null}`, ""},
		{"unknown field", `{"Password": "x"}`, codeUnknownParameter},
		{"field in other case", `{"username": "bob"}`, codeUnknownParameter},
		{"unknown nested field", `{"Filters": {"Tags": ["x"]}}`, codeUnknownParameter},
		{"wrong type", `{"UserName": 3}`, codeMalformed},
		{"wrong nested type", `{"Filters": {"States": "ACTIVE"}}`, codeMalformed},
		{"not an object", `[]`, codeMalformed},
		{"not JSON", `{"UserName":`, codeMalformed},
		{"trailing data", `{} {}`, codeMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var req readAccessKeysRequest
			err := decodeStrict([]byte(tt.body), &req)
			if fault.CodeOf(err) != tt.wantCode {
				t.Fatalf("got %v, want code %q", err, tt.wantCode)
			}
		})
	}
}
