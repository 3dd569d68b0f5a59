// Package verify makes and checks the short-lived proofs the identity core
// hands out: one-time codes sent by email or SMS, password-reset tokens,
// CAPTCHA challenges and TOTP codes.
//
// It holds no state: the core stores what these functions return, enforces
// expiry and single use with the Check functions, and records attempts.
// README.md gives the formats and the lifetimes the core should use.
package verify

import (
	"crypto/rand"
	"crypto/subtle"
	"time"
)

// The lifetimes and limits the core should use (DESIGN.md, "Data model").
const (
	CodeLifetime    = 10 * time.Minute
	CodeMaxAttempts = 5
	TokenLifetime   = 30 * time.Minute
	// ChallengeLifetime bounds how long a CAPTCHA may be answered.
	ChallengeLifetime = 10 * time.Minute
)

// Equal reports whether a and b are equal, in time that depends only on
// their lengths. Use it for every comparison of a secret or a hash.
func Equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// randomDigits returns n decimal digits (0-9 as byte values) from
// crypto/rand, without modulo bias.
func randomDigits(n int) []byte {
	d := make([]byte, n)
	var b [1]byte
	for i := range d {
		// 250 is the largest multiple of 10 that fits in a byte; rejecting
		// the 6 values above keeps every digit equally likely.
		for {
			_, _ = rand.Read(b[:]) // never fails: crypto/rand crashes instead
			if b[0] < 250 {
				d[i] = b[0] % 10
				break
			}
		}
	}
	return d
}

// base62 is the token alphabet: URL-safe and alphanumeric, so a token at the
// end of a link survives mail clients, copy-paste and double-click selection.
const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// randomBase62 returns n base62 characters, each carrying log2(62) ≈ 5.95 bits.
func randomBase62(n int) string {
	out := make([]byte, 0, n)
	buf := make([]byte, n+n/4)
	for len(out) < n {
		_, _ = rand.Read(buf)
		for _, c := range buf {
			// 248 = 4*62: rejecting the 8 values above removes modulo bias.
			if c < 248 && len(out) < n {
				out = append(out, base62[c%62])
			}
		}
	}
	return string(out)
}
