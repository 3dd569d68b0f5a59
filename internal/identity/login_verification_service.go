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
// Every change proves the factor in use (its code; the password while
// login verification is off), so a session alone cannot swap the second
// factor, and the factor it switches to (its code), so a change cannot
// lock the user out. The user is notified.
type LoginVerificationService struct{ d *Deps }

// LoginVerificationStatus is the caller's setting and what they may choose.
type LoginVerificationStatus struct {
	Method    string
	Available []string // off, then sms/email/totp as the user has a mobile, an email, a bound device
}

// LoginVerificationChange is a switch of the caller's login verification,
// with its proofs.
type LoginVerificationChange struct {
	Method string
	// Code proves the method switched to: the code SendCode sent to it, or
	// for totp a current code of the device. To switch off, it is the code
	// of the method in use (SendCode with method off sends it).
	Code string
	// CurrentCode proves the method in use when switching from it to
	// another method that is on: the code SendCurrentCode sent to it, or
	// for totp a current code of the device.
	CurrentCode string
	// CurrentPassword proves the user while login verification is off.
	CurrentPassword string
}

// CodeSent says where a code went and until when it works.
type CodeSent struct {
	Method      string // sms | email
	Destination string // masked
	ExpiresAt   time.Time
}

// ChallengeVerificationProof is the purpose of a code sent to the factor
// in use, proving a switch from it to another method that is on.
const ChallengeVerificationProof = "verification_proof"

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

// SendCode sends the code of LoginVerificationChange.Code for a switch to
// method: to the new factor (sms, email), or for method off to the factor
// in use. A new code voids the previous one. Codes of totp come from the
// device, so nothing is sent for it. Sends are limited per user (see
// ProofLimits). Errors: Unauthenticated, Forbidden, Invalid
// (login_verification.method, login_verification.unchanged,
// login_verification.use_device, login_verification.no_mobile,
// login_verification.no_email), RateLimited (verify.send_limited),
// Internal (mfa.no_keyring).
func (s *LoginVerificationService) SendCode(ctx context.Context, method string) (*CodeSent, error) {
	u, err := s.d.callingUser(ctx, false)
	if err != nil {
		return nil, err
	}
	factor, err := proofFactor(u, method)
	if err != nil {
		return nil, err
	}
	return s.send(ctx, u, ChallengeVerificationChange, factor, method)
}

// SendCurrentCode sends the code of LoginVerificationChange.CurrentCode
// for a switch to method: to the factor in use, sms or email. For method
// off it is SendCode. Errors: those of SendCode, and Invalid
// (login_verification.use_password while login verification is off).
func (s *LoginVerificationService) SendCurrentCode(ctx context.Context, method string) (*CodeSent, error) {
	u, err := s.d.callingUser(ctx, false)
	if err != nil {
		return nil, err
	}
	if _, err := proofFactor(u, method); err != nil {
		return nil, err
	}
	cur := methodOf(u)
	switch {
	case method == VerifyOff:
		return s.send(ctx, u, ChallengeVerificationChange, cur, method)
	case cur == VerifyOff:
		return nil, fault.New(fault.Invalid, "login_verification.use_password",
			"login verification is off: prove the change with your password; no code is sent").WithField("method")
	}
	return s.send(ctx, u, ChallengeVerificationProof, cur, method)
}

// send sends a code of purpose to factor, for a switch of u to target.
func (s *LoginVerificationService) send(ctx context.Context, u *User, purpose, factor, target string) (*CodeSent, error) {
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
	if err := s.d.reserveSend(ctx, u); err != nil {
		return nil, err
	}
	now := s.d.Clock()
	rec := &ChallengeRecord{ID: newID(), Purpose: purpose, UserID: u.ID, AccountID: u.AccountID,
		Method: factor, Target: target, IP: RequestFrom(ctx).IP, CreatedAt: now, ExpiresAt: now.Add(verify.CodeLifetime)}
	code, hash := s.d.makeCode(h, challengeBinding(rec))
	rec.CodeHash = hash
	notes := codeNotes(u, factor, dest, code, verify.CodeLifetime)
	if err := s.d.Store.CreateChallenge(ctx, rec, now.Add(-challengeKeep), notes); err != nil {
		return nil, err
	}
	return &CodeSent{Method: factor, Destination: maskDestination(factor, dest), ExpiresAt: rec.ExpiresAt}, nil
}

// Set switches the caller's login verification to in.Method, given its
// proofs (see LoginVerificationChange): the factor in use first (its code,
// or the password while off), then the factor switched to. Each code given
// is reserved before it is checked, limited per user in a short window and
// per day (see ProofLimits); every refusal is audited. totp needs a bound
// virtual MFA device. The user is notified.
// Errors: Unauthenticated, Forbidden, Invalid (login_verification.method,
// login_verification.unchanged, login_verification.no_mobile,
// login_verification.no_email, login_verification.current_code_required,
// login_verification.password_required, verify.code_invalid,
// verify.code_expired, verify.code_used, verify.too_many_attempts),
// Unauthenticated (password.current_invalid), RateLimited
// (verify.rate_limited; auth.too_many_attempts for the password), Conflict
// (login_verification.mfa_required), Unavailable (hash pool full),
// Internal (mfa.no_keyring).
func (s *LoginVerificationService) Set(ctx context.Context, in LoginVerificationChange) (*LoginVerificationStatus, error) {
	u, err := s.d.callingUser(ctx, false)
	if err != nil {
		return nil, err
	}
	method := in.Method
	factor, err := proofFactor(u, method)
	if err != nil {
		return nil, err
	}
	if _, err := destination(u, factor); err != nil {
		return nil, err
	}
	var dev *MFADevice
	if factor == VerifyTOTP {
		if dev, err = s.activeDevice(ctx, u.ID); err != nil {
			return nil, err
		}
	}
	var challenges []string
	var step int64
	cur := methodOf(u)
	proof := cur
	if method != VerifyOff { // switching off, the code of the factor in use is in.Code
		if step, challenges, err = s.proveCurrent(ctx, u, method, in); err != nil {
			if cur == VerifyOff {
				return nil, proofField(err, "current_password")
			}
			return nil, proofField(err, "current_code")
		}
	}
	if factor == VerifyTOTP {
		if step, err = s.d.proveTOTP(ctx, u, ProofLoginVerification, dev, in.Code); err != nil {
			return nil, proofField(err, "code")
		}
	} else {
		id, err := s.d.proveChallenge(ctx, u, ProofLoginVerification, ChallengeVerificationChange, factor, method, in.Code)
		if err != nil {
			return nil, proofField(err, "code")
		}
		challenges = append(challenges, id)
	}
	if cur == VerifyOff {
		proof = "password"
	}
	now := s.d.Clock()
	ev := s.d.event(ctx, ProofLoginVerification, u.AccountID, u.ID)
	ev.Detail = map[string]string{"from": cur, "to": method, "proof": proof}
	notes := securityNotice(u, notify.LoginVerificationChanged, map[string]string{"method": method,
		"time": now.UTC().Format(time.RFC1123), "ip": RequestFrom(ctx).IP})
	if err := s.d.Store.SetLoginVerification(ctx, LoginVerificationWrite{UserID: u.ID, Method: method,
		ChallengeIDs: challenges, Step: step, RequireMFA: method == VerifyTOTP, Notifications: notes, Audit: ev}); err != nil {
		return nil, err
	}
	u.LoginVerification = method
	return s.status(ctx, u)
}

// proveCurrent proves the factor u has in use before a switch to method
// (not off): a code of it, or the password while it is off. It returns
// the TOTP step or the challenge to consume with the switch.
func (s *LoginVerificationService) proveCurrent(ctx context.Context, u *User, method string, in LoginVerificationChange) (int64, []string, error) {
	switch cur := methodOf(u); cur {
	case VerifyOff:
		if in.CurrentPassword == "" {
			return 0, nil, fault.New(fault.Invalid, "login_verification.password_required",
				"login verification is off: give your current password to turn it on").WithField("current_password")
		}
		return 0, nil, s.d.provePassword(ctx, u, in.CurrentPassword, ProofLoginVerification)
	case VerifyTOTP:
		if in.CurrentCode == "" {
			return 0, nil, errCurrentCodeRequired(cur)
		}
		dev, err := s.activeDevice(ctx, u.ID)
		if err != nil {
			return 0, nil, err
		}
		step, err := s.d.proveTOTP(ctx, u, ProofLoginVerification, dev, in.CurrentCode)
		return step, nil, err
	default:
		if in.CurrentCode == "" {
			return 0, nil, errCurrentCodeRequired(cur)
		}
		id, err := s.d.proveChallenge(ctx, u, ProofLoginVerification, ChallengeVerificationProof, cur, method, in.CurrentCode)
		if err != nil {
			return 0, nil, err
		}
		return 0, []string{id}, nil
	}
}

// proofField names the field whose proof failed, so a form can show it there.
func proofField(err error, field string) error {
	fe := fault.As(err)
	if fe.Kind == fault.Internal || fe.Field != "" {
		return err
	}
	c := *fe
	c.Field = field
	return &c
}

func errCurrentCodeRequired(cur string) error {
	return fault.Newf(fault.Invalid, "login_verification.current_code_required",
		"give a code of the verification method in use (%s) to change it", cur).WithField("current_code")
}

// activeDevice returns the user's bound device.
// Errors: Conflict (login_verification.mfa_required).
func (s *LoginVerificationService) activeDevice(ctx context.Context, userID string) (*MFADevice, error) {
	dev, err := s.d.Store.FindMFADevice(ctx, userID)
	if fault.Is(err, fault.NotFound) || (err == nil && dev.State != MFAActive) {
		return nil, fault.New(fault.Conflict, "login_verification.mfa_required", "bind a virtual MFA device before choosing it for login verification")
	}
	return dev, err
}

// checkDevice accepts a current, unused code of the user's bound device
// and returns its time step, for the caller to consume. It answers a
// login's second step, whose attempts the challenge and the login
// throttle count.
func (s *LoginVerificationService) checkDevice(ctx context.Context, userID, code string) (int64, error) {
	dev, err := s.activeDevice(ctx, userID)
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
