package keystone

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/watchword/watchword/internal/httpx"
)

// Huawei Cloud's AK/SK request signature, as huaweicloud-sdk-go-v3
// (core/auth/signer/signer.go) and KooCLI send it:
//
//	Authorization: SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=HEX
//	X-Sdk-Date: 20060102T150405Z
//
// The signature is hex(HMAC-SHA256(SK, string to sign)), the SK itself being
// the key (no date or region derivation), over
//
//	SDK-HMAC-SHA256 \n X-Sdk-Date \n hex(SHA-256(canonical request))
const (
	sdkAlgorithm   = "SDK-HMAC-SHA256"
	sdkDateHeader  = "X-Sdk-Date"
	sdkDateFormat  = "20060102T150405Z"
	sdkContentHash = "X-Sdk-Content-Sha256"
	// The SDK's other algorithms (SDK-HMAC-SM3, SDK-ECDSA-P256-SHA256,
	// SDK-SM2-SM3) share the prefix; they are recognised to be refused.
	sdkSchemePrefix = "SDK-"
)

// Bounds that keep a hostile header from costing much to parse.
const (
	maxSDKAuthorizationLen = 4096
	maxSDKSignedHeaders    = 32
)

// sdkSignature is a parsed SDK-HMAC-SHA256 Authorization header.
type sdkSignature struct {
	accessKey     string
	signedHeaders []string // lower case, in the order the client listed them
	sig           []byte   // the decoded HMAC-SHA256
}

// signatureError says why a signature was refused, in words safe to show.
type signatureError string

func (e signatureError) Error() string { return string(e) }

func sigErrorf(format string, args ...any) error { return signatureError(fmt.Sprintf(format, args...)) }

// isSDKSigned reports whether r carries a Huawei SDK signature (of any of
// the SDK's algorithms).
func isSDKSigned(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("Authorization"), sdkSchemePrefix)
}

// parseSDKAuthorization parses "SDK-HMAC-SHA256 Access=AK,
// SignedHeaders=a;b, Signature=HEX".
func parseSDKAuthorization(h string) (*sdkSignature, error) {
	if len(h) > maxSDKAuthorizationLen {
		return nil, sigErrorf("the Authorization header is too long")
	}
	alg, rest, _ := strings.Cut(h, " ")
	if alg != sdkAlgorithm {
		return nil, sigErrorf("unsupported signing algorithm %q: this server verifies %s", alg, sdkAlgorithm)
	}
	var access, signed, sigHex string
	seen := map[string]bool{}
	for part := range strings.SplitSeq(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || seen[k] {
			return nil, sigErrorf("malformed or repeated element %q in the Authorization header", k)
		}
		seen[k] = true
		switch k {
		case "Access":
			access = v
		case "SignedHeaders":
			signed = v
		case "Signature":
			sigHex = v
		default:
			return nil, sigErrorf("unknown element %q in the Authorization header", k)
		}
	}
	if access == "" || signed == "" || sigHex == "" {
		return nil, sigErrorf("the Authorization header needs Access, SignedHeaders and Signature")
	}
	s := &sdkSignature{accessKey: access, signedHeaders: strings.Split(signed, ";")}
	if len(s.signedHeaders) > maxSDKSignedHeaders {
		return nil, sigErrorf("too many signed headers")
	}
	dated := false
	for _, name := range s.signedHeaders {
		if name == "" || name != strings.ToLower(name) {
			return nil, sigErrorf("signed header names must be lower case and non-empty")
		}
		dated = dated || name == strings.ToLower(sdkDateHeader)
	}
	if !dated {
		return nil, sigErrorf("%s must be signed", sdkDateHeader)
	}
	sig, err := hex.DecodeString(sigHex)
	if err != nil || len(sig) != sha256.Size {
		return nil, sigErrorf("the signature must be 64 hex digits")
	}
	s.sig = sig
	return s, nil
}

// requestTime reads X-Sdk-Date; how far it may be from now is the core's
// rule. It returns the header as sent and as a time.
func requestTime(r *http.Request) (string, time.Time, error) {
	raw := r.Header.Get(sdkDateHeader)
	t, err := time.Parse(sdkDateFormat, raw)
	if err != nil {
		return "", time.Time{}, sigErrorf("%s must look like 20060102T150405Z", sdkDateHeader)
	}
	return raw, t, nil
}

// checkPayload refuses what the SDK sends for a body it did not hash: every
// body this face takes is JSON, which the SDK always hashes, and a body
// outside the signature could be swapped.
func checkPayload(r *http.Request) error {
	if r.Header.Get(sdkContentHash) == "UNSIGNED-PAYLOAD" {
		return sigErrorf("unsigned payloads are not accepted: sign the body")
	}
	return nil
}

// verify checks the signature of r, whose body is body, against secretKey.
func (s *sdkSignature) verify(r *http.Request, body []byte, date string, secretKey []byte) bool {
	return hmac.Equal(s.compute(r, body, date, secretKey), s.sig)
}

// compute returns the signature the client should have sent, building the
// canonical request as the SDK's canonicalRequest does.
func (s *sdkSignature) compute(r *http.Request, body []byte, date string, secretKey []byte) []byte {
	bodySum := sha256.Sum256(body)
	canonical := strings.Join([]string{
		r.Method,
		sdkCanonicalURI(r.URL.Path),
		httpx.CanonicalQuery(r.URL.RawQuery),
		sdkCanonicalHeaders(r, s.signedHeaders),
		strings.Join(s.signedHeaders, ";"),
		hex.EncodeToString(bodySum[:]),
	}, "\n")
	canonicalSum := sha256.Sum256([]byte(canonical))
	toSign := sdkAlgorithm + "\n" + date + "\n" + hex.EncodeToString(canonicalSum[:])
	m := hmac.New(sha256.New, secretKey)
	m.Write([]byte(toSign))
	return m.Sum(nil)
}

// sdkCanonicalURI escapes each segment of the (decoded) path and always
// ends with "/", as the SDK's canonicalURI does: /v3/users/x → /v3/users/x/.
func sdkCanonicalURI(path string) string {
	segments := strings.Split(path, "/")
	for i, seg := range segments {
		segments[i] = httpx.Escape(seg)
	}
	uri := strings.Join(segments, "/")
	if !strings.HasSuffix(uri, "/") {
		uri += "/"
	}
	return uri
}

// sdkCanonicalHeaders renders "name:value\n" for each value of each signed
// header, values trimmed and sorted, as the SDK's canonicalHeaders does;
// host comes from the request line. A signed header the request lacks
// renders nothing, as in the SDK.
func sdkCanonicalHeaders(r *http.Request, names []string) string {
	var b strings.Builder
	for _, name := range names {
		var values []string
		if name == "host" {
			values = []string{r.Host}
		} else {
			values = append(values, r.Header.Values(name)...)
		}
		sort.Strings(values)
		for _, v := range values {
			b.WriteString(name)
			b.WriteByte(':')
			b.WriteString(strings.TrimSpace(v))
			b.WriteByte('\n')
		}
	}
	return b.String()
}
