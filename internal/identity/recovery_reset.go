package identity

import (
	"context"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/password"
	"github.com/watchword/watchword/internal/verify"
)

// PasswordReset is the input of Reset.
type PasswordReset struct {
	// Token is a mailed link's token, or the ticket VerifyResetCode gave.
	Token        string
	Password     string
	Confirmation string // must equal Password
}

// ResetResult reports a successful reset: the user, and the policy
// evaluation (rules that only warn).
type ResetResult struct {
	User       *User
	Evaluation password.Evaluation
}

// Reset sets a new password with a reset token or ticket. The account's
// policy applies in full, history included, and the current password is
// refused; the minimum age does not (the user has forgotten theirs). A user
// whose origin is unset gets a first password this way. On success the token
// is spent, every other reset code and token of the user is voided, every
// session is revoked, a forced change is cleared, and the password-changed
// notification is queued, all in one transaction, compare-and-swap on the
// hash read here; then the user's sign-in lockouts are lifted, since the
// reset proved their email or mobile. Login verification is left
// as it is: the next login still asks for it. A policy refusal leaves the
// token usable, so the user can try another password.
// Errors: Invalid (verify.token_invalid for an unknown, used, voided or
// expired token alike; password.confirmation_mismatch), Policy
// (password.same_as_current, password.policy and the other rule codes),
// Forbidden (password.federated), RateLimited, Unavailable (hash pool full),
// Internal.
func (s *RecoveryService) Reset(ctx context.Context, in PasswordReset) (*ResetResult, error) {
	cfg := s.cfg()
	if err := s.limiter().allow(ctx, "recovery.reset:ip", RequestFrom(ctx).IP, cfg.Limits.ResetPerIP); err != nil {
		return nil, err
	}
	if in.Password != in.Confirmation {
		return nil, fault.New(fault.Invalid, "password.confirmation_mismatch",
			"the password and its confirmation differ").WithField("confirmation")
	}
	t, err := s.d.findTicket(ctx, in.Token, "", PurposeResetLink, PurposeResetTicket)
	if err != nil {
		return nil, err
	}
	u, err := s.d.Store.FindUserByID(ctx, t.UserID)
	if fault.Is(err, fault.NotFound) || (err == nil && !u.Enabled) {
		return nil, verify.TokenInvalid()
	}
	if err != nil {
		return nil, err
	}
	acct, err := s.d.passwordAccount(ctx, u)
	if err != nil {
		return nil, err
	}
	pw := password.Normalize(in.Password)
	if u.PasswordHash != "" {
		same, _, err := s.d.Hasher.Verify(ctx, pw, u.PasswordHash)
		if err != nil && fault.KindOf(err) != fault.Internal {
			return nil, err
		}
		if same {
			return nil, errSameAsCurrent()
		}
	}
	// The same evaluation as every other password change: policy rules,
	// dictionaries and history.
	eval, err := (&PasswordService{d: s.d}).evaluate(ctx, acct, u, pw)
	if err != nil {
		return nil, err
	}
	hash, err := s.d.Hasher.Hash(ctx, pw)
	if err != nil {
		return nil, err
	}
	ev := s.d.event(ctx, "password.reset", u.AccountID, u.ID)
	ev.ActorID = u.ID
	ev.Detail = map[string]string{"via": string(t.Purpose)}
	w := PasswordWrite{UserID: u.ID, Hash: hash, ExpectHash: u.PasswordHash, HistoryKeep: historyKeep(acct.PasswordPolicy),
		Void: resetPurposes, Audit: ev,
		Notifications: passwordChangedNotice(u, NotifyOptions{}, s.d.Clock(), RequestFrom(ctx).IP)}
	// A change that committed since u was read voided this token with the
	// user's other reset secrets: the store answers verify.token_invalid.
	if err := s.d.Store.ResetPassword(ctx, t.Hash, t.Purpose, w); err != nil {
		return nil, err
	}
	// The reset proved the user's email or mobile: whoever's guesses locked
	// them out (from any address, or for the day) no longer does.
	if err := s.d.clearUser(ctx, u.ID, AuditEvent{}); err != nil {
		s.d.Log.Warn("unlocking a reset user failed", "user", u.ID, "err", err)
	}
	u, err = s.d.Store.FindUserByID(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	return &ResetResult{User: u, Evaluation: eval}, nil
}

// ResetWithToken sets a new password with a mailed link's token, as
// Outscale's ResetAccountPassword does (no confirmation field), and returns
// the user, whose Email that call answers with. Reset describes the rules.
// Errors: as Reset.
func (s *RecoveryService) ResetWithToken(ctx context.Context, token, newPassword string) (*User, error) {
	res, err := s.Reset(ctx, PasswordReset{Token: token, Password: newPassword, Confirmation: newPassword})
	if err != nil {
		return nil, err
	}
	return res.User, nil
}
