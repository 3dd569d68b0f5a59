package identity

import (
	"context"

	"github.com/watchword/watchword/internal/fault"
)

// actionPasswordCheck is the audit action of a password checked without a
// sign-in (VerifyPassword, CheckCredentials).
const actionPasswordCheck = "auth.password_check"

// errVerificationRequired refuses a right password whose user has login
// verification on: a protocol that sends a password with each request has
// no step to ask for the code, and a password alone must not pass where the
// user asked for two factors.
func errVerificationRequired() error {
	return fault.New(fault.Unauthenticated, "auth.verification_required",
		"login verification is on for this user: a password alone cannot authenticate here; sign requests with an access key")
}

// errChangeRequired refuses a right password that must be changed before
// anything else: without a session there is nothing to restrict to the
// change, so nothing is allowed.
func errChangeRequired() error {
	return fault.New(fault.Forbidden, "password.change_required",
		"the password has expired or must be changed before anything else")
}

// VerifyPassword checks a login and password the way Login does, for a face
// whose protocol sends them with every request (HTTP Basic): the same
// lookup, the same password proof (checkPassword: the attempt counted
// before the hash runs, the dummy hash for unknown and locked users, the
// same lockout per user and client IP, per user and day, and the same
// slow-down per client IP). It issues
// nothing: no session, no login challenge, no code sent.
//
// A right password is still refused when the user's login verification is
// on (there is no second step to answer, and a password alone must not
// bypass it), and when it must be changed first (forced by an administrator
// or expired). Neither refusal counts as a failure; a refusal for login
// verification does not clear earlier failures either, as Login only clears
// them once the second step passes.
// Errors: Invalid (auth.identifier_required), Unauthenticated
// (auth.invalid_credentials, also while the user is locked;
// auth.verification_required), Forbidden (password.change_required),
// RateLimited (auth.too_many_attempts: the client IP is slowed down),
// Unavailable (hash pool full), Internal.
func (s *AuthService) VerifyPassword(ctx context.Context, in LoginInput) (*User, error) {
	u, err := s.verifyPassword(ctx, in, "")
	s.d.signedIn(ctx, false, err)
	return u, err
}

// CheckCredentials answers a signed-in caller who asks whether a login and
// password are right (Outscale's CheckAuthentication), as VerifyPassword
// does. Only users of the caller's own account can be checked: another
// account's user is treated as unknown (dummy hash, counted per IP only),
// so the answer tells nothing about other accounts and cannot lock their
// users out.
// Errors: Unauthenticated (auth.required without a caller), and those of
// VerifyPassword.
func (s *AuthService) CheckCredentials(ctx context.Context, in LoginInput) (*User, error) {
	p, ok := PrincipalFrom(ctx)
	if !ok || p.AccountID == "" {
		return nil, fault.New(fault.Unauthenticated, "auth.required", "authentication required")
	}
	u, err := s.verifyPassword(ctx, in, p.AccountID)
	s.d.signedIn(ctx, false, err)
	return u, err
}

// verifyPassword is VerifyPassword limited, when accountID is set, to the
// users of that account.
func (s *AuthService) verifyPassword(ctx context.Context, in LoginInput, accountID string) (*User, error) {
	u, err := s.findForLogin(ctx, in)
	if err != nil && !fault.Is(err, fault.NotFound) {
		return nil, err
	}
	if u != nil && accountID != "" && u.AccountID != accountID {
		u = nil
	}
	g, err := s.d.checkPassword(ctx, u, in.Password, actionPasswordCheck, errBadCredentials(), false)
	if err != nil {
		return nil, err
	}
	if dormant, err := s.d.dormant(ctx, g); err != nil || dormant {
		s.d.release(ctx, g)
		if err != nil {
			return nil, err
		}
		return nil, s.refuse(ctx, u)
	}
	if methodOf(u) != VerifyOff {
		s.d.release(ctx, g)
		return nil, s.auditCheck(ctx, u, errVerificationRequired())
	}
	acct, err := s.d.Store.FindAccountByID(ctx, u.AccountID)
	if err != nil {
		s.d.release(ctx, g)
		return nil, err
	}
	s.d.succeed(ctx, g)
	if u.ForcePasswordChange || passwordExpired(acct.PasswordPolicy, u, s.d.Clock()) {
		return nil, s.auditCheck(ctx, u, errChangeRequired())
	}
	return u, s.auditCheck(ctx, u, nil)
}

// auditCheck records the outcome of a password check that found the right
// password, and returns answer. A lost audit row is logged, not fatal: the
// check itself has been made.
func (s *AuthService) auditCheck(ctx context.Context, u *User, answer error) error {
	ev := s.d.event(ctx, actionPasswordCheck, u.AccountID, u.ID)
	ev.ActorID = u.ID
	if answer != nil {
		ev.Outcome = fault.CodeOf(answer)
	}
	if err := s.d.Store.AddAuditEvent(ctx, ev); err != nil {
		s.d.Log.Warn("audit failed", "err", err)
	}
	return answer
}
