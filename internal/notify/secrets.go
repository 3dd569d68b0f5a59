package notify

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
)

// Sealer encrypts a queued notification's secrets at rest; *secret.Keyring
// is one. The store holds only a Sealer: it can write secrets but never read
// them back.
type Sealer interface {
	Seal(plaintext, associatedData []byte) (string, error)
}

// Opener decrypts what a Sealer sealed; *secret.Keyring is one. Only the
// delivery worker holds it.
type Opener interface {
	Open(sealed string, associatedData []byte) ([]byte, error)
}

// ErrNoSealer is why a notification carrying secrets cannot be queued: the
// store was given no keyring, and secrets are never written in clear.
var ErrNoSealer = errors.New("notify: no keyring to seal the secrets of a notification")

// ErrNoOpener is why a message with sealed secrets cannot be rendered: the
// worker was given no keyring.
var ErrNoOpener = errors.New("notify: no keyring to open the secrets of a notification")

// SealSecrets seals secrets for the outbox row id, which binds them to that
// row: a sealed value copied to another row does not open. It returns ""
// when there is nothing to seal.
func SealSecrets(s Sealer, id string, secrets map[string]string) (string, error) {
	if len(secrets) == 0 {
		return "", nil
	}
	if s == nil {
		return "", ErrNoSealer
	}
	b, err := json.Marshal(secrets)
	if err != nil {
		return "", err
	}
	return s.Seal(b, sealBinding(id))
}

// OpenSecrets returns m with its sealed secrets opened into Secret. A message
// with nothing sealed comes back unchanged.
func OpenSecrets(o Opener, m Message) (Message, error) {
	if m.Sealed == "" {
		return m, nil
	}
	if o == nil {
		return m, ErrNoOpener
	}
	b, err := o.Open(m.Sealed, sealBinding(m.ID))
	if err != nil {
		return m, fmt.Errorf("notify: open the secrets of %s: %w", m.ID, err)
	}
	var secrets map[string]string
	if err := json.Unmarshal(b, &secrets); err != nil {
		return m, fmt.Errorf("notify: open the secrets of %s: %w", m.ID, err)
	}
	m.Secret, m.Sealed = secrets, ""
	return m, nil
}

// TemplateData is what a notification's templates see: Data and Secret in
// one map, a secret winning over a plain value of the same key.
func (n Notification) TemplateData() map[string]string {
	if len(n.Secret) == 0 {
		return n.Data
	}
	out := make(map[string]string, len(n.Data)+len(n.Secret))
	maps.Copy(out, n.Data)
	maps.Copy(out, n.Secret)
	return out
}

func sealBinding(id string) []byte { return []byte("watchword/outbox/" + id) }
