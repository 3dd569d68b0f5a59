package identity

import (
	"context"

	"github.com/watchword/watchword/internal/password"
)

// PasswordPolicyPatch changes some settings of a password policy; nil
// fields keep their stored value. The fields are password.Policy's.
type PasswordPolicyPatch struct {
	MinLength                *int
	MaxLength                *int
	HistoryCount             *int
	MinAgeMinutes            *int
	MaxAgeDays               *int
	MinCharTypes             *int
	NotUsername              *bool
	NotEmailOrMobile         *bool
	MaxConsecutive           *int
	MinStrength              *int
	AllowedChars             *string
	ForceChangeAfterAdminSet *bool
	LocalDictionary          *password.DictionaryMode
	GlobalDictionary         *password.DictionaryMode
}

// Apply returns p with the patch's settings. A patch that raises the
// minimum length above the stored maximum without naming a maximum raises
// the maximum with it (Huawei's policy has no maximum to send).
func (c PasswordPolicyPatch) Apply(p password.Policy) password.Policy {
	for _, f := range []struct{ dst, src *int }{{&p.MinLength, c.MinLength}, {&p.MaxLength, c.MaxLength},
		{&p.HistoryCount, c.HistoryCount}, {&p.MinAgeMinutes, c.MinAgeMinutes}, {&p.MaxAgeDays, c.MaxAgeDays},
		{&p.MinCharTypes, c.MinCharTypes}, {&p.MaxConsecutive, c.MaxConsecutive}, {&p.MinStrength, c.MinStrength}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	for _, f := range []struct{ dst, src *bool }{{&p.NotUsername, c.NotUsername}, {&p.NotEmailOrMobile, c.NotEmailOrMobile},
		{&p.ForceChangeAfterAdminSet, c.ForceChangeAfterAdminSet}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	if c.AllowedChars != nil {
		p.AllowedChars = *c.AllowedChars
	}
	if c.LocalDictionary != nil {
		p.LocalDictionary = *c.LocalDictionary
	}
	if c.GlobalDictionary != nil {
		p.GlobalDictionary = *c.GlobalDictionary
	}
	if c.MaxLength == nil && p.MaxLength != 0 && p.MaxLength < p.MinLength {
		p.MaxLength = p.MinLength
	}
	return p
}

// UpdatePasswordPolicy changes the settings patch names of the caller's
// account password policy and returns the policy as it now is. The read,
// the merge, the validation of the result and the write are one store
// transaction: concurrent updates of different settings all survive.
// Errors: Unauthenticated, Forbidden (not an administrator), Invalid
// (password.policy_invalid), NotFound.
func (s *AccountService) UpdatePasswordPolicy(ctx context.Context, patch PasswordPolicyPatch) (password.Policy, error) {
	p, err := requireAdmin(ctx)
	if err != nil {
		return password.Policy{}, err
	}
	return s.d.Store.UpdatePasswordPolicy(ctx, p.AccountID, func(cur password.Policy) (password.Policy, error) {
		next := patch.Apply(cur)
		return next, next.Validate()
	}, s.d.event(ctx, "policy.password.update", p.AccountID, ""))
}

// UpdatePasswordPolicyOf is UpdatePasswordPolicy for the account id names,
// which must be the caller's. Errors: those of UpdatePasswordPolicy, and
// Forbidden (account.not_own).
func (s *AccountService) UpdatePasswordPolicyOf(ctx context.Context, id string, patch PasswordPolicyPatch) (password.Policy, error) {
	if _, err := s.d.actOnAccount(ctx, id, true); err != nil {
		return password.Policy{}, err
	}
	return s.UpdatePasswordPolicy(ctx, patch)
}

// LoginPolicyPatch changes some settings of a login policy; nil fields keep
// their stored value. The fields are LoginPolicy's.
type LoginPolicyPatch struct {
	AccountValidityPeriod   *int
	CustomInfoForLogin      *string
	LockoutDuration         *int
	LoginFailedTimes        *int
	PeriodWithLoginFailures *int
	SessionTimeout          *int
	ShowRecentLoginInfo     *bool
}

// Apply returns p with the patch's settings.
func (c LoginPolicyPatch) Apply(p LoginPolicy) LoginPolicy {
	for _, f := range []struct{ dst, src *int }{{&p.AccountValidityPeriod, c.AccountValidityPeriod},
		{&p.LockoutDuration, c.LockoutDuration}, {&p.LoginFailedTimes, c.LoginFailedTimes},
		{&p.PeriodWithLoginFailures, c.PeriodWithLoginFailures}, {&p.SessionTimeout, c.SessionTimeout}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	if c.CustomInfoForLogin != nil {
		p.CustomInfoForLogin = *c.CustomInfoForLogin
	}
	if c.ShowRecentLoginInfo != nil {
		p.ShowRecentLoginInfo = *c.ShowRecentLoginInfo
	}
	return p
}

// UpdateLoginPolicy changes the settings patch names of the caller's
// account login policy and returns the policy as it now is, defaults
// filled in. The read, the merge, the validation and the write are one
// store transaction: concurrent updates of different settings all survive.
// Errors: Unauthenticated, Forbidden (not an administrator), Invalid
// (login_policy.invalid, validation.text).
func (s *AccountService) UpdateLoginPolicy(ctx context.Context, patch LoginPolicyPatch) (LoginPolicy, error) {
	p, err := requireAdmin(ctx)
	if err != nil {
		return LoginPolicy{}, err
	}
	return s.d.Store.UpdateLoginPolicy(ctx, p.AccountID, func(cur LoginPolicy) (LoginPolicy, error) {
		next := patch.Apply(cur.WithDefaults())
		return next, next.Validate()
	}, s.d.event(ctx, "policy.login.update", p.AccountID, ""))
}

// UpdateLoginPolicyOf is UpdateLoginPolicy for the account id names, which
// must be the caller's. Errors: those of UpdateLoginPolicy, and Forbidden
// (account.not_own).
func (s *AccountService) UpdateLoginPolicyOf(ctx context.Context, id string, patch LoginPolicyPatch) (LoginPolicy, error) {
	if _, err := s.d.actOnAccount(ctx, id, true); err != nil {
		return LoginPolicy{}, err
	}
	return s.UpdateLoginPolicy(ctx, patch)
}
