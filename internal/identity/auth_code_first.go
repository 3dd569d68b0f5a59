package identity

import (
	"context"

	"github.com/watchword/watchword/internal/fault"
)

// BeginWithCode starts a login with a passcode of the user's virtual MFA
// device, as Keystone's totp method sent alone does: a passcode never signs
// in on its own, so a right one answers with a LoginChallenge whose Method
// is "password" (Keystone's receipt asking for the password), to be
// answered with CompleteWithPassword within five minutes. The passcode is
// an attempt of the user's sign-in, reserved before it is checked, as every
// code is (see CompleteLogin), and is spent: it never works twice. Only a
// user whose login verification is totp or off may begin this way (one
// whose administrator chose sms or email answers those). An unknown user, a
// user without a device, a wrong code and a locked user all get the same
// answer.
// Errors: Invalid (auth.identifier_required), Unauthenticated
// (auth.invalid_credentials), RateLimited (auth.too_many_attempts).
func (s *AuthService) BeginWithCode(ctx context.Context, ref UserRef, code string) (*LoginResult, error) {
	res, err := s.beginWithCode(ctx, ref, code)
	s.d.signedIn(ctx, err == nil, err)
	return res, err
}

func (s *AuthService) beginWithCode(ctx context.Context, ref UserRef, code string) (*LoginResult, error) {
	in, err := s.resolveRef(ctx, ref)
	if err != nil {
		return nil, err
	}
	u, err := s.findForLogin(ctx, in)
	if fault.Is(err, fault.NotFound) {
		u, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	g, err := s.d.reserveAttempt(ctx, u, false)
	if err != nil {
		return nil, err
	}
	if g.slowedFor > 0 {
		return nil, errSlowDown(g.slowedFor)
	}
	if u == nil || g.locked || !u.Enabled || u.PasswordOrigin != OriginLocal ||
		(methodOf(u) != VerifyOff && methodOf(u) != VerifyTOTP) {
		return nil, s.d.failAttempt(ctx, g, "auth.login.verify", errBadCredentials())
	}
	step, err := (&LoginVerificationService{d: s.d}).checkDevice(ctx, u.ID, code)
	if err == nil {
		err = s.d.Store.UseChallenge(ctx, "", u.ID, step)
	}
	switch {
	case fault.CodeOf(err) == "verify.code_invalid" || fault.Is(err, fault.NotFound) || fault.CodeOf(err) == "verify.code_used",
		fault.CodeOf(err) == "login_verification.mfa_required": // no device: answered as an unknown user is
		s.d.codeFailed(VerifyTOTP, err)
		return nil, s.d.failAttempt(ctx, g, "auth.login.verify", errBadCredentials())
	case err != nil:
		s.d.release(ctx, g)
		return nil, err
	}
	// The code is right, but the sign-in is not done: the failures stay
	// until the password passes too.
	s.d.release(ctx, g)
	receipt, hash := newToken()
	now := s.d.Clock()
	rec := &ChallengeRecord{ID: hash, Purpose: ChallengeLoginPassword, UserID: u.ID, AccountID: u.AccountID,
		Method: "password", PasswordChangedAt: u.PasswordChangedAt, IP: RequestFrom(ctx).IP,
		CreatedAt: now, ExpiresAt: now.Add(LoginChallengeLifetime)}
	if err := s.d.Store.CreateChallenge(ctx, rec, now.Add(-challengeKeep), nil); err != nil {
		return nil, err
	}
	return &LoginResult{User: u, Challenge: &LoginChallenge{ID: receipt, Method: "password", ExpiresAt: rec.ExpiresAt}}, nil
}

// CompleteWithPassword answers the challenge BeginWithCode returned with the
// user's password, and issues the token, with methods totp and password. The
// password is checked as Login checks it (counted, locked users refused
// alike); ref, when it names a user, must name the challenge's; the scope
// is checked and recorded as LoginAs does. The challenge serves once.
// Errors: Unauthenticated (auth.challenge_invalid, auth.invalid_credentials,
// auth.scope_invalid), RateLimited, Unavailable, Invalid (verify.code_used,
// verify.code_expired, verify.too_many_attempts: the challenge is spent).
func (s *AuthService) CompleteWithPassword(ctx context.Context, challengeID string, ref UserRef, pw string, scope *ScopeRef) (*TokenLogin, error) {
	out, err := s.completeWithPassword(ctx, challengeID, ref, pw, scope)
	s.d.signedIn(ctx, false, err)
	return out, err
}

func (s *AuthService) completeWithPassword(ctx context.Context, challengeID string, ref UserRef, pw string, scope *ScopeRef) (*TokenLogin, error) {
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
	if rec.Purpose != ChallengeLoginPassword {
		return nil, errChallengeInvalid()
	}
	if err := challengeUsable(rec, s.d.Clock()); err != nil {
		return nil, err
	}
	u, err := s.d.Store.FindUserByID(ctx, rec.UserID)
	if fault.Is(err, fault.NotFound) {
		return nil, errChallengeInvalid()
	}
	if err != nil {
		return nil, err
	}
	if !u.PasswordChangedAt.Equal(rec.PasswordChangedAt) {
		return nil, errChallengeInvalid()
	}
	if !refMatches(ref, u) {
		// Someone else's password is not checked against this user.
		return nil, errBadCredentials()
	}
	g, err := s.d.checkPassword(ctx, u, pw, "auth.login", errBadCredentials(), false)
	if err != nil {
		return nil, err
	}
	res, restricted, err := s.passwordProved(ctx, u, g)
	if err != nil {
		return nil, err
	}
	if err := s.d.Store.UseChallenge(ctx, rec.ID, u.ID, 0); err != nil {
		s.d.release(ctx, g)
		return nil, err
	}
	s.d.succeed(ctx, g)
	if res, err = s.finish(ctx, res, g, "totp+password", restricted); err != nil {
		return nil, err
	}
	return s.finishTokenLogin(ctx, res, scope)
}
