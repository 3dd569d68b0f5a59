package httpx

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// Unreserved reports whether c is an RFC 3986 unreserved character, the
// only bytes a request signature's canonical form leaves unescaped.
func Unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~'
}

// Escape percent-encodes every byte of s but the unreserved ones, in upper
// case hex, as AWS SigV4 (Outscale) and Huawei's SDK-HMAC-SHA256 both do.
func Escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if Unreserved(s[i]) {
			b.WriteByte(s[i])
		} else {
			fmt.Fprintf(&b, "%%%02X", s[i])
		}
	}
	return b.String()
}

// CanonicalQuery is a raw query as both signature schemes canonicalise it:
// sorted by name, each name's values sorted, names and values escaped. A
// query that does not parse is returned as sent: it cannot match what a
// client signed, so the signature fails.
func CanonicalQuery(raw string) string {
	if raw == "" {
		return ""
	}
	values, err := url.ParseQuery(raw)
	if err != nil {
		return raw
	}
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		vs := append([]string(nil), values[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			parts = append(parts, Escape(k)+"="+Escape(v))
		}
	}
	return strings.Join(parts, "&")
}
