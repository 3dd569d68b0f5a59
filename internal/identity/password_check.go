package identity

import (
	"context"
	"unicode/utf8"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/password"
	"github.com/watchword/watchword/internal/verify"
)

// maxCheckRunes bounds what Check evaluates: past any policy's maximum, a
// longer candidate only costs more to scan.
const maxCheckRunes = password.HardMaxLength + 1

// Check evaluates candidate against the caller's account password policy as
// a change of the caller's password would, without changing anything: every
// stateless rule and both dictionaries. Strength is always computed (zxcvbn,
// 0–4), whether or not the policy has a strength rule, so that a console can
// show a meter. The history rule is left out: it would cost one slow hash per
// remembered password on each keystroke; Change still applies it. The
// candidate is neither stored nor logged. A token that may only change its
// password may check one.
// Errors: Unauthenticated, Forbidden (API-client token), Invalid
// (password.too_long), NotFound.
func (s *PasswordService) Check(ctx context.Context, candidate string) (password.Evaluation, error) {
	p, err := requireUser(ctx, true)
	if err != nil {
		return password.Evaluation{}, err
	}
	u, err := s.d.Store.FindUserByID(ctx, p.UserID)
	if err != nil {
		return password.Evaluation{}, err
	}
	return s.d.checkCandidate(ctx, u, candidate)
}

// CheckFor evaluates candidate as Check does, for the user an administrator
// is about to set a password for (AdminSet): their name, email and mobile
// are the ones the rules compare with. The gate is AdminSet's.
// Errors: Unauthenticated, Forbidden (not an administrator;
// user.root_protected; password.federated), NotFound, Invalid
// (password.too_long).
func (s *PasswordService) CheckFor(ctx context.Context, userID, candidate string) (password.Evaluation, error) {
	_, u, err := s.d.actOn(ctx, actManageUser, userID)
	if err != nil {
		return password.Evaluation{}, err
	}
	return s.d.checkCandidate(ctx, u, candidate)
}

// Requirements lists the rules a new password of the caller must meet, not
// yet evaluated, in the order Check and Change report them, followed by the
// history rule when the policy has one: what a console shows before anything
// is typed. An administrator setting a user's password reads the same list:
// the user is in the caller's account. Errors: Unauthenticated, Forbidden
// (API-client token), NotFound.
func (s *PasswordService) Requirements(ctx context.Context) ([]fault.Rule, error) {
	p, err := requireUser(ctx, true)
	if err != nil {
		return nil, err
	}
	acct, err := s.d.Store.FindAccountByID(ctx, p.AccountID)
	if err != nil {
		return nil, err
	}
	return s.d.requirements(acct), nil
}

// ResetRequirements checks a reset link's token (or a verified code's
// ticket) without spending it, and lists the rules the new password must
// meet, as Requirements does for the token's user: a console checks the link
// when its page opens, rather than after the user has typed a password twice.
// Errors: Invalid (verify.token_invalid for an unknown, used, voided or
// expired token alike), Forbidden (password.federated), Internal.
func (s *RecoveryService) ResetRequirements(ctx context.Context, token string) ([]fault.Rule, error) {
	_, acct, err := s.resetSubject(ctx, token)
	if err != nil {
		return nil, err
	}
	return s.d.requirements(acct), nil
}

// CheckReset evaluates candidate as Check does, for the user a reset
// token or ticket belongs to, without spending it: the live checklist of
// the page that sets a forgotten password. Errors: those of
// ResetRequirements, Invalid (password.too_long).
func (s *RecoveryService) CheckReset(ctx context.Context, token, candidate string) (password.Evaluation, error) {
	u, _, err := s.resetSubject(ctx, token)
	if err != nil {
		return password.Evaluation{}, err
	}
	return s.d.checkCandidate(ctx, u, candidate)
}

// resetSubject returns the enabled user a live reset token or ticket
// belongs to, and the account whose policy governs their new password.
func (s *RecoveryService) resetSubject(ctx context.Context, token string) (*User, *Account, error) {
	t, err := s.d.findTicket(ctx, token, "", PurposeResetLink, PurposeResetTicket)
	if err != nil {
		return nil, nil, err
	}
	u, err := s.d.Store.FindUserByID(ctx, t.UserID)
	if fault.Is(err, fault.NotFound) || (err == nil && !u.Enabled) {
		return nil, nil, verify.TokenInvalid()
	}
	if err != nil {
		return nil, nil, err
	}
	acct, err := s.d.passwordAccount(ctx, u)
	if err != nil {
		return nil, nil, err
	}
	return u, acct, nil
}

// checkCandidate evaluates candidate for u without history (see Check).
func (d *Deps) checkCandidate(ctx context.Context, u *User, candidate string) (password.Evaluation, error) {
	if utf8.RuneCountInString(candidate) > maxCheckRunes {
		return password.Evaluation{}, fault.New(fault.Invalid, "password.too_long", "the password is longer than any policy allows").WithField("password")
	}
	acct, err := d.passwordAccount(ctx, u)
	if err != nil {
		return password.Evaluation{}, err
	}
	pol := acct.PasswordPolicy
	dict, err := d.dictionaries(ctx, acct.ID, pol)
	if err != nil {
		return password.Evaluation{}, err
	}
	pw := password.Normalize(candidate)
	subj := password.Subject{Username: u.Name, AccountName: acct.Name, Email: u.Email, Mobile: u.Mobile}
	ev := pol.EvaluateWith(pw, subj, dict)
	if ev.Strength < 0 {
		ev.Strength = password.Strength(pw, subj)
	}
	return ev, nil
}

// requirements lists the rules of acct's policy, unevaluated, with the
// history rule last when the policy has one.
func (d *Deps) requirements(acct *Account) []fault.Rule {
	pol := acct.PasswordPolicy
	rules := pol.Requirements()
	if d.Blocklist == nil {
		// Without a global list the rule is never evaluated; don't promise it.
		kept := rules[:0]
		for _, r := range rules {
			if r.ID != password.RuleGlobalDictionary {
				kept = append(kept, r)
			}
		}
		rules = kept
	}
	if pol.HistoryCount > 0 {
		rules = append(rules, historyRule(pol.HistoryCount, false))
	}
	return rules
}
