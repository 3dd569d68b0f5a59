package identity

import (
	"context"

	"github.com/watchword/watchword/internal/fault"
)

// ResendLoginCode sends a new code for the pending login whose receipt is
// challengeID, when its method sends codes (sms or email): a new challenge,
// with a new receipt, replaces the old one, whose code stops working. It
// counts against the user's limit on codes sent (ProofLimits.SendPerUser
// and SendPerDay), and leaves the sign-in failures as they are: wrong codes
// of the old challenge still count toward the lock. A challenge that has
// expired, served, or been voided by a password change cannot be renewed:
// the login starts over.
// Errors: Unauthenticated (auth.challenge_invalid), Invalid
// (login_verification.use_device for totp), Forbidden
// (login_verification.unreachable), RateLimited (verify.send_limited),
// Internal (mfa.no_keyring).
func (s *AuthService) ResendLoginCode(ctx context.Context, challengeID string) (*LoginChallenge, error) {
	if challengeID == "" || len(challengeID) > 512 {
		return nil, errChallengeInvalid()
	}
	// Reading the challenge counts an attempt at it; it is replaced anyway.
	rec, err := s.d.Store.AttemptChallenge(ctx, hashToken(challengeID))
	if fault.Is(err, fault.NotFound) {
		return nil, errChallengeInvalid()
	}
	if err != nil {
		return nil, err
	}
	now := s.d.Clock()
	if rec.Purpose != ChallengeLogin || rec.UsedAt != nil || rec.Voided || !now.Before(rec.ExpiresAt) {
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
	if methodOf(u) == VerifyTOTP || rec.Method == VerifyTOTP {
		return nil, fault.New(fault.Invalid, "login_verification.use_device",
			"use a code from your authenticator app; no code is sent for it")
	}
	if err := s.d.reserveSend(ctx, u); err != nil {
		return nil, err
	}
	return s.challenge(ctx, u, rec.Restricted)
}
