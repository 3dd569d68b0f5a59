package verify

import (
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/watchword/watchword/internal/fault"
)

// TokenLength is the number of base62 characters in a reset token:
// 40 × log2(62) ≈ 238 random bits, well above the 128 DESIGN.md requires.
const TokenLength = 40

// NewToken returns a fresh reset token, to end the mailed link, and the hash
// that is all the core stores.
func NewToken() (token, hash string) {
	token = randomBase62(TokenLength)
	return token, HashToken(token)
}

// HashToken returns the hex SHA-256 of a high-entropy token. An unkeyed fast
// hash is right here: with 238 random bits there is nothing to brute-force,
// and staying unkeyed keeps the hash a stable lookup key across key
// rotations. Never use it for codes or passwords.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// StoredToken is what the core keeps about one reset token.
type StoredToken struct {
	Hash      string
	ExpiresAt time.Time
	UsedAt    *time.Time
	Voided    bool // a newer token for the same user replaced this one
}

// CheckToken decides whether given is t and still usable at now. The core
// usually finds t by HashToken(given); CheckToken compares again in
// constant time, so a lookup by another key is safe too. On success the core
// must mark the token used in the same transaction that acts on it.
// Errors: Invalid (verify.token_invalid) for wrong, expired, used or voided
// tokens alike: a stranger holding a link learns nothing from the reason.
func CheckToken(t StoredToken, given string, now time.Time) error {
	match := Equal(HashToken(given), t.Hash)
	if !match || t.UsedAt != nil || t.Voided || !now.Before(t.ExpiresAt) {
		return TokenInvalid()
	}
	return nil
}

// TokenInvalid returns the one error for any unusable token, including one
// the core did not find (Invalid, verify.token_invalid).
func TokenInvalid() *fault.Error {
	return fault.New(fault.Invalid, "verify.token_invalid", "This link is not valid or has expired. Request a new one.")
}
