package identity

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/verify"
)

// LoginVerificationService sets the second step a user's login requires:
// off, a code by SMS or email, or a code from their virtual MFA device.
// Every change is proved with a code of the factor it switches to (or, to
// switch off, of the factor in use), and notifies the user.
type LoginVerificationService struct{ d *Deps }

// LoginVerificationStatus is the caller's setting and what they may choose.
type LoginVerificationStatus struct {
	Method    string
	Available []string // off, then sms/email/totp as the user has a mobile, an email, a bound device
}

// CodeSent says where a code went and until when it works.
type CodeSent struct {
	Method      string // sms | email
	Destination string // masked
	ExpiresAt   time.Time
}

// Status returns the caller's login verification method and the methods
// they may choose. Errors: Unauthenticated, Forbidden.
func (s *LoginVerificationService) Status(ctx context.Context) (*LoginVerificationStatus, error) {
	u, err := s.d.callingUser(ctx, true)
	if err != nil {
		return nil, err
	}
	return s.status(ctx, u)
}

func (s *LoginVerificationService) status(ctx context.Context, u *User) (*LoginVerificationStatus, error) {
	st := &LoginVerificationStatus{Method: methodOf(u), Available: []string{VerifyOff}}
	if u.Mobile != "" {
		st.Available = append(st.Available, VerifySMS)
	}
	if u.Email != "" {
		st.Available = append(st.Available, VerifyEmail)
	}
	dev, err := s.d.Store.FindMFADevice(ctx, u.ID)
	if err != nil && !fault.Is(err, fault.NotFound) {
		return nil, err
	}
	if dev != nil && dev.State == MFAActive {
		st.Available = append(st.Available, VerifyTOTP)
	}
	return st, nil
}

// SendCode sends the code that proves a switch to method: to the new
// factor (sms, email), or for method off to the factor in use. A new code
// voids the previous one. Codes of totp come from the device, so nothing is
// sent for it. Errors: Unauthenticated, Forbidden, Invalid
// (login_verification.method, login_verification.unchanged,
// login_verification.use_device, login_verification.no_mobile,
// login_verification.no_email), Internal (mfa.no_keyring).
func (s *LoginVerificationService) SendCode(ctx context.Context, method string) (*CodeSent, error) {
	u, err := s.d.callingUser(ctx, false)
	if err != nil {
		return nil, err
	}
	factor, err := proofFactor(u, method)
	if err != nil {
		return nil, err
	}
	if factor == VerifyTOTP {
		return nil, fault.New(fault.Invalid, "login_verification.use_device",
			"use a code from your authenticator app; no code is sent for it").WithField("method")
	}
	dest, err := destination(u, factor)
	if err != nil {
		return nil, err
	}
	h, err := s.d.loginCodes()
	if err != nil {
		return nil, err
	}
	now := s.d.Clock()
	rec := &ChallengeRecord{ID: newID(), Purpose: ChallengeVerificationChange, UserID: u.ID, AccountID: u.AccountID,
		Method: factor, Target: method, IP: RequestFrom(ctx).IP, CreatedAt: now, ExpiresAt: now.Add(verify.CodeLifetime)}
	code, hash := h.NewCode(challengeBinding(rec))
	rec.CodeHash = hash
	notes := codeNotes(u, factor, dest, code, verify.CodeLifetime)
	if err := s.d.Store.CreateChallenge(ctx, rec, notes); err != nil {
		return nil, err
	}
	return &CodeSent{Method: factor, Destination: maskDestination(factor, dest), ExpiresAt: rec.ExpiresAt}, nil
}

// Set switches the caller's login verification to method, given the code
// that proves it (see SendCode; for totp, a current code of the device).
// totp needs a bound virtual MFA device. The user is notified.
// Errors: Unauthenticated, Forbidden, Invalid (login_verification.method,
// login_verification.unchanged, login_verification.no_mobile,
// login_verification.no_email, verify.code_invalid, verify.code_expired,
// verify.code_used, verify.too_many_attempts), Conflict
// (login_verification.mfa_required), Internal (mfa.no_keyring).
func (s *LoginVerificationService) Set(ctx context.Context, method, code string) (*LoginVerificationStatus, error) {
	u, err := s.d.callingUser(ctx, false)
	if err != nil {
		return nil, err
	}
	factor, err := proofFactor(u, method)
	if err != nil {
		return nil, err
	}
	if _, err := destination(u, factor); err != nil {
		return nil, err
	}
	var challengeID string
	var step int64
	if factor == VerifyTOTP {
		if step, err = s.checkDevice(ctx, u.ID, code); err != nil {
			return nil, err
		}
	} else {
		if challengeID, err = s.checkChallenge(ctx, u, factor, method, code); err != nil {
			return nil, err
		}
	}
	now := s.d.Clock()
	ev := s.d.event(ctx, "login_verification.update", u.AccountID, u.ID)
	ev.Detail = map[string]string{"from": methodOf(u), "to": method}
	notes := securityNotice(u, notify.LoginVerificationChanged, map[string]string{"method": method,
		"time": now.UTC().Format(time.RFC1123), "ip": RequestFrom(ctx).IP})
	if err := s.d.Store.SetLoginVerification(ctx, u.ID, method, challengeID, step, ev, notes); err != nil {
		return nil, err
	}
	u.LoginVerification = method
	return s.status(ctx, u)
}

// checkDevice accepts a current, unused code of the user's bound device
// and returns its time step, for the caller to consume.
func (s *LoginVerificationService) checkDevice(ctx context.Context, userID, code string) (int64, error) {
	dev, err := s.d.Store.FindMFADevice(ctx, userID)
	if fault.Is(err, fault.NotFound) || (err == nil && dev.State != MFAActive) {
		return 0, fault.New(fault.Conflict, "login_verification.mfa_required", "bind a virtual MFA device before choosing it for login verification")
	}
	if err != nil {
		return 0, err
	}
	secret, err := (&MFAService{d: s.d}).open(dev.SealedSecret, userID)
	if err != nil {
		return 0, err
	}
	step, ok := verify.ValidateTOTP(secret, code, s.d.Clock(), dev.LastStep)
	if !ok {
		return 0, verify.CodeInvalid()
	}
	return step, nil
}

// checkChallenge checks code against the newest code sent for switching to
// target, counting the attempt first, and returns the challenge to consume.
func (s *LoginVerificationService) checkChallenge(ctx context.Context, u *User, factor, target, code string) (string, error) {
	h, err := s.d.loginCodes()
	if err != nil {
		return "", err
	}
	rec, err := s.d.Store.AttemptLatestChallenge(ctx, u.ID, ChallengeVerificationChange, target)
	if fault.Is(err, fault.NotFound) {
		return "", verify.CodeInvalid()
	}
	if err != nil {
		return "", err
	}
	if rec.Method != factor { // the factor in use changed since the code was sent
		return "", fault.New(fault.Invalid, "verify.code_expired", "This code has expired. Request a new one.")
	}
	if err := h.Check(storedCode(rec), code, s.d.Clock()); err != nil {
		return "", err
	}
	return rec.ID, nil
}

// proofFactor returns the factor whose code proves a switch of u to
// method: the new one, or the one in use when switching off.
func proofFactor(u *User, method string) (string, error) {
	if !slices.Contains([]string{VerifyOff, VerifySMS, VerifyEmail, VerifyTOTP}, method) {
		return "", fault.New(fault.Invalid, "login_verification.method", "method must be off, sms, email or totp").WithField("method")
	}
	if method == methodOf(u) {
		return "", fault.Newf(fault.Invalid, "login_verification.unchanged", "login verification is already %s", method).WithField("method")
	}
	if method == VerifyOff {
		return methodOf(u), nil
	}
	return method, nil
}

// destination is where a factor's codes go.
func destination(u *User, factor string) (string, error) {
	switch {
	case factor == VerifySMS && u.Mobile == "":
		return "", fault.New(fault.Invalid, "login_verification.no_mobile", "bind a mobile number before choosing SMS").WithField("method")
	case factor == VerifySMS:
		return u.Mobile, nil
	case factor == VerifyEmail && u.Email == "":
		return "", fault.New(fault.Invalid, "login_verification.no_email", "bind an email address before choosing email").WithField("method")
	case factor == VerifyEmail:
		return u.Email, nil
	}
	return "", nil
}

// methodOf reads a user's method, an unset one as off.
func methodOf(u *User) string {
	if u.LoginVerification == "" {
		return VerifyOff
	}
	return u.LoginVerification
}

// codeNotes builds the notification carrying a code, marked secret so that
// the outbox keeps it sealed.
func codeNotes(u *User, factor, dest, code string, ttl time.Duration) []notify.Notification {
	ch := notify.Email
	if factor == VerifySMS {
		ch = notify.SMS
	}
	return []notify.Notification{{Channel: ch, To: dest, Template: notify.VerificationCode, Locale: u.Locale, Theme: u.Theme, AccountID: u.AccountID,
		Data:   map[string]string{"name": displayName(u), "account": u.AccountName, "expires_minutes": strconv.Itoa(int(ttl / time.Minute))},
		Secret: map[string]string{"code": code}}}
}

// challengeBinding is what a challenge's code hash is bound to, so a code
// checks only for the challenge, user and purpose it was sent for.
func challengeBinding(c *ChallengeRecord) string {
	return "challenge:" + c.Purpose + ":" + c.UserID + ":" + c.ID + ":" + c.Target
}

// storedCode is a challenge as verify.CodeHasher.Check reads it.
func storedCode(c *ChallengeRecord) verify.StoredCode {
	return verify.StoredCode{Binding: challengeBinding(c), Hash: c.CodeHash, ExpiresAt: c.ExpiresAt, Attempts: c.Attempts,
		MaxAttempts: LoginChallengeMaxAttempts, UsedAt: c.UsedAt, Voided: c.Voided}
}

// loginCodes returns the hasher of login and verification-change codes,
// keyed from the keyring so that codes mean nothing to a reader of the
// database. Errors: Internal (mfa.no_keyring).
func (d *Deps) loginCodes() (*verify.CodeHasher, error) {
	if d.Keyring == nil {
		return nil, fault.Wrap(errors.New("identity: no keyring configured to key login codes"), "mfa.no_keyring")
	}
	return verify.NewCodeHasher(d.Keyring.DeriveKey("login.code"))
}

// maskDestination shows enough of an address or number for its owner to
// recognise it.
func maskDestination(factor, dest string) string {
	if factor == VerifyEmail {
		if at := strings.LastIndexByte(dest, '@'); at >= 1 {
			return dest[:1] + "•••" + dest[at:]
		}
		return ""
	}
	if len(dest) < 6 {
		return ""
	}
	return dest[:3] + "•••" + dest[len(dest)-2:]
}
