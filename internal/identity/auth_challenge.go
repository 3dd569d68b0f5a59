package identity

import (
	"context"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/verify"
)

// errChallengeInvalid answers a receipt that names no usable login
// challenge: unknown, for another purpose, or voided by a password change.
func errChallengeInvalid() error {
	return fault.New(fault.Unauthenticated, "auth.challenge_invalid", "the login verification has expired or is invalid; sign in again")
}

// challenge stores the second step of u's login and, for sms and email,
// queues its code in the same transaction.
func (s *AuthService) challenge(ctx context.Context, u *User, restricted string) (*LoginChallenge, error) {
	receipt, hash := newToken()
	now := s.d.Clock()
	method := methodOf(u)
	rec := &ChallengeRecord{ID: hash, Purpose: ChallengeLogin, UserID: u.ID, AccountID: u.AccountID, Method: method,
		PasswordChangedAt: u.PasswordChangedAt, Restricted: restricted, IP: RequestFrom(ctx).IP,
		CreatedAt: now, ExpiresAt: now.Add(LoginChallengeLifetime)}
	out := &LoginChallenge{ID: receipt, Method: method, ExpiresAt: rec.ExpiresAt}
	var notes []notify.Notification
	if method != VerifyTOTP {
		dest, err := destination(u, method)
		if err != nil || dest == "" {
			return nil, fault.New(fault.Forbidden, "login_verification.unreachable",
				"the login verification method cannot reach you; ask your administrator")
		}
		h, err := s.d.loginCodes()
		if err != nil {
			return nil, err
		}
		code, codeHash := s.d.makeCode(h, challengeBinding(rec))
		rec.CodeHash = codeHash
		notes = codeNotes(u, method, dest, code, LoginChallengeLifetime)
		out.Destination = maskDestination(method, dest)
	}
	if err := s.d.Store.CreateChallenge(ctx, rec, now.Add(-challengeKeep), notes); err != nil {
		return nil, err
	}
	return out, nil
}

// CompleteLogin answers the second step of a login: challengeID is the
// receipt Login returned, code the code sent by SMS or email or shown by
// the virtual MFA device. It issues the token Login withheld. A challenge
// lasts five minutes, takes five wrong codes, and serves once. Each code is
// also an attempt of the user's sign-in, reserved before it is checked as a
// password's is (see checkPassword), so wrong codes and passwords, across
// every challenge, add up to the login policy's lock; a right code clears
// the user's failures. A TOTP code never works twice. At a TOTP challenge
// one of the user's recovery codes may replace the device's code: it is an
// attempt like any code, works once, and its use is audited and notified.
// Errors: Unauthenticated (auth.challenge_invalid; auth.invalid_credentials
// while the user is locked), RateLimited (auth.too_many_attempts), Invalid (verify.code_invalid,
// verify.code_expired, verify.code_used, verify.too_many_attempts),
// Internal (mfa.no_keyring).
func (s *AuthService) CompleteLogin(ctx context.Context, challengeID, code string) (*LoginResult, error) {
	res, err := s.completeLogin(ctx, challengeID, code)
	s.d.signedIn(ctx, false, err)
	return res, err
}

// completeLogin is CompleteLogin without its count (see login).
func (s *AuthService) completeLogin(ctx context.Context, challengeID, code string) (*LoginResult, error) {
	if challengeID == "" || len(challengeID) > 512 {
		return nil, errChallengeInvalid()
	}
	rec, err := s.d.Store.AttemptChallenge(ctx, hashToken(challengeID))
	if fault.Is(err, fault.NotFound) {
		return nil, errChallengeInvalid()
	}
	if err != nil {
		return nil, err
	}
	if rec.Purpose != ChallengeLogin {
		return nil, errChallengeInvalid()
	}
	u, err := s.d.Store.FindUserByID(ctx, rec.UserID)
	if fault.Is(err, fault.NotFound) {
		return nil, errChallengeInvalid()
	}
	if err != nil {
		return nil, err
	}
	if !u.Enabled || u.PasswordOrigin != OriginLocal || !u.PasswordChangedAt.Equal(rec.PasswordChangedAt) {
		return nil, errChallengeInvalid()
	}
	// The code's attempt is reserved with the password's, before it is
	// checked: wrong codes across challenges add up to the same lock.
	g, err := s.d.reserveAttempt(ctx, u, false)
	if err != nil {
		return nil, err
	}
	if g.slowedFor > 0 {
		return nil, errSlowDown(g.slowedFor)
	}
	if g.locked {
		return nil, s.d.failAttempt(ctx, g, "auth.login.verify", errBadCredentials())
	}
	step, use, err := s.checkSecondStep(ctx, u, rec, code)
	if use != nil && err == nil {
		// The code is spent with the challenge, or not at all; a code
		// that matches no unused one is a wrong code like any other.
		if err = s.d.Store.UseRecoveryCode(ctx, *use); fault.CodeOf(err) == "recovery_code.not_found" {
			err = verify.CodeInvalid()
		}
	}
	if use != nil {
		s.d.codeFailed("recovery_code", err)
	} else {
		s.d.codeFailed(rec.Method, err)
	}
	if fault.CodeOf(err) == "verify.code_invalid" {
		return nil, s.d.failAttempt(ctx, g, "auth.login.verify", err)
	}
	if err == nil && use == nil {
		err = s.d.Store.UseChallenge(ctx, rec.ID, u.ID, step)
	}
	if err != nil {
		// No code was compared (the challenge is spent, expired or used
		// up), or a right one came too late: no failure to count.
		s.d.release(ctx, g)
		return nil, err
	}
	s.d.succeed(ctx, g)
	res := &LoginResult{User: u, PasswordChangeRequired: rec.Restricted != ""}
	method := "password+" + rec.Method
	if use != nil {
		method = "password+recovery_code"
	}
	return s.finish(ctx, res, g, method, rec.Restricted)
}

// checkSecondStep checks code against a login challenge, returning the TOTP
// step to consume (0 for sms and email). At a TOTP challenge a recovery
// code may stand in for the device's: it returns that code's use to write
// instead, to be checked by the write (the code is found by its hash).
func (s *AuthService) checkSecondStep(ctx context.Context, u *User, rec *ChallengeRecord, code string) (int64, *RecoveryCodeUse, error) {
	now := s.d.Clock()
	if rec.Method != VerifyTOTP {
		h, err := s.d.loginCodes()
		if err != nil {
			return 0, nil, err
		}
		return 0, nil, h.Check(storedCode(rec), code, now)
	}
	// A TOTP challenge has no code of its own, but the same single-use,
	// expiry and attempt rules apply before the device is asked.
	if err := challengeUsable(rec, now); err != nil {
		return 0, nil, err
	}
	use, err := s.d.recoveryCodeUse(ctx, u, rec, code)
	if use != nil || err != nil {
		return 0, use, err
	}
	step, err := (&LoginVerificationService{d: s.d}).checkDevice(ctx, rec.UserID, code)
	return step, nil, err
}

// challengeUsable applies verify.CodeHasher.Check's state checks, in its
// order, to a challenge without a code of its own.
func challengeUsable(rec *ChallengeRecord, now time.Time) error {
	switch {
	case rec.UsedAt != nil:
		return fault.New(fault.Invalid, "verify.code_used", "This code has already been used. Request a new one.")
	case rec.Voided || !now.Before(rec.ExpiresAt):
		return fault.New(fault.Invalid, "verify.code_expired", "This code has expired. Request a new one.")
	case rec.Attempts >= LoginChallengeMaxAttempts:
		return fault.New(fault.Invalid, "verify.too_many_attempts", "Too many wrong codes. Request a new one.")
	}
	return nil
}
