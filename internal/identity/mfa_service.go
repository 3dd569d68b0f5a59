package identity

import (
	"context"
	"errors"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/verify"
)

// MFAService manages virtual MFA devices (TOTP authenticator apps). Its
// by-user operations mirror Huawei IAM's virtual-MFA calls; Begin, Confirm,
// Unbind and Status are the same for the caller's own device.
type MFAService struct{ d *Deps }

// MFAEnrollment is a created, not yet bound device: what the user scans or
// types into an authenticator app. The secret is shown only at creation.
type MFAEnrollment struct {
	SerialNumber string
	Secret       string // base32, Huawei's base32_string_seed
	URI          string // otpauth://totp/...
	QRCodePNG    []byte
}

// MFAStatus is the caller's device as the console shows it.
type MFAStatus struct {
	Bound        bool
	Pending      bool // created, waiting for two codes
	SerialNumber string
	BoundAt      time.Time
}

// MFAUnbind proves the caller may remove their device: a current code, or
// else the password.
type MFAUnbind struct {
	Code     string
	Password string
}

// QRCodeSize is the size, in pixels, of the QR code Begin returns.
const QRCodeSize = 256

func errMFANotFound() error {
	return fault.New(fault.NotFound, "mfa.not_found", "no virtual MFA device is bound to this user")
}

// Begin creates a virtual MFA device for the caller, replacing an unbound
// one. Errors as CreateVirtualDevice.
func (s *MFAService) Begin(ctx context.Context) (*MFAEnrollment, error) {
	p, err := requireUser(ctx, false)
	if err != nil {
		return nil, err
	}
	return s.CreateVirtualDevice(ctx, p.UserID, "")
}

// Confirm binds the caller's created device with two consecutive codes.
// Errors as BindDevice.
func (s *MFAService) Confirm(ctx context.Context, first, second string) error {
	p, err := requireUser(ctx, false)
	if err != nil {
		return err
	}
	return s.BindDevice(ctx, p.UserID, "", first, second)
}

// Status reports the caller's device. Errors: Unauthenticated, Forbidden.
func (s *MFAService) Status(ctx context.Context) (*MFAStatus, error) {
	p, err := requireUser(ctx, true)
	if err != nil {
		return nil, err
	}
	dev, err := s.d.Store.FindMFADevice(ctx, p.UserID)
	if fault.Is(err, fault.NotFound) {
		return &MFAStatus{}, nil
	}
	if err != nil {
		return nil, err
	}
	return &MFAStatus{Bound: dev.State == MFAActive, Pending: dev.State == MFAPending,
		SerialNumber: dev.SerialNumber, BoundAt: dev.BoundAt}, nil
}

// QRCode renders the caller's created, not yet bound device as a size ×
// size PNG QR code; a bound device's secret is never shown again.
// Errors: Unauthenticated, Forbidden, NotFound (mfa.not_found,
// mfa.not_pending), Invalid (verify.qr_size), Internal (mfa.no_keyring).
func (s *MFAService) QRCode(ctx context.Context, size int) ([]byte, error) {
	p, err := requireUser(ctx, false)
	if err != nil {
		return nil, err
	}
	dev, err := s.findDevice(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	if dev.State != MFAPending {
		return nil, fault.New(fault.NotFound, "mfa.not_pending", "the device is bound; its QR code is no longer shown")
	}
	uri, err := s.open(dev.SealedURI, dev.UserID)
	if err != nil {
		return nil, err
	}
	return verify.QRCodePNG(uri, size)
}

// Unbind removes the caller's device after a proof: a current code of the
// device, or else the password. While login verification uses the device
// it cannot be removed: that is refused before any proof is evaluated.
// A code is reserved before it is checked and limited per user (see
// ProofLimits); the password counts as a sign-in attempt.
// Errors: Unauthenticated, Forbidden, NotFound (mfa.not_found), Conflict
// (mfa.in_use), Invalid (mfa.proof_required, verify.code_invalid),
// RateLimited (verify.rate_limited, auth.too_many_attempts),
// Unauthenticated (password.current_invalid), Unavailable (hash pool full).
func (s *MFAService) Unbind(ctx context.Context, in MFAUnbind) error {
	u, err := s.d.callingUser(ctx, false)
	if err != nil {
		return err
	}
	dev, err := s.findDevice(ctx, u.ID)
	if err != nil {
		return err
	}
	if err := inUse(u, dev); err != nil {
		return err
	}
	switch {
	case in.Code != "":
		if err := s.proveCode(ctx, u, dev, in.Code); err != nil {
			return err
		}
	case in.Password != "":
		if err := s.d.provePassword(ctx, u, in.Password, ProofMFAUnbind); err != nil {
			return err
		}
	default:
		return fault.New(fault.Invalid, "mfa.proof_required", "give a current code from the device, or the password")
	}
	return s.remove(ctx, u, dev)
}

// CreateVirtualDevice creates a virtual MFA device for a user of the
// caller's account (the caller, or any user for an administrator), named
// name (the user's name when empty), replacing an unbound one. It returns
// the secret, its otpauth:// URI and a QR code; the device works only once
// BindDevice proves two consecutive codes.
// Errors: Unauthenticated, Forbidden, NotFound (user.not_found), Invalid
// (validation.name), Conflict (mfa.already_bound, mfa.serial_taken),
// Internal (mfa.no_keyring).
func (s *MFAService) CreateVirtualDevice(ctx context.Context, userID, name string) (*MFAEnrollment, error) {
	u, _, err := s.target(ctx, userID, true)
	if err != nil {
		return nil, err
	}
	if name == "" {
		name = u.Name
	}
	if err := validateName("name", name); err != nil {
		return nil, err
	}
	if s.d.Keyring == nil {
		return nil, errMFANoKeyring()
	}
	secret, uri, err := verify.NewTOTPKey(s.d.Config.TOTPIssuer, u.Name+"@"+u.AccountName)
	if err != nil {
		return nil, err
	}
	sealedSecret, err := s.d.Keyring.Seal([]byte(secret), []byte(u.ID))
	if err != nil {
		return nil, err
	}
	sealedURI, err := s.d.Keyring.Seal([]byte(uri), []byte(u.ID))
	if err != nil {
		return nil, err
	}
	png, err := verify.QRCodePNG(uri, QRCodeSize)
	if err != nil {
		return nil, err
	}
	dev := &MFADevice{UserID: u.ID, AccountID: u.AccountID, SerialNumber: "iam:" + u.AccountID + ":mfa/" + name, Name: name,
		State: MFAPending, SealedSecret: sealedSecret, SealedURI: sealedURI, CreatedAt: s.d.Clock()}
	ev := s.d.event(ctx, "mfa.create", u.AccountID, u.ID)
	ev.Detail = map[string]string{"serial_number": dev.SerialNumber}
	if err := s.d.Store.CreateMFADevice(ctx, dev, ev); err != nil {
		return nil, err
	}
	return &MFAEnrollment{SerialNumber: dev.SerialNumber, Secret: secret, URI: uri, QRCodePNG: png}, nil
}

// BindDevice binds a user's created device (serial, or the user's created
// one when empty) once first and second are its codes for two consecutive
// time steps, and notifies the user. Neither code works again afterwards.
// Errors: Unauthenticated, Forbidden, NotFound (user.not_found,
// mfa.not_found), Conflict (mfa.already_bound), Invalid
// (verify.code_invalid), Internal (mfa.no_keyring).
func (s *MFAService) BindDevice(ctx context.Context, userID, serial, first, second string) error {
	u, dev, _, err := s.targetDevice(ctx, userID, serial, true)
	if err != nil {
		return err
	}
	if dev.State == MFAActive {
		return fault.New(fault.Conflict, "mfa.already_bound", "a virtual MFA device is already bound to this user")
	}
	secret, err := s.open(dev.SealedSecret, u.ID)
	if err != nil {
		return err
	}
	now := s.d.Clock()
	step, ok := verify.ValidateConsecutive(secret, first, second, now)
	if !ok {
		return verify.CodeInvalid()
	}
	ev := s.d.event(ctx, "mfa.bind", u.AccountID, u.ID)
	ev.Detail = map[string]string{"serial_number": dev.SerialNumber}
	notes := securityNotice(u, notify.MFAChanged, map[string]string{"method": "bound", "time": now.UTC().Format(time.RFC1123),
		"ip": RequestFrom(ctx).IP})
	return s.d.Store.ActivateMFADevice(ctx, u.ID, dev.SerialNumber, step, ev, notes)
}

// UnbindDevice removes a user's device (serial, or the user's device when
// empty). A user removing their own device must give a current code, and
// may not while login verification uses it; an administrator removing
// another user's device needs no code (the user may have lost it), and a
// login verification of totp then falls back to off.
// The code is reserved before it is checked, as Unbind's.
// Errors: Unauthenticated, Forbidden, NotFound (user.not_found,
// mfa.not_found), Conflict (mfa.in_use), Invalid (verify.code_invalid),
// RateLimited (verify.rate_limited).
func (s *MFAService) UnbindDevice(ctx context.Context, userID, serial, code string) error {
	u, dev, self, err := s.targetDevice(ctx, userID, serial, true)
	if err != nil {
		return err
	}
	if self {
		if err := inUse(u, dev); err != nil {
			return err
		}
		if err := s.proveCode(ctx, u, dev, code); err != nil {
			return err
		}
	}
	return s.remove(ctx, u, dev)
}

// targetDevice returns the device of the user target picks, whose serial
// number must be serial unless serial is empty, and whether the caller is
// that user. Errors: those of target, NotFound (mfa.not_found).
func (s *MFAService) targetDevice(ctx context.Context, userID, serial string, write bool) (*User, *MFADevice, bool, error) {
	u, self, err := s.target(ctx, userID, write)
	if err != nil {
		return nil, nil, false, err
	}
	dev, err := s.findDevice(ctx, u.ID)
	if err != nil {
		return nil, nil, false, err
	}
	if serial != "" && serial != dev.SerialNumber {
		return nil, nil, false, errMFANotFound()
	}
	return u, dev, self, nil
}

// Device returns a user's device (the caller's, or any of the account's for
// an administrator). Errors: Unauthenticated, Forbidden, NotFound.
func (s *MFAService) Device(ctx context.Context, userID string) (*MFADevice, error) {
	_, dev, _, err := s.targetDevice(ctx, userID, "", false)
	if err != nil {
		return nil, err
	}
	return redactDevice(dev), nil
}

// ListDevices lists the devices of the administrator's account.
// Errors: Unauthenticated, Forbidden.
func (s *MFAService) ListDevices(ctx context.Context) ([]*MFADevice, error) {
	p, err := requireAdmin(ctx)
	if err != nil {
		return nil, err
	}
	list, err := s.d.Store.FindMFADevices(ctx, p.AccountID)
	for i, dev := range list {
		list[i] = redactDevice(dev)
	}
	return list, err
}

// target is the user an MFA call acts on, as actOn decides: the caller, or
// for an administrator a user of the account. Changes to the root user's
// device (write) are the root user's own: an IAM administrator who could
// remove it could take the account over. self reports whether the caller
// is that user.
func (s *MFAService) target(ctx context.Context, userID string, write bool) (*User, bool, error) {
	act := actReadDevice
	if write {
		act = actManageDevice
	}
	p, u, err := s.d.actOn(ctx, act, userID)
	if err != nil {
		return nil, false, err
	}
	return u, p.Kind == UserToken && p.UserID == u.ID, nil
}

func (s *MFAService) findDevice(ctx context.Context, userID string) (*MFADevice, error) {
	dev, err := s.d.Store.FindMFADevice(ctx, userID)
	if fault.Is(err, fault.NotFound) {
		return nil, errMFANotFound()
	}
	return dev, err
}

// proveCode proves a removal of u's device with a current code of it.
func (s *MFAService) proveCode(ctx context.Context, u *User, dev *MFADevice, code string) error {
	if dev.State != MFAActive {
		return errMFANotFound()
	}
	_, err := s.d.proveTOTP(ctx, u, ProofMFAUnbind, dev, code)
	return err
}

// inUse refuses to remove the device u's own login verification relies
// on: the user must first switch it, proving the device.
func inUse(u *User, dev *MFADevice) error {
	if u.LoginVerification == VerifyTOTP && dev.State == MFAActive {
		return fault.New(fault.Conflict, "mfa.in_use",
			"login verification uses this device: choose another verification method before unbinding it")
	}
	return nil
}

// remove deletes a device and notifies the user; a login verification of
// totp falls back to off (an administrator removing a lost device).
func (s *MFAService) remove(ctx context.Context, u *User, dev *MFADevice) error {
	now := s.d.Clock()
	ev := s.d.event(ctx, "mfa.unbind", u.AccountID, u.ID)
	ev.Detail = map[string]string{"serial_number": dev.SerialNumber}
	data := map[string]string{"method": "unbound", "time": now.UTC().Format(time.RFC1123), "ip": RequestFrom(ctx).IP}
	notes := securityNotice(u, notify.MFAChanged, data)
	if u.LoginVerification == VerifyTOTP && dev.State == MFAActive {
		notes = append(notes, securityNotice(u, notify.LoginVerificationChanged, map[string]string{"method": VerifyOff,
			"time": data["time"], "ip": data["ip"]})...)
	}
	// Read as u was, the method may have moved since: the store applies
	// the fallback only to a user still verifying by totp.
	return s.d.Store.DeleteMFADevice(ctx, MFARemoval{UserID: u.ID, Serial: dev.SerialNumber,
		Fallback: VerificationFallback{From: VerifyTOTP, To: VerifyOff}, Notifications: notes, Audit: ev})
}

// open unseals a device's secret or URI, sealed with the user ID as
// associated data.
func (s *MFAService) open(sealed, userID string) (string, error) {
	if s.d.Keyring == nil {
		return "", errMFANoKeyring()
	}
	b, err := s.d.Keyring.Open(sealed, []byte(userID))
	if err != nil {
		return "", err
	}
	return string(b), nil
}

func errMFANoKeyring() error {
	return fault.Wrap(errors.New("identity: no keyring configured to seal MFA secrets"), "mfa.no_keyring")
}

// redactDevice drops the sealed values before a device leaves the core.
func redactDevice(dev *MFADevice) *MFADevice {
	c := *dev
	c.SealedSecret, c.SealedURI = "", ""
	return &c
}
