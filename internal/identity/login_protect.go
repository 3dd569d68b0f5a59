package identity

import (
	"context"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/notify"
)

// SetFor sets the login verification method of another user of the
// administrator's account, as Huawei IAM's login-protect call does: no code
// is asked (the administrator has none of the user's factors), but the
// method must be able to reach the user (a mobile for sms, an email for
// email, a bound virtual MFA device for totp). The user is notified. An
// administrator's own method changes only through Set, with a code.
// Errors: Unauthenticated, Forbidden (not an administrator;
// login_verification.proof_required for the caller's own), NotFound
// (user.not_found), Invalid (login_verification.method,
// login_verification.no_mobile, login_verification.no_email), Conflict
// (login_verification.mfa_required).
func (s *LoginVerificationService) SetFor(ctx context.Context, userID, method string) (*User, error) {
	p, u, err := s.d.actOn(ctx, actManageUser, userID)
	if err != nil {
		return nil, err
	}
	if p.Kind == UserToken && p.UserID == u.ID {
		return nil, fault.New(fault.Forbidden, "login_verification.proof_required",
			"change your own login verification with a code from the new method")
	}
	if method == methodOf(u) {
		return u, nil
	}
	if _, err := proofFactor(u, method); err != nil {
		return nil, err
	}
	if _, err := destination(u, method); err != nil {
		return nil, err
	}
	if method == VerifyTOTP {
		dev, err := s.d.Store.FindMFADevice(ctx, u.ID)
		if fault.Is(err, fault.NotFound) || (err == nil && dev.State != MFAActive) {
			return nil, fault.New(fault.Conflict, "login_verification.mfa_required",
				"the user has no bound virtual MFA device")
		}
		if err != nil {
			return nil, err
		}
	}
	ev := s.d.event(ctx, "login_verification.admin_set", u.AccountID, u.ID)
	ev.Detail = map[string]string{"from": methodOf(u), "to": method}
	notes := securityNotice(u, notify.LoginVerificationChanged, map[string]string{"method": method,
		"time": s.d.Clock().UTC().Format(time.RFC1123), "ip": RequestFrom(ctx).IP})
	if err := s.d.Store.SetLoginVerification(ctx, LoginVerificationWrite{UserID: u.ID, Method: method,
		RequireMFA: method == VerifyTOTP, Notifications: notes, Audit: ev}); err != nil {
		return nil, err
	}
	u.LoginVerification = method
	return u, nil
}
