package outscale

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/watchword/watchword/internal/httpx"
)

// sigVariant is one member of the SigV4 family: osc-sdk-go signs with AWS4,
// osc-cli's api calls with OSC4. They differ only in these names.
type sigVariant struct {
	algorithm  string // the Authorization scheme
	keyPrefix  string // prepended to the secret key to start the HMAC chain
	terminal   string // the scope's last element
	dateHeader string // the header holding the request time
}

var (
	aws4 = sigVariant{algorithm: "AWS4-HMAC-SHA256", keyPrefix: "AWS4", terminal: "aws4_request", dateHeader: "X-Amz-Date"}
	osc4 = sigVariant{algorithm: "OSC4-HMAC-SHA256", keyPrefix: "OSC4", terminal: "osc4_request", dateHeader: "X-Osc-Date"}
)

// sigDateFormat is the basic ISO 8601 form of X-Amz-Date and X-Osc-Date.
const sigDateFormat = "20060102T150405Z"

// Bounds that keep a hostile header from costing much to parse.
const (
	maxAuthorizationLen = 4096
	maxSignedHeaders    = 32
)

// signature is a parsed SigV4-family Authorization header:
// "ALG Credential=AK/DATE/REGION/SERVICE/TERMINAL, SignedHeaders=a;b, Signature=HEX".
type signature struct {
	variant       sigVariant
	accessKey     string
	date          string // yyyymmdd, the scope's date
	region        string
	service       string
	signedHeaders []string // lower case, in the order the client listed them
	sig           []byte   // the decoded HMAC-SHA256
}

// sigErr says why a signature was refused, in words safe to show the client.
type sigErr string

func (e sigErr) Error() string { return string(e) }

func sigError(format string, args ...any) error { return sigErr(fmt.Sprintf(format, args...)) }

// parseAuthorization parses an Authorization header of the AWS4 or OSC4 kind.
func parseAuthorization(h string) (*signature, error) {
	if len(h) > maxAuthorizationLen {
		return nil, sigError("authorization header too long")
	}
	alg, rest, ok := strings.Cut(h, " ")
	if !ok {
		return nil, sigError("no credentials after the algorithm")
	}
	var s signature
	switch alg {
	case aws4.algorithm:
		s.variant = aws4
	case osc4.algorithm:
		s.variant = osc4
	default:
		return nil, sigError("unsupported algorithm %q", alg)
	}
	var credential, signedHeaders, sigHex string
	seen := map[string]bool{}
	for part := range strings.SplitSeq(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || seen[k] {
			return nil, sigError("malformed or repeated element %q", k)
		}
		seen[k] = true
		switch k {
		case "Credential":
			credential = v
		case "SignedHeaders":
			signedHeaders = v
		case "Signature":
			sigHex = v
		default:
			return nil, sigError("unknown element %q", k)
		}
	}
	scope := strings.Split(credential, "/")
	if len(scope) != 5 || scope[0] == "" || scope[2] == "" || scope[3] == "" || scope[4] != s.variant.terminal {
		return nil, sigError("credential must be AK/DATE/REGION/SERVICE/%s", s.variant.terminal)
	}
	if _, err := time.Parse("20060102", scope[1]); err != nil {
		return nil, sigError("bad scope date %q", scope[1])
	}
	s.accessKey, s.date, s.region, s.service = scope[0], scope[1], scope[2], scope[3]
	if signedHeaders == "" {
		return nil, sigError("no signed headers")
	}
	s.signedHeaders = strings.Split(signedHeaders, ";")
	if len(s.signedHeaders) > maxSignedHeaders {
		return nil, sigError("too many signed headers")
	}
	for _, name := range s.signedHeaders {
		if name == "" || name != strings.ToLower(name) {
			return nil, sigError("signed header names must be lower case and non-empty")
		}
	}
	sig, err := hex.DecodeString(sigHex)
	if err != nil || len(sig) != sha256.Size {
		return nil, sigError("signature must be 64 hex digits")
	}
	s.sig = sig
	return &s, nil
}

// requestTime reads the request's date header, which must be signed with
// host and must be on the scope's date; how far it may be from now is the
// core's rule. It returns the header as sent and as a time.
func (s *signature) requestTime(r *http.Request) (string, time.Time, error) {
	if !s.signs("host") || !s.signs(strings.ToLower(s.variant.dateHeader)) {
		return "", time.Time{}, sigError("host and %s must be signed", s.variant.dateHeader)
	}
	raw := r.Header.Get(s.variant.dateHeader)
	t, err := time.Parse(sigDateFormat, raw)
	if err != nil {
		return "", time.Time{}, sigError("%s must look like 20060102T150405Z", s.variant.dateHeader)
	}
	if raw[:8] != s.date {
		return "", time.Time{}, sigError("scope date %s is not the request date %s", s.date, raw[:8])
	}
	return raw, t, nil
}

func (s *signature) signs(name string) bool {
	for _, h := range s.signedHeaders {
		if h == name {
			return true
		}
	}
	return false
}

// verify checks the signature of r, whose body is body and whose canonical
// path is path, against secretKey; date is what requestTime returned.
func (s *signature) verify(r *http.Request, path string, body []byte, date string, secretKey []byte) error {
	want := s.compute(r, path, body, date, secretKey)
	if !hmac.Equal(want, s.sig) {
		return sigError("signature does not match")
	}
	return nil
}

// compute returns the signature the client should have sent.
func (s *signature) compute(r *http.Request, path string, body []byte, date string, secretKey []byte) []byte {
	scope := strings.Join([]string{s.date, s.region, s.service, s.variant.terminal}, "/")
	bodySum := sha256.Sum256(body)
	canonical := strings.Join([]string{
		r.Method,
		canonicalURI(path),
		httpx.CanonicalQuery(r.URL.RawQuery),
		canonicalHeaders(r, s.signedHeaders),
		strings.Join(s.signedHeaders, ";"),
		hex.EncodeToString(bodySum[:]),
	}, "\n")
	canonicalSum := sha256.Sum256([]byte(canonical))
	toSign := strings.Join([]string{s.variant.algorithm, date, scope, hex.EncodeToString(canonicalSum[:])}, "\n")

	key := append([]byte(s.variant.keyPrefix), secretKey...)
	for _, part := range []string{s.date, s.region, s.service, s.variant.terminal} {
		key = hmacSHA256(key, part)
	}
	return hmacSHA256(key, toSign)
}

func hmacSHA256(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// canonicalHeaders renders "name:value\n" for each signed header: values
// trimmed, repeated headers joined with commas, inner runs of spaces folded,
// and host taken from the request line, as aws-sdk-go and osc-cli build it.
func canonicalHeaders(r *http.Request, names []string) string {
	var b strings.Builder
	for _, name := range names {
		var value string
		switch name {
		case "host":
			value = r.Host
		case "content-length":
			value = r.Header.Get("Content-Length")
			if value == "" && r.ContentLength >= 0 {
				value = fmt.Sprint(r.ContentLength)
			}
		default:
			values := r.Header.Values(name)
			trimmed := make([]string, len(values))
			for i, v := range values {
				trimmed[i] = strings.TrimSpace(v)
			}
			value = strings.Join(trimmed, ",")
		}
		b.WriteString(name)
		b.WriteByte(':')
		b.WriteString(strings.Join(strings.Fields(value), " "))
		b.WriteByte('\n')
	}
	return b.String()
}

// canonicalURI escapes every byte of path except unreserved characters and
// '/', as aws-sdk-go's EscapePath does.
func canonicalURI(path string) string {
	if path == "" {
		return "/"
	}
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		c := path[i]
		if c == '/' || httpx.Unreserved(c) {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
