package identity

import (
	"context"
	"time"

	"github.com/watchword/watchword/internal/fault"
)

// loginGuard is what a password proof or a sign-in step is checked against:
// the account's login policy and the counters of the user and the client IP.
type loginGuard struct {
	policy LoginPolicy
	user   *User
	ip     string
	// locked: the user is locked for this client IP, or for the day; the
	// attempt is refused without evaluation.
	locked bool
	// slowedFor is how long the client IP is slowed down (0 when it is not).
	slowedFor time.Duration
	failures  int // the user's earlier failures within the day
	// reserved: this attempt was counted before its evaluation (a password
	// or a login code); a right answer then gives the reservation back.
	reserved bool
	// justLocked is the user's counter this attempt's reservation locked.
	justLocked *ThrottleState
}

func (g *loginGuard) userID() string {
	if g.user == nil {
		return ""
	}
	return g.user.ID
}

// loginPolicyGuard reads the login policy of u's account (the default one
// for an unknown user, with the same read).
func (d *Deps) loginPolicyGuard(ctx context.Context, u *User) (*loginGuard, error) {
	g := &loginGuard{user: u, ip: RequestFrom(ctx).IP}
	accountID := ""
	if u != nil {
		accountID = u.AccountID
	}
	pol, err := d.Store.FindLoginPolicy(ctx, accountID)
	if err != nil && !fault.Is(err, fault.NotFound) {
		return nil, err
	}
	g.policy = pol.WithDefaults()
	return g, nil
}

// readStates fills g from the counters its attempt's reservation returned:
// each state counts this attempt, and one that this attempt locked still
// lets it be evaluated (the threshold's last attempt is tried).
func (d *Deps) readStates(g *loginGuard, states []ThrottleState) {
	now := d.Clock()
	uid := g.userID()
	for _, st := range states {
		locked := st.Locked(now) && !st.JustLocked
		switch {
		case g.ip != "" && st.Key == ipThrottleKey(g.ip):
			if locked {
				g.slowedFor = max(st.LockedUntil.Sub(now).Round(time.Second), time.Second)
			}
			if st.JustLocked {
				// A right password gives back only the user's locks: the
				// address stays slowed down, so this lock counts now.
				d.Observer.Lockout(lockScope(st))
			}
		case uid == "":
		case st.Key == userIPThrottleKey(uid, g.ip):
			g.locked = g.locked || locked
			if st.JustLocked {
				g.justLocked = &st
			}
		case st.Key == userDayThrottleKey(uid):
			g.locked = g.locked || locked
			g.failures = max(st.Failures-1, 0)
			if st.JustLocked && g.justLocked == nil {
				g.justLocked = &st
			}
		}
	}
}

// succeed settles a complete sign-in or a proved password: the user's
// failures from this client IP are forgotten, and a reserved attempt is
// given back to the IP's and the day's counts (it was no failure).
func (d *Deps) succeed(ctx context.Context, g *loginGuard) {
	if d.Config.BruteForceDisabled || g.user == nil || !g.reserved {
		return
	}
	if err := d.Store.SettleLoginAttempt(ctx, d.giveBack(g, true)); err != nil {
		d.Log.Warn("clearing login failures failed", "err", err)
	}
}

// release settles a right password whose sign-in goes on to a second step
// (or is refused for a reason of its own): the reservation is given back,
// but the failures stay until the second step passes, so that the password
// alone never resets the count of wrong codes.
func (d *Deps) release(ctx context.Context, g *loginGuard) {
	if d.Config.BruteForceDisabled || g.user == nil || !g.reserved {
		return
	}
	if err := d.Store.SettleLoginAttempt(ctx, d.giveBack(g, false)); err != nil {
		d.Log.Warn("releasing a password proof failed", "err", err)
	}
}

// giveBack is the settlement that returns a right password's reservation,
// key by key in the order they were reserved: one attempt back on each,
// the user's counters from this client IP cleared when clearUser, and a
// lock that this very attempt set lifted (the password was right: the
// guesses before it locked nothing).
func (d *Deps) giveBack(g *loginGuard, clearUser bool) AttemptSettlement {
	var s AttemptSettlement
	for _, r := range d.throttleRules(g.user.ID, g.policy, g.ip) {
		clear := (clearUser && r.Key == userIPThrottleKey(g.user.ID, g.ip)) ||
			(g.justLocked != nil && g.justLocked.Key == r.Key)
		s.Keys = append(s.Keys, SettledKey{Key: r.Key, Clear: clear})
	}
	return s
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
	FailedAttempts int // failed password attempts within the last day, from any address
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
