package identity

import (
	"context"
	"fmt"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/password"
)

// PasswordService changes passwords: the caller's own, or, for an
// administrator, an IAM user's.
type PasswordService struct{ d *Deps }

// NotifyOptions tune the password-change notification (IBM Verify's
// Notification extension and themeId).
type NotifyOptions struct {
	None      bool   // notifyType NONE: send nothing
	Theme     string // themeId; unknown themes fall back to the default
	HideEmail bool   // use the template that does not show the email address
}

// PasswordChange is the input of Change.
type PasswordChange struct {
	Current string
	New     string
	Notify  NotifyOptions
	// RevokeAll revokes the caller's own token with the others, as
	// Keystone does after POST /v3/users/{id}/password; otherwise the
	// caller's token survives.
	RevokeAll bool
}

// PasswordResult reports what a successful change noticed: rules that only warn.
type PasswordResult struct {
	Evaluation password.Evaluation
}

// Change sets the caller's own password after checking the current one.
// The caller's session survives (unless in.RevokeAll); every other session
// and token is revoked.
// Errors: Unauthenticated, Forbidden (API-client token, federated user),
// Unauthenticated code password.current_invalid (wrong current password,
// or the user is locked: provePassword counts it as every password proof),
// RateLimited (auth.too_many_attempts),
// Policy (rules, history, minimum age), Unavailable (hash pool full).
func (s *PasswordService) Change(ctx context.Context, in PasswordChange) (*PasswordResult, error) {
	p, err := requireUser(ctx, true)
	if err != nil {
		return nil, err
	}
	u, err := s.d.Store.FindUserByID(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	acct, err := s.d.passwordAccount(ctx, u)
	if err != nil {
		return nil, err
	}
	cur, pw := password.Normalize(in.Current), password.Normalize(in.New)
	if err := s.d.provePassword(ctx, u, cur, "password.change"); err != nil {
		return nil, err
	}
	if pw == cur {
		return nil, errSameAsCurrent()
	}
	if minAge := time.Duration(acct.PasswordPolicy.MinAgeMinutes) * time.Minute; minAge > 0 && !u.ForcePasswordChange &&
		s.d.Clock().Before(u.PasswordChangedAt.Add(minAge)) {
		return nil, &fault.Error{Kind: fault.Policy, Code: "password.min_age",
			Message: "the password was changed too recently to be changed again",
			Rules:   []fault.Rule{minAgeRule(acct.PasswordPolicy.MinAgeMinutes)}}
	}
	ev, err := s.evaluate(ctx, acct, u, pw)
	if err != nil {
		return nil, err
	}
	hash, err := s.d.Hasher.Hash(ctx, pw)
	if err != nil {
		return nil, err
	}
	// ExpectHash is the hash the current password was proved against: when
	// a concurrent change has replaced it, this one loses, and its proof is
	// of a password that is no longer current.
	w := PasswordWrite{UserID: u.ID, Hash: hash, ExpectHash: u.PasswordHash, KeepSessionID: p.SessionID, Unrestrict: true,
		HistoryKeep: historyKeep(acct.PasswordPolicy), Void: resetPurposes, Audit: s.d.event(ctx, "password.change", u.AccountID, u.ID)}
	if in.RevokeAll {
		w.KeepSessionID, w.Unrestrict = "", false
	}
	if !in.Notify.None {
		w.Notifications = passwordChangedNotice(u, in.Notify, s.d.Clock(), RequestFrom(ctx).IP)
	}
	if err := s.d.Store.SetPassword(ctx, w); lostPasswordRace(err) {
		return nil, fault.New(fault.Unauthenticated, "password.current_invalid", "the current password is incorrect")
	} else if err != nil {
		return nil, err
	}
	return &PasswordResult{Evaluation: ev}, nil
}

// AdminSet sets an IAM user's password as their administrator, optionally
// forcing a change at next login. Minimum age does not apply. All of the
// user's sessions are revoked. Only the root user sets the root user's.
// Errors: Unauthenticated, Forbidden (user.root_protected too), NotFound,
// Policy, Unavailable.
func (s *PasswordService) AdminSet(ctx context.Context, userID, newPassword string, forceChange bool) (*PasswordResult, error) {
	_, u, err := s.d.actOn(ctx, actManageUser, userID)
	if err != nil {
		return nil, err
	}
	w, ev, err := s.adminWrite(ctx, u, u, newPassword, &forceChange)
	if err != nil {
		return nil, err
	}
	if err := s.d.Store.SetPassword(ctx, *w); err != nil {
		return nil, err
	}
	return &PasswordResult{Evaluation: ev}, nil
}

// adminWrite builds the write of an administrator's set of u's password:
// the whole policy evaluated for the user as it will be (subject, which
// differs from u when the same request renames the user or changes its
// email), then the hash. forceChange nil lets the policy decide
// (ForceChangeAfterAdminSet); set, it adds to the policy's choice. The
// write is a compare-and-swap on the hash the history rule was checked
// against; a lost race answers Conflict (password.changed_meanwhile).
// Errors: Forbidden (password.federated), Policy, Unavailable, NotFound.
func (s *PasswordService) adminWrite(ctx context.Context, u, subject *User, newPassword string, forceChange *bool) (*PasswordWrite, password.Evaluation, error) {
	acct, err := s.d.passwordAccount(ctx, u)
	if err != nil {
		return nil, password.Evaluation{}, err
	}
	pw := password.Normalize(newPassword)
	ev, err := s.evaluate(ctx, acct, subject, pw)
	if err != nil {
		return nil, ev, err
	}
	hash, err := s.d.Hasher.Hash(ctx, pw)
	if err != nil {
		return nil, ev, err
	}
	force := acct.PasswordPolicy.ForceChangeAfterAdminSet
	if forceChange != nil {
		force = *forceChange || force
	}
	return &PasswordWrite{UserID: u.ID, Hash: hash, ExpectHash: u.PasswordHash, ForceChange: force,
		HistoryKeep:   historyKeep(acct.PasswordPolicy),
		Void:          resetPurposes,
		Audit:         s.d.event(ctx, "password.admin_set", u.AccountID, u.ID),
		Notifications: passwordChangedNotice(u, NotifyOptions{Theme: u.Theme}, s.d.Clock(), RequestFrom(ctx).IP)}, ev, nil
}

// evaluate runs every policy rule, then the history rule against stored hashes.
func (s *PasswordService) evaluate(ctx context.Context, acct *Account, u *User, pw string) (password.Evaluation, error) {
	pol := acct.PasswordPolicy
	subj := password.Subject{Username: u.Name, AccountName: acct.Name, Email: u.Email, Mobile: u.Mobile}
	dict, err := s.d.dictionaries(ctx, acct.ID, pol)
	if err != nil {
		return password.Evaluation{}, err
	}
	ev := pol.EvaluateWith(pw, subj, dict)
	// The history rule costs a slow hash per remembered password: run it only
	// when every cheaper rule has passed.
	if pol.HistoryCount > 0 && ev.Err() == nil {
		reused := false
		old, err := s.d.Store.PasswordHistory(ctx, u.ID, pol.HistoryCount-1)
		if err != nil {
			return ev, err
		}
		for _, h := range append([]string{u.PasswordHash}, old...) {
			if h == "" {
				continue
			}
			ok, _, err := s.d.Hasher.Verify(ctx, pw, h)
			if err != nil && fault.KindOf(err) != fault.Internal {
				return ev, err
			}
			if ok {
				reused = true
				break
			}
		}
		ev.Rules = append(ev.Rules, historyRule(pol.HistoryCount, !reused))
	}
	return ev, ev.Err()
}

// errFederated refuses to change a password an outside identity provider manages.
func errFederated() error {
	return fault.New(fault.Forbidden, "password.federated",
		"the password of a federated user is managed by its identity provider and cannot be changed here")
}

// passwordAccount returns the account whose policy governs a new password
// for u, refusing a federated user, whose password is not ours to set.
// Errors: Forbidden (password.federated), NotFound.
func (d *Deps) passwordAccount(ctx context.Context, u *User) (*Account, error) {
	if u.PasswordOrigin == OriginFederated {
		return nil, errFederated()
	}
	return d.Store.FindAccountByID(ctx, u.AccountID)
}

// errSameAsCurrent refuses a new password equal to the current one.
func errSameAsCurrent() error {
	return fault.New(fault.Policy, "password.same_as_current", "the new password must differ from the current one")
}

// historyRule and minAgeRule are the stateful rules the core adds to an
// evaluation, worded like the engine's (i18n keys policy.rule.history and
// policy.rule.min_age).
func historyRule(count int, passed bool) fault.Rule {
	return fault.Rule{ID: "history", Passed: passed, Message: fmt.Sprintf("Not one of your last %d passwords", count),
		Args: map[string]any{"count": count}}
}

func minAgeRule(minutes int) fault.Rule {
	return fault.Rule{ID: "min_age", Message: fmt.Sprintf("At least %d minutes since the last change", minutes),
		Args: map[string]any{"minutes": minutes}}
}

// historyKeep is how many earlier hashes to retain: the current one counts
// towards the policy's number, so keep one fewer, and at least a few.
func historyKeep(p password.Policy) int {
	if p.HistoryCount > 5 {
		return p.HistoryCount
	}
	return 5
}

// passwordChangedNotice builds the password-changed notification, by email
// when the user has one, else by SMS.
func passwordChangedNotice(u *User, o NotifyOptions, now time.Time, ip string) []notify.Notification {
	data := map[string]string{"name": displayName(u), "account": u.AccountName, "email": u.Email,
		"time": now.UTC().Format(time.RFC1123), "ip": ip}
	tmpl := notify.PasswordChangedShowEmail
	if o.HideEmail {
		tmpl = notify.PasswordChangedHideEmail
	}
	theme := o.Theme
	if theme == "" {
		theme = u.Theme
	}
	switch {
	case u.Email != "":
		return []notify.Notification{{Channel: notify.Email, To: u.Email, Template: tmpl, Locale: u.Locale, Theme: theme, Data: data,
			AccountID: u.AccountID}}
	case u.Mobile != "":
		return []notify.Notification{{Channel: notify.SMS, To: u.Mobile, Template: tmpl, Locale: u.Locale, Theme: theme, Data: data,
			AccountID: u.AccountID}}
	}
	return nil
}

func displayName(u *User) string {
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return u.Name
}
