package outscale

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

const (
	testAK = "ABCDEFGHIJ0123456789"
	testSK = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCD"
)

// signedBySDK signs a request as osc-sdk-go does (the AWS SDK's v4 signer,
// service oapi, region eu-west-2) and returns it as a server would receive
// it. The SDK v2 signer also signs Content-Length, which osc-sdk-go's
// aws-sdk-go v1 signer leaves out; the e2e tests drive osc-sdk-go itself.
func signedBySDK(t *testing.T, body string, at time.Time) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, "http://127.0.0.1:8080/api/v1/UpdateAccount", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "osc-sdk-go/2.35.0")
	SignLikeSDK(t, req, body, testAK, testSK, "oapi", at)
	req.Host = req.URL.Host // as net/http fills it on the server side
	return req
}

func TestVerifySDKSignature(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	body := `{"City":"Paris"}`
	req := signedBySDK(t, body, now)
	if h := req.Header.Get("Authorization"); !strings.Contains(h, "SignedHeaders=accept;content-length;content-type;host;x-amz-date,") {
		t.Fatalf("the SDK signed other headers than the spec captured (plus content-length): %s", h)
	}
	// The clock-skew window is the core's (identity's Authenticate tests).
	check := func(r *http.Request, path, body, sk string) error {
		sig, err := parseAuthorization(r.Header.Get("Authorization"))
		if err != nil {
			return err
		}
		date, _, err := sig.requestTime(r)
		if err != nil {
			return err
		}
		return sig.verify(r, path, []byte(body), date, []byte(sk))
	}
	tests := []struct {
		name  string
		edit  func(r *http.Request)
		body  string
		sk    string
		valid bool
	}{
		{"OK", nil, body, testSK, true},
		{"ErrBodyChanged", nil, `{"City":"Lyon"}`, testSK, false},
		{"ErrOtherSecret", nil, body, strings.Replace(testSK, "A", "B", 1), false},
		{"ErrSignedHeaderChanged", func(r *http.Request) { r.Header.Set("Accept", "text/html") }, body, testSK, false},
		{"ErrOtherHost", func(r *http.Request) { r.Host = "evil.test" }, body, testSK, false},
		{"ErrDateReplaced", func(r *http.Request) { r.Header.Set("X-Amz-Date", now.Add(time.Minute).Format(sigDateFormat)) }, body, testSK, false},
		{"OKUnsignedHeaderChanged", func(r *http.Request) { r.Header.Set("User-Agent", "curl") }, body, testSK, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := signedBySDK(t, body, now)
			if tt.edit != nil {
				tt.edit(r)
			}
			err := check(r, "/api/v1/UpdateAccount", tt.body, tt.sk)
			if (err == nil) != tt.valid {
				t.Fatalf("valid = %v, err = %v", err == nil, err)
			}
		})
	}
}

func TestParseAuthorization(t *testing.T) {
	sig64 := strings.Repeat("0a", 32)
	good := "AWS4-HMAC-SHA256 Credential=" + testAK + "/20261125/eu-west-2/oapi/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + sig64
	s, err := parseAuthorization(good)
	if err != nil || s.accessKey != testAK || s.date != "20261125" || s.region != "eu-west-2" || s.service != "oapi" ||
		strings.Join(s.signedHeaders, ";") != "host;x-amz-date" || len(s.sig) != 32 || s.variant != aws4 {
		t.Fatalf("got %+v %v", s, err)
	}
	osc := "OSC4-HMAC-SHA256 Credential=" + testAK + "/20261125/cloudgouv-eu-west-1/api/osc4_request, SignedHeaders=host;x-osc-date;x-osc-target, Signature=" + sig64
	if s, err := parseAuthorization(osc); err != nil || s.variant != osc4 || s.region != "cloudgouv-eu-west-1" {
		t.Fatalf("osc4: %+v %v", s, err)
	}
	bad := []struct{ name, h string }{
		{"empty", ""},
		{"basic", "Basic YTpi"},
		{"other algorithm", strings.Replace(good, "AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1", 1)},
		{"wrong terminal for variant", strings.Replace(good, "aws4_request", "osc4_request", 1)},
		{"short scope", "AWS4-HMAC-SHA256 Credential=" + testAK + "/20261125/oapi/aws4_request, SignedHeaders=host, Signature=" + sig64},
		{"bad date", strings.Replace(good, "20261125", "2026112", 1)},
		{"no signed headers", strings.Replace(good, "SignedHeaders=host;x-amz-date", "SignedHeaders=", 1)},
		{"upper-case signed header", strings.Replace(good, "x-amz-date", "X-Amz-Date", 1)},
		{"empty signed header", strings.Replace(good, "host;x-amz-date", "host;;x-amz-date", 1)},
		{"short signature", strings.Replace(good, sig64, sig64[:62], 1)},
		{"not hex", strings.Replace(good, sig64, strings.Repeat("zz", 32), 1)},
		{"repeated element", good + ", Signature=" + sig64},
		{"unknown element", good + ", Foo=bar"},
		{"too long", good + strings.Repeat(" ", maxAuthorizationLen)},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			if s, err := parseAuthorization(tt.h); err == nil {
				t.Fatalf("accepted: %+v", s)
			}
		})
	}
}

func TestFoldSlashes(t *testing.T) {
	for in, want := range map[string]string{"//api/latest/X": "/api/latest/X", "/api/v1/X": "/api/v1/X", "///": "/", "/a//b///c": "/a/b/c"} {
		if got := foldSlashes(in); got != want {
			t.Errorf("foldSlashes(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCanonicalURI(t *testing.T) {
	for in, want := range map[string]string{"": "/", "/api/v1/ReadAccounts": "/api/v1/ReadAccounts", "/a b/é": "/a%20b/%C3%A9", "/~x-y_z.": "/~x-y_z."} {
		if got := canonicalURI(in); got != want {
			t.Errorf("canonicalURI(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzParseAuthorization feeds the parser arbitrary headers: it must never
// panic, and whatever it accepts must be usable as is.
func FuzzParseAuthorization(f *testing.F) {
	sig64 := strings.Repeat("ab", 32)
	f.Add("AWS4-HMAC-SHA256 Credential=" + testAK + "/20261125/eu-west-2/oapi/aws4_request, SignedHeaders=accept;content-type;host;x-amz-date, Signature=" + sig64)
	f.Add("OSC4-HMAC-SHA256 Credential=" + testAK + "/20261125/eu-west-2/api/osc4_request, SignedHeaders=host;x-osc-date;x-osc-target, Signature=" + sig64)
	f.Add("AWS4-HMAC-SHA256 Credential=/////, SignedHeaders=;, Signature=")
	f.Add("Basic dXNlcjpwYXNz")
	f.Add("AWS4-HMAC-SHA256 ,,,,===")
	f.Fuzz(func(t *testing.T, h string) {
		s, err := parseAuthorization(h)
		if err != nil {
			return
		}
		if s.accessKey == "" || len(s.sig) != 32 || len(s.signedHeaders) == 0 || len(s.signedHeaders) > maxSignedHeaders ||
			(s.variant != aws4 && s.variant != osc4) || len(s.date) != 8 {
			t.Fatalf("accepted an unusable header %q: %+v", h, s)
		}
		for _, name := range s.signedHeaders {
			if name == "" || name != strings.ToLower(name) {
				t.Fatalf("accepted signed header %q in %q", name, h)
			}
		}
		// A parsed signature can be checked without panicking.
		r, _ := http.NewRequest(http.MethodPost, "http://h/", strings.NewReader("{}"))
		_ = s.verify(r, "/", []byte("{}"), "20261125T000000Z", []byte(testSK))
	})
}
