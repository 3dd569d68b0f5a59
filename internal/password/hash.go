// Package password hashes and verifies passwords and evaluates password policy.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/bcrypt"
)

// Params are the argon2id cost parameters (RFC 9106 / OWASP defaults: 19 MiB, t=2, p=1).
type Params struct {
	MemoryKiB   uint32
	Iterations  uint32
	Parallelism uint8
	SaltLen     int
	KeyLen      uint32
}

// DefaultParams is the OWASP-recommended argon2id configuration.
var DefaultParams = Params{MemoryKiB: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLen: 16, KeyLen: 32}

// ErrUnknownFormat is returned for a stored hash whose format is not recognised.
var ErrUnknownFormat = errors.New("password: unknown hash format")

// Hash returns the argon2id PHC string for pw.
func Hash(pw string, p Params) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, p.Iterations, p.MemoryKiB, p.Parallelism, p.KeyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.MemoryKiB, p.Iterations, p.Parallelism, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// Verify reports whether pw matches the stored hash, recognising the hash by
// its format (argon2id PHC or bcrypt). NeedsRehash is true when the hash is
// valid but not argon2id with the wanted parameters.
func Verify(pw, stored string, want Params) (ok, needsRehash bool, err error) {
	switch {
	case strings.HasPrefix(stored, "$argon2id$"):
		p, salt, key, err := parseArgon2id(stored)
		if err != nil {
			return false, false, err
		}
		got := argon2.IDKey([]byte(pw), salt, p.Iterations, p.MemoryKiB, p.Parallelism, uint32(len(key)))
		ok = subtle.ConstantTimeCompare(got, key) == 1
		stale := p.MemoryKiB != want.MemoryKiB || p.Iterations != want.Iterations || p.Parallelism != want.Parallelism
		return ok, ok && stale, nil
	case strings.HasPrefix(stored, "$2a$"), strings.HasPrefix(stored, "$2b$"), strings.HasPrefix(stored, "$2y$"):
		err := bcrypt.CompareHashAndPassword([]byte(stored), []byte(pw))
		if errors.Is(err, bcrypt.ErrMismatchedHashAndPassword) {
			return false, false, nil
		}
		if err != nil {
			return false, false, fmt.Errorf("password: bcrypt: %w", err)
		}
		return true, true, nil
	default:
		return false, false, ErrUnknownFormat
	}
}

func parseArgon2id(s string) (Params, []byte, []byte, error) {
	// $argon2id$v=19$m=19456,t=2,p=1$salt$key
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return Params{}, nil, nil, ErrUnknownFormat
	}
	var p Params
	var par uint32
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Iterations, &par); err != nil || par == 0 || par > 255 {
		return Params{}, nil, nil, ErrUnknownFormat
	}
	p.Parallelism = uint8(par)
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	key, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(key) < 16 {
		return Params{}, nil, nil, ErrUnknownFormat
	}
	return p, salt, key, nil
}
