package identity

import (
	"context"
	"time"

	"github.com/watchword/watchword/internal/notify"
)

// MFAState is where a virtual MFA device is in its life.
type MFAState string

// The device states: created but not proved (pending), then bound (active).
const (
	MFAPending MFAState = "pending"
	MFAActive  MFAState = "active"
)

// MFADevice is a user's virtual MFA device: a TOTP secret shared with an
// authenticator app. A user has at most one. The secret is sealed at rest
// with the user ID as associated data, so a sealed value copied to another
// user's row does not open.
type MFADevice struct {
	UserID       string
	AccountID    string
	SerialNumber string // "iam:<account ID>:mfa/<name>", Huawei's shape
	Name         string
	State        MFAState
	SealedSecret string
	// SealedURI is the otpauth:// URI, kept (sealed) only while pending so
	// the QR code can be shown again until the device is bound.
	SealedURI string
	// LastStep is the last TOTP time step accepted; a code for it or an
	// earlier step is refused, so no code works twice.
	LastStep  int64
	CreatedAt time.Time
	BoundAt   time.Time // zero while pending
}

// MFAStore persists virtual MFA devices.
type MFAStore interface {
	// CreateMFADevice stores a pending device, replacing the user's earlier
	// pending one. Errors: Conflict (mfa.already_bound when the user has an
	// active device; mfa.serial_taken when another user has the serial).
	CreateMFADevice(ctx context.Context, dev *MFADevice, ev AuditEvent) error
	// FindMFADevice returns a user's device. Errors: NotFound (mfa.not_found).
	FindMFADevice(ctx context.Context, userID string) (*MFADevice, error)
	// FindMFADevices lists an account's devices, pending ones included.
	FindMFADevices(ctx context.Context, accountID string) ([]*MFADevice, error)
	// ActivateMFADevice binds the user's pending device with that serial,
	// recording step as used and dropping the sealed URI, with ev and notes.
	// Errors: NotFound (mfa.not_found: no such pending device).
	ActivateMFADevice(ctx context.Context, userID, serial string, step int64, ev AuditEvent, notes []notify.Notification) error
	// UseMFAStep records step as the user's last used one, only if it is
	// later than the one stored. Errors: Invalid (verify.code_used: a
	// replay), NotFound (mfa.not_found: no active device).
	UseMFAStep(ctx context.Context, userID string, step int64) error
	// DeleteMFADevice removes the user's device with w.Serial (any serial
	// when empty) and applies w.Fallback, in one transaction.
	// Errors: NotFound (mfa.not_found).
	DeleteMFADevice(ctx context.Context, w MFARemoval) error
}

// MFARemoval is the removal of a user's virtual MFA device, applied in one
// transaction with its audit event and notifications.
type MFARemoval struct {
	UserID string
	// Serial names the device; empty removes whichever the user has.
	Serial string
	// Fallback moves the user's login verification from Fallback.From to
	// Fallback.To, if it is still From when the device goes: the core
	// names the method the device backs, which cannot work without it.
	Fallback      VerificationFallback
	Notifications []notify.Notification
	Audit         AuditEvent
}

// VerificationFallback is a change of a user's login verification method
// that applies only while the method is still From; a zero one does nothing.
type VerificationFallback struct{ From, To string }
