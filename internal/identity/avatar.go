package identity

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/watchword/watchword/internal/avatar"
	"github.com/watchword/watchword/internal/fault"
)

// Avatar is a user's picture: always a 256×256 PNG the server made.
type Avatar struct {
	UserID    string
	PNG       []byte
	ETag      string // quoted, strong: a hash of the PNG
	UpdatedAt time.Time
	// Default: the user has uploaded none; this is their generated initials.
	Default bool
}

// AvatarStore persists avatars.
type AvatarStore interface {
	// FindAvatar returns a user's uploaded avatar. Errors: NotFound (avatar.not_found).
	FindAvatar(ctx context.Context, userID string) (*Avatar, error)
	// SetAvatar stores a user's avatar, replacing any. Errors: NotFound (user.not_found).
	SetAvatar(ctx context.Context, a *Avatar, ev AuditEvent) error
	// DeleteAvatar removes a user's avatar; removing none is not an error.
	DeleteAvatar(ctx context.Context, userID string, ev AuditEvent) error
}

// AvatarService changes the caller's avatar and shows avatars.
type AvatarService struct {
	d *Deps
	// decodes bounds how many uploads are decoded at once: each may take up
	// to avatar.DefaultMaxDecodeBytes, so parallel uploads must queue.
	decodes chan struct{}
}

// maxAvatarDecodes is how many avatar decodes run at once.
const maxAvatarDecodes = 2

// newAvatarService returns the service with its decode slots.
func newAvatarService(d *Deps) *AvatarService {
	return &AvatarService{d: d, decodes: make(chan struct{}, maxAvatarDecodes)}
}

// decodeSlot waits briefly for a decode slot.
// Errors: Unavailable (avatar.busy) when none frees up in time.
func (s *AvatarService) decodeSlot(ctx context.Context) (release func(), err error) {
	t := time.NewTimer(5 * time.Second)
	defer t.Stop()
	select {
	case s.decodes <- struct{}{}:
		return func() { <-s.decodes }, nil
	case <-t.C:
	case <-ctx.Done():
	}
	return nil, &fault.Error{Kind: fault.Unavailable, Code: "avatar.busy",
		Message: "too many pictures are being processed, retry shortly", RetryAfter: 2 * time.Second}
}

// MaxBytes is the largest upload accepted, so a face can bound its read.
func (s *AvatarService) MaxBytes() int64 { return s.limits().MaxBytes }

func (s *AvatarService) limits() avatar.Limits {
	return avatar.Limits{MaxBytes: s.d.Config.AvatarMaxBytes}.WithDefaults()
}

// Upload replaces the caller's avatar with data, a PNG, JPEG, GIF or WebP
// picture, stored as a 256×256 PNG re-encoded from its pixels (which drops
// any metadata). Errors: Unauthenticated, Forbidden, TooLarge
// (avatar.too_large), Invalid (avatar.format, avatar.dimensions,
// avatar.corrupt).
func (s *AvatarService) Upload(ctx context.Context, data []byte) (*Avatar, error) {
	p, err := requireUser(ctx, false)
	if err != nil {
		return nil, err
	}
	release, err := s.decodeSlot(ctx)
	if err != nil {
		return nil, err
	}
	img, err := avatar.Normalize(data, s.limits())
	release()
	if err != nil {
		return nil, err
	}
	a := &Avatar{UserID: p.UserID, PNG: img, ETag: etag(img), UpdatedAt: s.d.Clock()}
	if err := s.d.Store.SetAvatar(ctx, a, s.d.event(ctx, "avatar.update", p.AccountID, p.UserID)); err != nil {
		return nil, err
	}
	return a, nil
}

// Delete resets the caller's avatar to the generated default.
// Errors: Unauthenticated, Forbidden.
func (s *AvatarService) Delete(ctx context.Context) error {
	p, err := requireUser(ctx, false)
	if err != nil {
		return err
	}
	return s.d.Store.DeleteAvatar(ctx, p.UserID, s.d.event(ctx, "avatar.delete", p.AccountID, p.UserID))
}

// Mine returns the caller's avatar, or their generated default.
// Errors: Unauthenticated, Forbidden.
func (s *AvatarService) Mine(ctx context.Context) (*Avatar, error) {
	u, err := s.d.callingUser(ctx, true)
	if err != nil {
		return nil, err
	}
	return s.of(ctx, u)
}

// Of returns the avatar of a user of the administrator's account.
// Errors: Unauthenticated, Forbidden, NotFound (user.not_found).
func (s *AvatarService) Of(ctx context.Context, userID string) (*Avatar, error) {
	_, u, err := s.d.actOn(ctx, actAdminRead, userID)
	if err != nil {
		return nil, err
	}
	return s.of(ctx, u)
}

func (s *AvatarService) of(ctx context.Context, u *User) (*Avatar, error) {
	a, err := s.d.Store.FindAvatar(ctx, u.ID)
	if err == nil || !fault.Is(err, fault.NotFound) {
		return a, err
	}
	img, err := avatar.Default(displayName(u), u.ID)
	if err != nil {
		return nil, err
	}
	return &Avatar{UserID: u.ID, PNG: img, ETag: etag(img), UpdatedAt: u.UpdatedAt, Default: true}, nil
}

func etag(png []byte) string {
	sum := sha256.Sum256(png)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}
