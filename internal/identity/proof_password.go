package identity

import (
	"context"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/password"
)

// errCurrentInvalid is the answer to a wrong password given to prove a
// change by a signed-in user; a locked user gets it too.
func errCurrentInvalid() error {
	return fault.New(fault.Unauthenticated, "password.current_invalid", "the current password is incorrect")
}

// errSlowDown refuses a password proof from a client IP that has failed too
// often across users: the address is slowed down, no user is locked. It
// says nothing about the user, so it may differ from a wrong password.
func errSlowDown(wait time.Duration) error {
	return &fault.Error{Kind: fault.RateLimited, Code: "auth.too_many_attempts",
		Message: "too many failed sign-ins from this address; try again later", RetryAfter: wait}
}

// provePassword proves that the signed-in user u knows pw before a change
// on their behalf (their password, a factor, a contact). It is the one
// password check of the core, shared with Login and VerifyPassword, so
// every face counts the same attempts:
//
//   - the attempt is reserved (counted in the store, one atomic upsert per
//     key, so every replica shares it) before the hash runs: in any burst,
//     at most the login policy's threshold is ever evaluated;
//   - an attempt whose reservation finds the user locked is not evaluated:
//     it runs the dummy hash and answers exactly as a wrong password;
//   - a wrong password stays counted, and is audited under action, with the
//     lockout notice when it is the one that locked, in one write;
//   - a right one clears the user's failures.
//
// Errors: Unauthenticated (password.current_invalid: wrong password, or
// the user is locked), RateLimited (auth.too_many_attempts, with
// RetryAfter: the client IP is slowed down), Unavailable (hash pool full),
// Internal.
func (d *Deps) provePassword(ctx context.Context, u *User, pw, action string) error {
	g, err := d.checkPassword(ctx, u, pw, action, errCurrentInvalid(), false)
	if err != nil {
		return err
	}
	d.succeed(ctx, g)
	return nil
}

// checkPassword is provePassword answering wrong for a wrong password (or
// an unknown user, u nil, which runs the dummy hash and counts per IP only).
// A right password of a disabled or non-local user is wrong too. A right
// password leaves its reservation to the caller, which settles it with
// succeed (the proof is complete) or release (a second step follows, or the
// caller refuses for a reason of its own).
//
// human says that the caller answered a CAPTCHA for this attempt: a
// slowed-down client IP is then let through (its attempt still counts).
func (d *Deps) checkPassword(ctx context.Context, u *User, pw, action string, wrong error, human bool) (*loginGuard, error) {
	g, err := d.reserveAttempt(ctx, u, human)
	if err != nil {
		return nil, err
	}
	if g.slowedFor > 0 && !human {
		return nil, errSlowDown(g.slowedFor)
	}
	pw = password.Normalize(pw)
	stored := ""
	if u != nil && !g.locked {
		stored = u.PasswordHash
	}
	// A refused attempt still costs the dummy hash, so timing does not
	// tell a locked user from a wrong password.
	ok, rehash, err := d.Hasher.Verify(ctx, pw, stored)
	if err != nil && fault.KindOf(err) != fault.Internal {
		return nil, err // pool saturated or request cancelled: nothing was tried
	}
	if err != nil || !ok || u == nil || !u.Enabled || u.PasswordOrigin != OriginLocal {
		return nil, d.failAttempt(ctx, g, action, wrong)
	}
	if rehash {
		d.rehash(ctx, u, pw)
	}
	return g, nil
}

// reserveAttempt counts one attempt under the keys the proof is limited by
// (see throttleRules), before it is evaluated, and reads the login policy.
// The keys are charged in order up to the first one found locked, so an
// attempt refused for its address never spends the user's counts, and one
// refused for the user's lock on this address never spends the user's day.
// It does the same reads and one write whether or not the user exists.
func (d *Deps) reserveAttempt(ctx context.Context, u *User, human bool) (*loginGuard, error) {
	g, err := d.loginPolicyGuard(ctx, u)
	if err != nil || d.Config.BruteForceDisabled {
		return g, err
	}
	rules := d.throttleRules(g.userID(), g.policy, g.ip)
	if human && len(rules) > 0 && rules[0].Key == ipThrottleKey(g.ip) {
		rules[0].PassLocked = true
	}
	states, err := d.Store.ReserveLoginAttempt(ctx, rules)
	if err != nil {
		return nil, err
	}
	g.reserved = true
	d.readStates(g, states)
	return g, nil
}

// failAttempt settles a reserved attempt proved wrong (or refused): its
// audit event, and the lockout notice when its reservation locked the user,
// in one write. It returns wrong.
func (d *Deps) failAttempt(ctx context.Context, g *loginGuard, action string, wrong error) error {
	u := g.user
	if u == nil && !g.reserved {
		return wrong
	}
	var s AttemptSettlement
	if u != nil {
		s.Audit = d.event(ctx, action, u.AccountID, u.ID)
		s.Audit.Outcome = fault.CodeOf(wrong)
		if g.locked {
			// Refused without evaluation: the audit says so, the client does not.
			s.Audit.Outcome = "auth.locked"
		}
		if g.justLocked != nil && !g.locked {
			s.Notifications = lockoutNotice(u, *g.justLocked, d.Clock(), g.ip)
			d.Observer.Lockout(lockScope(*g.justLocked))
		}
	}
	if err := d.Store.SettleLoginAttempt(ctx, s); err != nil {
		d.Log.Warn("recording a failed password proof failed", "err", err)
	}
	return wrong
}

// rehash replaces u's hash, verified with pw, by one with the current
// parameters; a failure only delays it to the next check.
func (d *Deps) rehash(ctx context.Context, u *User, pw string) {
	h, err := d.Hasher.Hash(ctx, pw)
	if err != nil {
		return
	}
	if err := d.Store.RehashPassword(ctx, u.ID, u.PasswordHash, h); err != nil {
		d.Log.Warn("rehash failed", "user", u.ID, "err", err)
	}
}

// AttemptSettlement is what a reserved attempt leaves once evaluated, all
// in one transaction.
type AttemptSettlement struct {
	// Keys are settled in this order, the order they were reserved in, so
	// that concurrent reservations and settlements lock their rows in one
	// order and never wait on each other in a cycle.
	Keys []SettledKey
	// Audit is written when it has an ID.
	Audit AuditEvent
	// Notifications are queued with it (the lockout notice).
	Notifications []notify.Notification
}

// SettledKey is one key of a right answer's settlement.
type SettledKey struct {
	Key string
	// Clear forgets the key's failures and lockouts (the user's counters
	// from this client IP); otherwise the key gets back the one attempt
	// reserved on it (a right answer is no failure of its client IP or of
	// the user's day).
	Clear bool
}
