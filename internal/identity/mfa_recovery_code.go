package identity

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/notify"
)

// Recovery codes stand in for a lost or forgotten virtual MFA device at the
// login verification step: a set of RecoveryCodeCount one-time codes, shown
// once when made and stored only as keyed hashes. Each works once; a new
// set voids the old one, and removing the device removes its codes.
const (
	RecoveryCodeCount = 10
	// recoveryCodeLen characters of recoveryCodeChars (31 symbols, none
	// easily confused: no 0/o, 1/l/i) make about 49.5 bits per code. That
	// is out of reach online, where each guess is a login attempt under
	// the login policy's lock, and the stored hash is keyed (HMAC with a
	// key derived from the server keyring), so a copied table cannot be
	// searched offline without the key.
	recoveryCodeLen   = 10
	recoveryCodeChars = "abcdefghjkmnpqrstuvwxyz23456789"
)

// ProofRecoveryCodes is the proof action of making a new set of recovery
// codes: a current code of the device, or the password.
const ProofRecoveryCodes = "mfa.recovery_codes"

// RecoveryCodeStatus is how many unused recovery codes a user holds and
// when their set was made (zero when they have none).
type RecoveryCodeStatus struct {
	Remaining int
	CreatedAt time.Time
}

// RecoveryCodeSet replaces a user's recovery codes in one transaction:
// Hashes (keyed hashes of the new codes), the device step its proof used
// (0 for a password proof), the audit event and the notification.
type RecoveryCodeSet struct {
	UserID        string
	Hashes        []string
	Step          int64
	Audit         AuditEvent
	Notifications []notify.Notification
}

// RecoveryCodeUse spends one recovery code at a login challenge, in one
// transaction with the challenge, the audit event and the notification.
type RecoveryCodeUse struct {
	UserID        string
	Hash          string
	ChallengeID   string
	Audit         AuditEvent
	Notifications []notify.Notification
}

// RecoveryCodeStore persists recovery codes.
type RecoveryCodeStore interface {
	// ReplaceRecoveryCodes deletes the user's codes and stores w.Hashes,
	// consuming w.Step of the device when above 0. Errors: NotFound
	// (mfa.not_found: no active device), Invalid (verify.code_used: the
	// step was used already).
	ReplaceRecoveryCodes(ctx context.Context, w RecoveryCodeSet) error
	// FindRecoveryCodeStatus counts the user's unused codes.
	FindRecoveryCodeStatus(ctx context.Context, userID string) (RecoveryCodeStatus, error)
	// UseRecoveryCode marks the user's unused code with u.Hash used and
	// the challenge used. Errors: NotFound (recovery_code.not_found: no
	// unused code has that hash), Invalid (verify.code_used: the challenge
	// is spent).
	UseRecoveryCode(ctx context.Context, u RecoveryCodeUse) error
}

// RecoveryCodesRequest proves a new set of recovery codes: a current code
// of the device, or else the password.
type RecoveryCodesRequest struct {
	Code     string
	Password string
}

// RecoveryCodes says how many recovery codes the caller has left.
// Errors: Unauthenticated, Forbidden.
func (s *MFAService) RecoveryCodes(ctx context.Context) (*RecoveryCodeStatus, error) {
	u, err := s.d.callingUser(ctx, false)
	if err != nil {
		return nil, err
	}
	st, err := s.d.Store.FindRecoveryCodeStatus(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	return &st, nil
}

// GenerateRecoveryCodes makes a new set of RecoveryCodeCount codes for the
// caller, whose virtual MFA device must be bound, voiding the old set. The
// change is proved as removing the device is: a current code of the device
// (reserved before it is checked, limited per user, and never usable
// again) or the password (a sign-in attempt). The codes are returned this
// once; the user is notified and the change audited.
// Errors: Unauthenticated, Forbidden, NotFound (mfa.not_found), Invalid
// (mfa.proof_required, verify.code_invalid, verify.code_used),
// Unauthenticated (password.current_invalid), RateLimited
// (verify.rate_limited, auth.too_many_attempts), Unavailable, Internal
// (mfa.no_keyring).
func (s *MFAService) GenerateRecoveryCodes(ctx context.Context, in RecoveryCodesRequest) ([]string, error) {
	u, err := s.d.callingUser(ctx, false)
	if err != nil {
		return nil, err
	}
	dev, err := s.findDevice(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	if dev.State != MFAActive {
		return nil, errMFANotFound()
	}
	key, err := s.d.recoveryCodeKey()
	if err != nil {
		return nil, err
	}
	var step int64
	switch {
	case in.Code != "":
		if step, err = s.d.proveTOTP(ctx, u, ProofRecoveryCodes, dev, in.Code); err != nil {
			return nil, err
		}
	case in.Password != "":
		if err := s.d.provePassword(ctx, u, in.Password, ProofRecoveryCodes); err != nil {
			return nil, err
		}
	default:
		return nil, fault.New(fault.Invalid, "mfa.proof_required", "give a current code from the device, or the password")
	}
	codes := make([]string, RecoveryCodeCount)
	hashes := make([]string, RecoveryCodeCount)
	for i := range codes {
		codes[i] = newRecoveryCode()
		hashes[i] = recoveryCodeHash(key, u.ID, codes[i])
	}
	now := s.d.Clock()
	ev := s.d.event(ctx, "mfa.recovery_codes.generate", u.AccountID, u.ID)
	ev.Detail = map[string]string{"count": strconv.Itoa(RecoveryCodeCount)}
	notes := securityNotice(u, notify.MFAChanged, map[string]string{"method": "recovery_codes",
		"time": now.UTC().Format(time.RFC1123), "ip": RequestFrom(ctx).IP})
	if err := s.d.Store.ReplaceRecoveryCodes(ctx, RecoveryCodeSet{UserID: u.ID, Hashes: hashes, Step: step,
		Audit: ev, Notifications: notes}); err != nil {
		return nil, err
	}
	return codes, nil
}

// recoveryCodeUse is what spending code at challenge rec of u writes; nil,
// without error, when code does not look like a recovery code at all (a
// device's code, then).
func (d *Deps) recoveryCodeUse(ctx context.Context, u *User, rec *ChallengeRecord, code string) (*RecoveryCodeUse, error) {
	norm := normalizeRecoveryCode(code)
	if len(norm) != recoveryCodeLen {
		return nil, nil
	}
	key, err := d.recoveryCodeKey()
	if err != nil {
		return nil, err
	}
	st, err := d.Store.FindRecoveryCodeStatus(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	ev := d.event(ctx, "mfa.recovery_code.use", u.AccountID, u.ID)
	left := strconv.Itoa(max(st.Remaining-1, 0))
	ev.Detail = map[string]string{"remaining": left}
	notes := securityNotice(u, notify.MFAChanged, map[string]string{"method": "recovery_code_used", "remaining": left,
		"time": d.Clock().UTC().Format(time.RFC1123), "ip": RequestFrom(ctx).IP})
	return &RecoveryCodeUse{UserID: u.ID, Hash: recoveryCodeHash(key, u.ID, norm), ChallengeID: rec.ID,
		Audit: ev, Notifications: notes}, nil
}

// recoveryCodeKey is the key of the recovery codes' hashes.
func (d *Deps) recoveryCodeKey() ([]byte, error) {
	if d.Keyring == nil {
		return nil, fault.Wrap(errors.New("identity: no keyring configured to key recovery codes"), "mfa.no_keyring")
	}
	return d.Keyring.DeriveKey("mfa.recovery_code"), nil
}

// recoveryCodeHash is the stored form of a code: bound to its user, so a
// row moved to another user matches nothing.
func recoveryCodeHash(key []byte, userID, code string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(userID + "\x00" + normalizeRecoveryCode(code)))
	return hex.EncodeToString(m.Sum(nil))
}

// newRecoveryCode draws a code, shown as two groups of five ("abcde-fgh23").
// It always holds a letter, so it can never be taken for a device's code.
func newRecoveryCode() string {
	for {
		b := make([]byte, recoveryCodeLen)
		var r [1]byte
		hasLetter := false
		for i := range b {
			for {
				if _, err := rand.Read(r[:]); err != nil {
					panic(err) // crypto/rand never fails on supported platforms
				}
				// Rejection sampling keeps every symbol equally likely.
				if int(r[0]) < 256/len(recoveryCodeChars)*len(recoveryCodeChars) {
					break
				}
			}
			b[i] = recoveryCodeChars[int(r[0])%len(recoveryCodeChars)]
			hasLetter = hasLetter || b[i] > '9'
		}
		if hasLetter {
			return string(b[:5]) + "-" + string(b[5:])
		}
	}
}

// normalizeRecoveryCode drops what people type around a code (spaces,
// dashes) and its case.
func normalizeRecoveryCode(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '-' || r == '\t':
			return -1
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return r
	}, strings.TrimSpace(s))
}
