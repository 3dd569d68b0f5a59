package identity

import (
	"context"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/notify"
)

// loginGuard is what a sign-in attempt is checked against before its
// outcome counts: the account's login policy and the failure counters of
// the user and the client IP.
type loginGuard struct {
	policy   LoginPolicy
	user     *User
	ip       string
	locked   bool // the user or the IP is locked
	failures int  // the user's failures in the current window
	counted  bool // the user has counters to clear on success
}

// guardLogin reads the policy and the counters. It does the same reads
// whether or not the user exists, so their timing tells nothing.
func (d *Deps) guardLogin(ctx context.Context, u *User) (*loginGuard, error) {
	g := &loginGuard{user: u, ip: RequestFrom(ctx).IP}
	accountID, userID := "", ""
	if u != nil {
		accountID, userID = u.AccountID, u.ID
	}
	pol, err := d.Store.FindLoginPolicy(ctx, accountID)
	if err != nil && !fault.Is(err, fault.NotFound) {
		return nil, err
	}
	g.policy = pol.WithDefaults()
	if d.Config.BruteForceDisabled {
		return g, nil
	}
	states, err := d.Store.FindLoginThrottles(ctx, throttleKeys(userID, g.ip))
	if err != nil {
		return nil, err
	}
	now := d.Clock()
	for _, st := range states {
		g.locked = g.locked || st.Locked(now)
		if userID != "" && st.Key == userThrottleKey(userID) {
			g.failures, g.counted = st.Failures, st.Failures > 0 || st.Lockouts > 0
		}
	}
	return g, nil
}

// fail records a failed attempt (with its audit event, in one write) and
// returns the one answer every failure gets. When counting is off it only
// audits, for a known user.
func (d *Deps) fail(ctx context.Context, g *loginGuard, action string, answer error) error {
	u := g.user
	var ev AuditEvent
	if u != nil {
		ev = d.event(ctx, action, u.AccountID, u.ID)
		ev.Outcome = fault.CodeOf(answer)
	}
	if d.Config.BruteForceDisabled {
		if u != nil {
			if err := d.Store.AddAuditEvent(ctx, ev); err != nil {
				d.Log.Warn("audit failed", "err", err)
			}
		}
		return answer
	}
	userID := ""
	if u != nil {
		userID = u.ID
	}
	now := d.Clock()
	onLock := func(st ThrottleState) []notify.Notification {
		if u == nil || st.Key != userThrottleKey(u.ID) {
			return nil
		}
		return lockoutNotice(u, st, now, g.ip)
	}
	if _, err := d.Store.RecordLoginFailure(ctx, d.throttleRules(userID, g.policy, g.ip), ev, onLock); err != nil {
		d.Log.Warn("recording a login failure failed", "err", err)
	}
	return answer
}

// succeed forgets the user's failures after a complete sign-in.
func (d *Deps) succeed(ctx context.Context, g *loginGuard) {
	if !g.counted || d.Config.BruteForceDisabled {
		return
	}
	if err := d.Store.ClearLoginThrottle(ctx, userThrottleKey(g.user.ID), AuditEvent{}); err != nil {
		d.Log.Warn("clearing login failures failed", "err", err)
	}
}

// dormant reports whether an IAM user has not signed in within the
// account's validity period: Huawei disables such users. Activity is the
// last sign-in, or the last change an administrator made to the user.
func (d *Deps) dormant(ctx context.Context, g *loginGuard) (bool, error) {
	days := g.policy.AccountValidityPeriod
	if days <= 0 || g.user.Root {
		return false, nil
	}
	last, _, err := d.Store.LastLogin(ctx, g.user.ID)
	if err != nil {
		return false, err
	}
	for _, t := range []time.Time{g.user.UpdatedAt, g.user.CreatedAt} {
		if t.After(last) {
			last = t
		}
	}
	return d.Clock().After(last.Add(time.Duration(days) * 24 * time.Hour)), nil
}

// RecentLogin is the previous sign-in, shown when the account's login
// policy asks for it.
type RecentLogin struct {
	At             time.Time // zero when this is the first sign-in
	IP             string
	FailedAttempts int // failed attempts since, within the counting window
}

// sessionTimes returns the absolute and idle lifetimes of a new user
// session: the server's, unless the policy sets a session timeout, which
// then is the idle timeout and the least absolute lifetime.
func (d *Deps) sessionTimes(pol LoginPolicy) (ttl, idle time.Duration) {
	ttl, idle = d.Config.SessionTTL, d.Config.SessionIdle
	if pol.SessionTimeout > 0 {
		idle = time.Duration(pol.SessionTimeout) * time.Minute
		ttl = max(ttl, idle)
	}
	return ttl, idle
}
