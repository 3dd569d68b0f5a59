package identity

import (
	"context"
	"time"

	"github.com/watchword/watchword/internal/notify"
)

// AccessKeyState says whether an access key may sign requests.
type AccessKeyState string

// The access key states, spelled as Outscale spells them.
const (
	AccessKeyActive   AccessKeyState = "ACTIVE"
	AccessKeyInactive AccessKeyState = "INACTIVE"
)

// DefaultMaxAccessKeys is how many access keys a user may hold when
// Deps.MaxAccessKeys is not set: Outscale's limit per root or EIM user.
const DefaultMaxAccessKeys = 10

// AccessKey is an access key / secret key pair of a user, used to sign API
// requests. The secret key is shown once, when the key is created; the store
// keeps it sealed, because checking a signature needs the plaintext.
type AccessKey struct {
	ID        string // the access key ID: 20 characters from A-Z and 0-9
	UserID    string
	AccountID string
	State     AccessKeyState
	Tag       string
	ExpiresAt time.Time // zero: the key never expires
	CreatedAt time.Time
	UpdatedAt time.Time
	// SealedSecret is the secret key sealed by the keyring, with the key ID
	// as associated data. Only the store and the core read it; the services
	// return it empty.
	SealedSecret string
}

// Usable reports whether k may sign a request at now: active and not expired.
func (k *AccessKey) Usable(now time.Time) bool {
	return k.State == AccessKeyActive && (k.ExpiresAt.IsZero() || now.Before(k.ExpiresAt))
}

// AccessKeyFilter selects access keys.
type AccessKeyFilter struct {
	// UserName names the user whose keys to list, in the caller's account;
	// empty means the caller. Only AccessKeyService reads it.
	UserName string
	// UserID restricts to one user's keys; the service sets it from UserName.
	UserID string
	IDs    []string         // any of these IDs; nil for all
	States []AccessKeyState // any of these states; nil for all
	Tag    *string          // exactly this tag
}

// AccessKeyUpdate changes an access key; nil fields stay as they are.
type AccessKeyUpdate struct {
	State *AccessKeyState
	// ExpiresAt replaces the expiry; a pointer to the zero time removes it.
	ExpiresAt *time.Time
	// Tag replaces the tag; a pointer to "" removes it.
	Tag *string
}

// AccessKeyStore persists access keys. It is part of Store.
type AccessKeyStore interface {
	// CreateAccessKey inserts k, unless its user already holds limit keys,
	// with its audit event and notifications, in one transaction. It sets
	// k.CreatedAt and k.UpdatedAt. Errors: NotFound (user.not_found),
	// Conflict (access_key.limit_exceeded, or the ID is taken).
	CreateAccessKey(ctx context.Context, k *AccessKey, limit int, ev AuditEvent, notes []notify.Notification) error
	// FindAccessKeyByID returns a key with its sealed secret.
	// Errors: NotFound (access_key.not_found).
	FindAccessKeyByID(ctx context.Context, id string) (*AccessKey, error)
	// FindAccessKeys lists the keys matching f, oldest first.
	FindAccessKeys(ctx context.Context, f AccessKeyFilter) ([]*AccessKey, error)
	// UpdateAccessKey applies upd and records ev. Errors: NotFound (access_key.not_found).
	UpdateAccessKey(ctx context.Context, id string, upd AccessKeyUpdate, ev AuditEvent) (*AccessKey, error)
	// DeleteAccessKey removes a key and records ev. Errors: NotFound (access_key.not_found).
	DeleteAccessKey(ctx context.Context, id string, ev AuditEvent) error
}
