package identity

import (
	"context"
	"time"

	"github.com/watchword/watchword/internal/fault"
)

// LoginPolicy is an account's login policy, with the fields and ranges of
// Huawei IAM's login policy (specs/keystone.md §3). A zero field reads as its
// default, so an account that never set a policy gets DefaultLoginPolicy.
type LoginPolicy struct {
	// AccountValidityPeriod disables sign-in for an IAM user who has not
	// signed in for this many days; 0 turns it off. The root user is exempt.
	AccountValidityPeriod int
	// CustomInfoForLogin is text the login page shows after a sign-in.
	CustomInfoForLogin string
	// LockoutDuration is how long, in minutes, a user stays locked after
	// LoginFailedTimes failures; each repeated lockout doubles it.
	LockoutDuration int
	// LoginFailedTimes is how many failed sign-ins within
	// PeriodWithLoginFailures lock the user.
	LoginFailedTimes int
	// PeriodWithLoginFailures is the window, in minutes, failures are counted in.
	PeriodWithLoginFailures int
	// SessionTimeout, in minutes, is a session's idle timeout (and its least
	// lifetime); 0 keeps the server's defaults.
	SessionTimeout int
	// ShowRecentLoginInfo makes a login answer carry the previous sign-in.
	ShowRecentLoginInfo bool
}

// The login policy's defaults and bounds (Huawei's, minutes unless noted).
const (
	DefaultLockoutDuration         = 15
	DefaultLoginFailedTimes        = 5
	DefaultPeriodWithLoginFailures = 15
	maxAccountValidityDays         = 240
	maxCustomInfoForLogin          = 256
	// MaxLockout caps the doubling of repeated lockouts.
	MaxLockout = 24 * time.Hour
)

// DefaultLoginPolicy returns the policy of an account that set none.
func DefaultLoginPolicy() LoginPolicy {
	return LoginPolicy{LockoutDuration: DefaultLockoutDuration, LoginFailedTimes: DefaultLoginFailedTimes,
		PeriodWithLoginFailures: DefaultPeriodWithLoginFailures}
}

// WithDefaults returns p with its unset (zero) counting fields defaulted.
func (p LoginPolicy) WithDefaults() LoginPolicy {
	if p.LockoutDuration == 0 {
		p.LockoutDuration = DefaultLockoutDuration
	}
	if p.LoginFailedTimes == 0 {
		p.LoginFailedTimes = DefaultLoginFailedTimes
	}
	if p.PeriodWithLoginFailures == 0 {
		p.PeriodWithLoginFailures = DefaultPeriodWithLoginFailures
	}
	return p
}

// Validate checks every field against Huawei's ranges, after defaulting.
// Errors: Invalid (login_policy.invalid, naming the field).
func (p LoginPolicy) Validate() error {
	p = p.WithDefaults()
	checks := []struct {
		field     string
		v, lo, hi int
	}{
		{"account_validity_period", p.AccountValidityPeriod, 0, maxAccountValidityDays},
		{"lockout_duration", p.LockoutDuration, 15, 30},
		{"login_failed_times", p.LoginFailedTimes, 3, 10},
		{"period_with_login_failures", p.PeriodWithLoginFailures, 15, 60},
	}
	for _, c := range checks {
		if c.v < c.lo || c.v > c.hi {
			return fault.Newf(fault.Invalid, "login_policy.invalid", "%s must be from %d to %d", c.field, c.lo, c.hi).WithField(c.field)
		}
	}
	if p.SessionTimeout != 0 && (p.SessionTimeout < 15 || p.SessionTimeout > 1440) {
		return fault.New(fault.Invalid, "login_policy.invalid", "session_timeout must be 0 (server default) or from 15 to 1440").WithField("session_timeout")
	}
	return validateText("custom_info_for_login", p.CustomInfoForLogin, maxCustomInfoForLogin)
}

// lockout is the first lockout's length.
func (p LoginPolicy) lockout() time.Duration { return time.Duration(p.LockoutDuration) * time.Minute }

// window is the period failures are counted in.
func (p LoginPolicy) window() time.Duration {
	return time.Duration(p.PeriodWithLoginFailures) * time.Minute
}

// LoginPolicyStore persists each account's login policy.
type LoginPolicyStore interface {
	// FindLoginPolicy returns an account's login policy as stored (zero
	// fields unset). Errors: NotFound (account.not_found).
	FindLoginPolicy(ctx context.Context, accountID string) (LoginPolicy, error)
	// SetLoginPolicy replaces an account's login policy. Errors: NotFound.
	SetLoginPolicy(ctx context.Context, accountID string, p LoginPolicy, ev AuditEvent) error
	// UpdateLoginPolicy reads an account's login policy as stored, passes it
	// to change and stores what change returns, in one transaction that
	// holds the account's row, so concurrent updates are not lost. An error
	// from change is returned and nothing is written.
	// Errors: NotFound (account.not_found), those of change.
	UpdateLoginPolicy(ctx context.Context, accountID string, change func(LoginPolicy) (LoginPolicy, error), ev AuditEvent) (LoginPolicy, error)
}

// LoginPolicy returns the caller's account login policy, defaults filled in.
// Errors: Unauthenticated, NotFound.
func (s *AccountService) LoginPolicy(ctx context.Context) (LoginPolicy, error) {
	p, ok := PrincipalFrom(ctx)
	if !ok {
		return LoginPolicy{}, fault.New(fault.Unauthenticated, "auth.required", "authentication required")
	}
	pol, err := s.d.Store.FindLoginPolicy(ctx, p.AccountID)
	return pol.WithDefaults(), err
}

// SetLoginPolicy replaces the caller's account login policy and returns it
// with defaults filled in. Errors: Unauthenticated, Forbidden (not an
// administrator), Invalid (login_policy.invalid, validation.text).
func (s *AccountService) SetLoginPolicy(ctx context.Context, pol LoginPolicy) (LoginPolicy, error) {
	p, err := requireAdmin(ctx)
	if err != nil {
		return LoginPolicy{}, err
	}
	if err := pol.Validate(); err != nil {
		return LoginPolicy{}, err
	}
	pol = pol.WithDefaults()
	return pol, s.d.Store.SetLoginPolicy(ctx, p.AccountID, pol, s.d.event(ctx, "policy.login.update", p.AccountID, ""))
}
