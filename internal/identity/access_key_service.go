package identity

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/notify"
)

// AccessKeyService manages access keys: a user's own, or, for an
// administrator, those of the account's users, except the root user's,
// which only the root user reads or changes; and resolves a key for the
// faces that verify request signatures.
type AccessKeyService struct{ d *Deps }

// NewAccessKey is the input of Create.
type NewAccessKey struct {
	UserName  string    // the user of the caller's account to create it for; empty for the caller
	ExpiresAt time.Time // zero: the key never expires
	Tag       string
}

// CreatedAccessKey is a new key with its secret key, shown only this once.
type CreatedAccessKey struct {
	Key       *AccessKey
	SecretKey string
}

// The lengths and alphabet of key IDs and secret keys (Outscale's formats).
const (
	accessKeyIDLen  = 20
	secretKeyLen    = 40
	accessKeyChars  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	maxAccessKeyTag = 255
)

// Create makes an ACTIVE key, seals its secret key, and notifies the owner.
// Errors: Unauthenticated, Forbidden (someone else's keys without being an
// administrator; the root user's for anyone else, user.root_protected; a
// restricted token), NotFound (user.not_found), Invalid
// (access_key.expiry_past, validation.text), Conflict
// (access_key.limit_exceeded), Internal (no keyring configured).
func (s *AccessKeyService) Create(ctx context.Context, in NewAccessKey) (*CreatedAccessKey, error) {
	_, u, err := s.d.actOnName(ctx, actManageKeys, in.UserName)
	if err != nil {
		return nil, err
	}
	now := s.d.Clock()
	if err := checkExpiry(in.ExpiresAt, now); err != nil {
		return nil, err
	}
	if err := validateText("tag", in.Tag, maxAccessKeyTag); err != nil {
		return nil, err
	}
	if s.d.Keyring == nil {
		return nil, fault.Wrap(errNoKeyring{}, "access_key.no_keyring")
	}
	id, secret := randomText(accessKeyIDLen), randomText(secretKeyLen)
	sealed, err := s.d.Keyring.Seal([]byte(secret), []byte(id))
	if err != nil {
		return nil, err
	}
	k := &AccessKey{ID: id, UserID: u.ID, AccountID: u.AccountID, State: AccessKeyActive, Tag: in.Tag,
		ExpiresAt: in.ExpiresAt.UTC(), CreatedAt: now, UpdatedAt: now, SealedSecret: sealed}
	if in.ExpiresAt.IsZero() {
		k.ExpiresAt = time.Time{}
	}
	ev := s.d.event(ctx, "access_key.create", u.AccountID, u.ID)
	ev.Detail = map[string]string{"access_key_id": id}
	notes := accessKeyCreatedNotice(u, id, now, RequestFrom(ctx).IP)
	if err := s.d.Store.CreateAccessKey(ctx, k, s.limit(), ev, notes); err != nil {
		return nil, err
	}
	k.SealedSecret = ""
	return &CreatedAccessKey{Key: k, SecretKey: secret}, nil
}

// List returns the keys of f.UserName (the caller when empty) that match f.
// Errors: Unauthenticated, Forbidden (user.root_protected too), NotFound
// (user.not_found).
func (s *AccessKeyService) List(ctx context.Context, f AccessKeyFilter) ([]*AccessKey, error) {
	_, u, err := s.d.actOnName(ctx, actReadKeys, f.UserName)
	if err != nil {
		return nil, err
	}
	f.UserID = u.ID
	keys, err := s.d.Store.FindAccessKeys(ctx, f)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		k.SealedSecret = ""
	}
	return keys, nil
}

// Update changes the state, expiry or tag of a key of userName (the caller
// when empty). Errors: Unauthenticated, Forbidden (user.root_protected too), NotFound
// (access_key.not_found, also for another user's key; user.not_found),
// Invalid (access_key.state_invalid, access_key.expiry_past, validation.text).
func (s *AccessKeyService) Update(ctx context.Context, userName, id string, upd AccessKeyUpdate) (*AccessKey, error) {
	_, u, err := s.d.actOnName(ctx, actManageKeys, userName)
	if err != nil {
		return nil, err
	}
	if upd.State != nil && *upd.State != AccessKeyActive && *upd.State != AccessKeyInactive {
		return nil, fault.New(fault.Invalid, "access_key.state_invalid", "state must be ACTIVE or INACTIVE").WithField("state")
	}
	if upd.ExpiresAt != nil {
		if err := checkExpiry(*upd.ExpiresAt, s.d.Clock()); err != nil {
			return nil, err
		}
		t := upd.ExpiresAt.UTC()
		if upd.ExpiresAt.IsZero() {
			t = time.Time{}
		}
		upd.ExpiresAt = &t
	}
	if upd.Tag != nil {
		if err := validateText("tag", *upd.Tag, maxAccessKeyTag); err != nil {
			return nil, err
		}
	}
	if _, err := s.ownKey(ctx, u, id); err != nil {
		return nil, err
	}
	ev := s.d.event(ctx, "access_key.update", u.AccountID, u.ID)
	ev.Detail = map[string]string{"access_key_id": id}
	if upd.State != nil {
		ev.Detail["state"] = string(*upd.State)
	}
	k, err := s.d.Store.UpdateAccessKey(ctx, id, upd, ev)
	if err != nil {
		return nil, err
	}
	k.SealedSecret = ""
	return k, nil
}

// Delete removes a key of userName (the caller when empty).
// Errors: Unauthenticated, Forbidden (user.root_protected too), NotFound
// (access_key.not_found, user.not_found).
func (s *AccessKeyService) Delete(ctx context.Context, userName, id string) error {
	_, u, err := s.d.actOnName(ctx, actManageKeys, userName)
	if err != nil {
		return err
	}
	if _, err := s.ownKey(ctx, u, id); err != nil {
		return err
	}
	ev := s.d.event(ctx, "access_key.delete", u.AccountID, u.ID)
	ev.Detail = map[string]string{"access_key_id": id}
	return s.d.Store.DeleteAccessKey(ctx, id, ev)
}

// ResolveKey returns a usable key, its plaintext secret key and its user,
// for a face to verify a request signature. It needs no principal: it is how
// a face finds one. Unknown, inactive and expired keys, and keys of a
// disabled user, all get the same answer, so none can be told apart.
// Errors: Unauthenticated (auth.invalid_access_key), Internal.
func (s *AccessKeyService) ResolveKey(ctx context.Context, accessKeyID string) (*AccessKey, []byte, *User, error) {
	bad := fault.New(fault.Unauthenticated, "auth.invalid_access_key", "the access key is unknown, inactive or expired")
	if len(accessKeyID) != accessKeyIDLen {
		return nil, nil, nil, bad
	}
	k, err := s.d.Store.FindAccessKeyByID(ctx, accessKeyID)
	if fault.Is(err, fault.NotFound) {
		return nil, nil, nil, bad
	}
	if err != nil {
		return nil, nil, nil, err
	}
	if !k.Usable(s.d.Clock()) {
		return nil, nil, nil, bad
	}
	u, err := s.d.Store.FindUserByID(ctx, k.UserID)
	if fault.Is(err, fault.NotFound) || (err == nil && !u.Enabled) {
		return nil, nil, nil, bad
	}
	if err != nil {
		return nil, nil, nil, err
	}
	if s.d.Keyring == nil {
		return nil, nil, nil, fault.Wrap(errNoKeyring{}, "access_key.no_keyring")
	}
	secret, err := s.d.Keyring.Open(k.SealedSecret, []byte(k.ID))
	if err != nil {
		return nil, nil, nil, err
	}
	k.SealedSecret = ""
	return k, secret, u, nil
}

// ownKey finds a key of u; another user's key reads as not found.
func (s *AccessKeyService) ownKey(ctx context.Context, u *User, id string) (*AccessKey, error) {
	notFound := fault.New(fault.NotFound, "access_key.not_found", "no such access key").WithField("access_key_id")
	if len(id) != accessKeyIDLen {
		return nil, notFound
	}
	k, err := s.d.Store.FindAccessKeyByID(ctx, id)
	if fault.Is(err, fault.NotFound) || (err == nil && subtle.ConstantTimeCompare([]byte(k.UserID), []byte(u.ID)) != 1) {
		return nil, notFound
	}
	return k, err
}

func (s *AccessKeyService) limit() int {
	if s.d.MaxAccessKeys > 0 {
		return s.d.MaxAccessKeys
	}
	return DefaultMaxAccessKeys
}

// checkExpiry refuses an expiry that is not in the future; zero means none.
func checkExpiry(t, now time.Time) error {
	if !t.IsZero() && !t.After(now) {
		return fault.New(fault.Invalid, "access_key.expiry_past", "the expiration date must be in the future").WithField("expiration_date")
	}
	return nil
}

// accessKeyCreatedNotice tells the owner a key was created, by email when
// they have one, else by SMS.
func accessKeyCreatedNotice(u *User, keyID string, now time.Time, ip string) []notify.Notification {
	data := map[string]string{"name": displayName(u), "account": u.AccountName, "key_id": keyID,
		"time": now.UTC().Format(time.RFC1123), "ip": ip}
	switch {
	case u.Email != "":
		return []notify.Notification{{Channel: notify.Email, To: u.Email, Template: notify.AccessKeyCreated, Locale: u.Locale, Theme: u.Theme, Data: data, AccountID: u.AccountID}}
	case u.Mobile != "":
		return []notify.Notification{{Channel: notify.SMS, To: u.Mobile, Template: notify.AccessKeyCreated, Locale: u.Locale, Theme: u.Theme, Data: data, AccountID: u.AccountID}}
	}
	return nil
}

// randomText returns n characters drawn uniformly from accessKeyChars.
func randomText(n int) string {
	// 252 is the largest multiple of 36 below 256: rejecting bytes at or
	// above it keeps every character equally likely.
	const limit = 256 - 256%len(accessKeyChars)
	out := make([]byte, 0, n)
	buf := make([]byte, n+n/4)
	for len(out) < n {
		_, _ = rand.Read(buf) // crypto/rand.Read never fails on supported platforms
		for _, b := range buf {
			if int(b) < limit && len(out) < n {
				out = append(out, accessKeyChars[int(b)%len(accessKeyChars)])
			}
		}
	}
	return string(out)
}

type errNoKeyring struct{}

func (errNoKeyring) Error() string { return "no keyring configured: access keys cannot be sealed" }
