package verify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strings"
	"time"
	"unicode"

	"github.com/watchword/watchword/internal/fault"
)

// CodeLength is the number of decimal digits in a one-time code.
const CodeLength = 6

// CodeHasher makes and checks one-time codes. A code has only 10^6 values,
// so a plain hash of it would be reversed instantly by anyone who reads the
// table; instead a code is hashed with HMAC-SHA256 under a server key that
// is not in the database, and bound to what it is for (see Hash).
type CodeHasher struct {
	key []byte
}

// NewCodeHasher returns a hasher using key, at least 32 bytes, such as
// secret.Keyring.DeriveKey("verify.code"). Changing the key voids the codes
// in flight, which at 10 minutes each is harmless.
// Errors: Invalid (verify.code_key) for a short key.
func NewCodeHasher(key []byte) (*CodeHasher, error) {
	if len(key) < 32 {
		return nil, fault.New(fault.Invalid, "verify.code_key", "the code hashing key must be at least 32 bytes")
	}
	return &CodeHasher{key: append([]byte(nil), key...)}, nil
}

// RandomCode returns a fresh code of CodeLength digits from crypto/rand.
func RandomCode() string {
	d := randomDigits(CodeLength)
	for i := range d {
		d[i] += '0'
	}
	return string(d)
}

// NewCode returns a fresh random code (RandomCode) and its hash under
// binding. Send the code; store only the hash.
func (h *CodeHasher) NewCode(binding string) (code, hash string) {
	code = RandomCode()
	return code, h.Hash(binding, code)
}

// Hash returns the hex HMAC-SHA256 of code bound to binding. The binding
// names what the code is for, such as "email_change:<user ID>:<row ID>":
// a hash made under one binding never checks under another, so a code sent
// for one purpose or row cannot be used for a different one, and equal codes
// in two rows do not show as equal hashes.
func (h *CodeHasher) Hash(binding, code string) string {
	m := hmac.New(sha256.New, h.key)
	// The length prefix keeps ("ab", "c") and ("a", "bc") apart.
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(binding)))
	m.Write(n[:])
	m.Write([]byte(binding))
	m.Write([]byte(code))
	return hex.EncodeToString(m.Sum(nil))
}

// StoredCode is what the core keeps about one code.
type StoredCode struct {
	Binding     string // as given to NewCode
	Hash        string
	ExpiresAt   time.Time
	Attempts    int // attempts made before this one
	MaxAttempts int // 0 means CodeMaxAttempts
	UsedAt      *time.Time
	Voided      bool // a newer code for the same purpose replaced this one
}

// Check decides whether given answers c at now. Spaces and dashes in given
// are ignored. So that parallel guesses cannot exceed the limit, the core
// counts the attempt before checking: it increments the row's attempts and
// reads the row back in one statement, passes the count from before this
// attempt as Attempts, and on success marks the code used.
//
// The checks run in a fixed order, and the answer is compared last, so a
// spent code says nothing about whether a guess was right.
// Errors, all of Kind Invalid:
//   - verify.code_used: the code was already used;
//   - verify.code_expired: the code expired or a newer one replaced it;
//   - verify.too_many_attempts: MaxAttempts wrong answers were given; only a
//     new code helps. This is not RateLimited: waiting does not make the same
//     request succeed. Throttling requests is the core's limiter's job;
//   - verify.code_invalid: the answer is wrong.
//
// In a flow where the caller has not proved who they are (reset by code),
// these distinct errors would reveal that a code exists for an identifier:
// there, answer every failure, and an unknown identifier, with CodeInvalid.
func (h *CodeHasher) Check(c StoredCode, given string, now time.Time) error {
	maxAttempts := c.MaxAttempts
	if maxAttempts <= 0 {
		maxAttempts = CodeMaxAttempts
	}
	switch {
	case c.UsedAt != nil:
		return fault.New(fault.Invalid, "verify.code_used", "This code has already been used. Request a new one.")
	case c.Voided || !now.Before(c.ExpiresAt):
		return fault.New(fault.Invalid, "verify.code_expired", "This code has expired. Request a new one.")
	case c.Attempts >= maxAttempts:
		return fault.New(fault.Invalid, "verify.too_many_attempts", "Too many wrong codes. Request a new one.")
	}
	given = normalizeCode(given)
	// The wrong-length case still hashes, so its timing matches a wrong code.
	if !Equal(h.Hash(c.Binding, given), c.Hash) || len(given) != CodeLength {
		return CodeInvalid()
	}
	return nil
}

// CodeInvalid returns the error for a wrong or unknown code
// (Invalid, verify.code_invalid).
func CodeInvalid() *fault.Error {
	return fault.New(fault.Invalid, "verify.code_invalid", "The code is not valid.")
}

// normalizeCode drops what people type or paste around digits.
func normalizeCode(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' {
			return -1
		}
		return r
	}, s)
}
