package httpx_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/httpx"
)

type credentials struct {
	Name     string `json:"name"`
	Password string `json:"password"`
}

type login struct {
	Auth struct {
		User    credentials   `json:"user"`
		Methods []string      `json:"methods"`
		Extra   []credentials `json:"extra,omitempty"`
	} `json:"auth"`
	Count int `json:"count"`
	Embedded
}

type Embedded struct {
	Tag string `json:"tag"`
}

func TestDecodeJSON(t *testing.T) {
	tests := []struct {
		name        string
		contentType string
		body        string
		strict      bool
		want        httpx.DecodeReason
		field       string
		parent      string
	}{
		{"OK", "application/json", `{"auth":{"user":{"name":"a","password":"b"},"methods":["password"]},"count":1,"tag":"t"}`, true, 0, "", ""},
		{"OKNoContentType", "", `{"count":1}`, true, 0, "", ""},
		{"OKPlusJSON", "application/scim+json; charset=utf-8", `{"count":1}`, true, 0, "", ""},
		{"OKLenientUnknown", "application/json", `{"count":1,"other":{"x":1}}`, false, 0, "", ""},
		{"ErrContentType", "text/plain", `{}`, true, httpx.BadContentType, "", ""},
		{"ErrEmpty", "application/json", "  ", true, httpx.BodyEmpty, "", ""},
		{"ErrMalformed", "application/json", `{"count":`, true, httpx.BodyMalformed, "", ""},
		{"ErrMalformedSyntax", "application/json", `{"count" 1}`, true, httpx.BodyMalformed, "", ""},
		{"ErrTrailing", "application/json", `{"count":1} {}`, true, httpx.BodyTrailing, "", ""},
		{"ErrTrailingGarbage", "application/json", `{"count":1}x`, true, httpx.BodyTrailing, "", ""},
		{"ErrArray", "application/json", `[1]`, true, httpx.BodyNotObject, "", ""},
		{"ErrString", "application/json", `"x"`, true, httpx.BodyNotObject, "", ""},
		{"ErrType", "application/json", `{"count":"1"}`, true, httpx.FieldType, "count", ""},
		{"ErrNestedType", "application/json", `{"auth":{"user":{"name":5}}}`, false, httpx.FieldType, "auth.user.name", "auth.user"},
		{"ErrUnknown", "application/json", `{"count":1,"zzz":2}`, true, httpx.FieldUnknown, "zzz", ""},
		{"ErrUnknownCase", "application/json", `{"Count":1}`, true, httpx.FieldUnknown, "Count", ""},
		{"ErrUnknownNested", "application/json", `{"auth":{"user":{"name":"a","domain":{}}}}`, true, httpx.FieldUnknown, "auth.user.domain", "auth.user"},
		{"ErrUnknownInArray", "application/json", `{"auth":{"extra":[{"name":"a"},{"nom":"b"}]}}`, true, httpx.FieldUnknown, "auth.extra.nom", "auth.extra"},
		{"ErrTooLarge", "application/json", `{"tag":"` + strings.Repeat("a", 200) + `"}`, true, httpx.BodyTooLarge, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(tt.body))
			if tt.contentType != "" {
				r.Header.Set("Content-Type", tt.contentType)
			}
			var dst login
			err := httpx.DecodeJSON(r, 120, tt.strict, &dst)
			if tt.want == 0 {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			var de *httpx.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("err = %v, want a *DecodeError", err)
			}
			if de.Reason != tt.want || de.Field != tt.field || de.Parent != tt.parent {
				t.Fatalf("got reason %d field %q parent %q, want %d %q %q", de.Reason, de.Field, de.Parent, tt.want, tt.field, tt.parent)
			}
		})
	}
}

func TestDecodeJSONValues(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"auth":{"user":{"name":"alice"}},"tag":"x"}`))
	var dst login
	if err := httpx.DecodeJSON(r, 1024, true, &dst); err != nil {
		t.Fatal(err)
	}
	if dst.Auth.User.Name != "alice" || dst.Tag != "x" {
		t.Fatalf("decoded %+v", dst)
	}
}

func TestDecodeTypeNamesTheKinds(t *testing.T) {
	var de *httpx.DecodeError
	err := httpx.DecodeJSONBytes([]byte(`{"count":"1"}`), true, &login{})
	if !errors.As(err, &de) || de.Want != "int" || de.Got != "string" {
		t.Fatalf("err = %#v", err)
	}
}

func TestDecodeNotObjectNamesTheType(t *testing.T) {
	for body, want := range map[string]string{`[1]`: "array", `"x"`: "string", `-1`: "number", `true`: "bool", `null`: "null"} {
		var de *httpx.DecodeError
		err := httpx.DecodeJSONBytes([]byte(body), false, &login{})
		if !errors.As(err, &de) || de.Reason != httpx.BodyNotObject || de.Got != want {
			t.Errorf("%s: err = %#v, want BodyNotObject got %s", body, err, want)
		}
	}
}
