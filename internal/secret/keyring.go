package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/watchword/watchword/internal/fault"
)

// KeySize is the length in bytes of every key: AES-256.
const KeySize = 32

// maxKeyIDLen keeps key IDs short, since every sealed value repeats one.
const maxKeyIDLen = 32

// Key is one named encryption key.
type Key struct {
	ID     string // letters, digits, '-' and '_'; appears in every sealed value
	Secret []byte // KeySize random bytes
}

// Keyring seals with its current key and opens with any of its keys.
// It is immutable once built and safe for concurrent use.
type Keyring struct {
	current string
	aeads   map[string]cipher.AEAD
	secrets map[string][]byte
}

// NewKeyring builds a keyring from keys; the first one is current.
// Errors: Invalid (secret.keyring_invalid) for no keys, a bad or repeated ID,
// or a secret that is not KeySize bytes.
func NewKeyring(keys ...Key) (*Keyring, error) {
	if len(keys) == 0 {
		return nil, keyringInvalid("no key given")
	}
	k := &Keyring{
		current: keys[0].ID,
		aeads:   make(map[string]cipher.AEAD, len(keys)),
		secrets: make(map[string][]byte, len(keys)),
	}
	for _, key := range keys {
		if !validKeyID(key.ID) {
			return nil, keyringInvalid(fmt.Sprintf("key ID %q must be 1 to %d letters, digits, '-' or '_'", key.ID, maxKeyIDLen))
		}
		if _, dup := k.aeads[key.ID]; dup {
			return nil, keyringInvalid(fmt.Sprintf("key ID %q appears twice", key.ID))
		}
		if len(key.Secret) != KeySize {
			// The length is safe to show; the key bytes never are.
			return nil, keyringInvalid(fmt.Sprintf("key %q is %d bytes, want %d", key.ID, len(key.Secret), KeySize))
		}
		block, err := aes.NewCipher(key.Secret)
		if err != nil {
			return nil, fault.Wrap(err, "secret.cipher")
		}
		// The random-nonce GCM prepends its own 96-bit nonce, which gives
		// exactly the nonce|ciphertext layout of a sealed value.
		aead, err := cipher.NewGCMWithRandomNonce(block)
		if err != nil {
			return nil, fault.Wrap(err, "secret.cipher")
		}
		k.aeads[key.ID] = aead
		k.secrets[key.ID] = append([]byte(nil), key.Secret...)
	}
	return k, nil
}

// ParseKeyring builds a keyring from a spec such as "k2:BASE64,k1:BASE64",
// where each entry is a key ID and its 32-byte key in base64 (standard or
// URL alphabet, padded or not). The first entry is the current key.
// Errors: Invalid (secret.keyring_invalid).
func ParseKeyring(spec string) (*Keyring, error) {
	var keys []Key
	for entry := range strings.SplitSeq(spec, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		id, b64, ok := strings.Cut(entry, ":")
		if !ok {
			return nil, keyringInvalid("each entry must be ID:BASE64KEY")
		}
		secret, err := decodeKey(strings.TrimSpace(b64))
		if err != nil {
			return nil, keyringInvalid(fmt.Sprintf("key %q is not valid base64", strings.TrimSpace(id)))
		}
		keys = append(keys, Key{ID: strings.TrimSpace(id), Secret: secret})
	}
	return NewKeyring(keys...)
}

// GenerateKey returns a new random key in standard base64, ready to be put
// after "ID:" in a keyring spec.
func GenerateKey() string {
	b := make([]byte, KeySize)
	// crypto/rand.Read never fails (it crashes the program instead).
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

// CurrentID returns the ID of the key that seals new values.
func (k *Keyring) CurrentID() string { return k.current }

// DeriveKey returns a 32-byte key for one purpose (such as "verify.code"),
// derived from the current key with HKDF-SHA256. It changes when the current
// key changes, so use it only for short-lived values (one-time codes), never
// for anything stored long-term or looked up by its MAC.
func (k *Keyring) DeriveKey(purpose string) []byte {
	out, err := hkdf.Key(sha256.New, k.secrets[k.current], nil, "watchword/"+purpose, KeySize)
	if err != nil {
		// Only possible for an output longer than 255 hashes; ours is one.
		panic("secret: hkdf: " + err.Error())
	}
	return out
}

func keyringInvalid(why string) *fault.Error {
	return fault.New(fault.Invalid, "secret.keyring_invalid", "invalid encryption keyring: "+why)
}

func validKeyID(id string) bool {
	if id == "" || len(id) > maxKeyIDLen {
		return false
	}
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
		default:
			return false
		}
	}
	return true
}

// decodeKey accepts every common base64 flavour, because keys come from
// tools (openssl, head | base64, our GenerateKey) that disagree on it.
func decodeKey(s string) ([]byte, error) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b, nil
		}
	}
	return nil, errors.New("not base64")
}
