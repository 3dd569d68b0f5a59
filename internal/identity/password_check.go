package identity

import (
	"context"
	"unicode/utf8"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/password"
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
	if utf8.RuneCountInString(candidate) > maxCheckRunes {
		return password.Evaluation{}, fault.New(fault.Invalid, "password.too_long", "the password is longer than any policy allows").WithField("password")
	}
	u, err := s.d.Store.FindUserByID(ctx, p.UserID)
	if err != nil {
		return password.Evaluation{}, err
	}
	acct, err := s.d.Store.FindAccountByID(ctx, u.AccountID)
	if err != nil {
		return password.Evaluation{}, err
	}
	pol := acct.PasswordPolicy
	dict, err := s.d.dictionaries(ctx, acct.ID, pol)
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

// Requirements lists the rules a new password of the caller must meet, not
// yet evaluated, in the order Check and Change report them, followed by the
// history rule when the policy has one: what a console shows before anything
// is typed. Errors: Unauthenticated, Forbidden (API-client token), NotFound.
func (s *PasswordService) Requirements(ctx context.Context) ([]fault.Rule, error) {
	p, err := requireUser(ctx, true)
	if err != nil {
		return nil, err
	}
	acct, err := s.d.Store.FindAccountByID(ctx, p.AccountID)
	if err != nil {
		return nil, err
	}
	pol := acct.PasswordPolicy
	rules := pol.Requirements()
	if s.d.Blocklist == nil {
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
	return rules, nil
}
