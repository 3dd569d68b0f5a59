package secret

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/watchword/watchword/internal/fault"
)

// version is the first field of every sealed value, so a future format can
// be told apart from this one.
const version = "v1"

// Seal encrypts plaintext with the current key and returns the compact text
// "v1.<keyID>.<base64url(nonce|ciphertext)>". associatedData is not stored
// but must be given again to Open: pass the row's identity (such as the user
// ID and column) so a sealed value copied to another row no longer opens.
//
// Random 96-bit nonces are safe for far more than 2^32 seals per key; rotate
// long before that.
func (k *Keyring) Seal(plaintext, associatedData []byte) (string, error) {
	aead := k.aeads[k.current]
	ct := aead.Seal(nil, nil, plaintext, associatedData)
	return version + "." + k.current + "." + base64.RawURLEncoding.EncodeToString(ct), nil
}

// Open decrypts a value made by Seal with any key of the keyring, checking
// it was sealed with the same associatedData.
// Errors: Internal with code secret.malformed (not a sealed value),
// secret.unknown_key (its key is not in the keyring) or secret.open_failed
// (tampered, or other associated data, or another key with the same ID).
func (k *Keyring) Open(sealed string, associatedData []byte) ([]byte, error) {
	id, ct, err := split(sealed)
	if err != nil {
		return nil, err
	}
	aead, ok := k.aeads[id]
	if !ok {
		return nil, fault.Wrap(fmt.Errorf("sealed with key %q, which is not in the keyring", id), "secret.unknown_key")
	}
	pt, err := aead.Open(nil, nil, ct, associatedData)
	if err != nil {
		return nil, fault.Wrap(err, "secret.open_failed")
	}
	return pt, nil
}

// NeedsRotation reports whether sealed was made with a key other than the
// current one (or is not a sealed value at all), so the caller should open
// and re-seal it.
func (k *Keyring) NeedsRotation(sealed string) bool {
	id, _, err := split(sealed)
	return err != nil || id != k.current
}

// KeyID returns the ID of the key that sealed a value, without opening it.
// Errors: Internal (secret.malformed).
func KeyID(sealed string) (string, error) {
	id, _, err := split(sealed)
	return id, err
}

func split(sealed string) (id string, ct []byte, err error) {
	parts := strings.Split(sealed, ".")
	if len(parts) != 3 || parts[0] != version || !validKeyID(parts[1]) {
		return "", nil, fault.Wrap(errors.New("not a v1 sealed value"), "secret.malformed")
	}
	ct, err = base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return "", nil, fault.Wrap(err, "secret.malformed")
	}
	return parts[1], ct, nil
}
