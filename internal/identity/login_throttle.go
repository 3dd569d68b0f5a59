package identity

import (
	"context"
	"sort"
	"strconv"
	"time"

	"github.com/watchword/watchword/internal/notify"
)

// ThrottleRule says how failures under one key (a user or a client IP) are
// counted and when they lock the key.
type ThrottleRule struct {
	Key         string        // "user:<id>" or "ip:<address>"
	MaxFailures int           // failures within Window that lock the key
	Window      time.Duration // counted from the first failure of the window
	Lockout     time.Duration // the first lockout; each repeat doubles it
	MaxLockout  time.Duration // the cap on doubling
	// PassLocked: when a reservation finds this key locked, it still
	// charges the keys after it (ReserveLoginAttempt stops at the first
	// locked key otherwise).
	PassLocked bool
}

// ThrottleState is a key's counters after a failure, or as found.
type ThrottleState struct {
	Key         string
	Failures    int       // in the current window
	LockedUntil time.Time // zero when never locked
	Lockouts    int       // lockouts since the last success or unlock
	// JustLocked: this failure is the one that locked the key.
	JustLocked bool
}

// Locked reports whether the key is locked at now.
func (t ThrottleState) Locked(now time.Time) bool { return now.Before(t.LockedUntil) }

// LoginThrottleStore counts failed sign-ins in the database, so that every
// replica sees the same counters.
type LoginThrottleStore interface {
	// RecordLoginFailure counts one failure under every rule's key, in one
	// transaction with ev; a key that reaches its limit while unlocked is
	// locked, and onLock's notifications (if any) are queued in that same
	// transaction. The increment is one atomic upsert per key, so concurrent
	// failures on any replica are all counted.
	RecordLoginFailure(ctx context.Context, rules []ThrottleRule, ev AuditEvent,
		onLock func(ThrottleState) []notify.Notification) ([]ThrottleState, error)
	// ReserveLoginAttempt counts one attempt under the rules' keys before
	// it is evaluated, as RecordLoginFailure counts a failure: one atomic
	// upsert per key in one transaction, locking a key that reaches its
	// limit (JustLocked). A state locked and not JustLocked means the key
	// was locked before this attempt: it must not be evaluated, and the
	// keys after it (unless the rule says PassLocked) are not charged and
	// have no state returned, so a refused attempt never spends a wider
	// count (one address's refused guesses never use up the user's day).
	ReserveLoginAttempt(ctx context.Context, rules []ThrottleRule) ([]ThrottleState, error)
	// SettleLoginAttempt records what a reserved attempt left, in one
	// transaction: the keys it clears, those it gives its attempt back to,
	// its audit event and notifications.
	SettleLoginAttempt(ctx context.Context, s AttemptSettlement) error
	// FindLoginThrottles returns the counters of the keys that have any.
	FindLoginThrottles(ctx context.Context, keys []string) ([]ThrottleState, error)
	// FindLoginThrottlesUnder returns the counters of key and of every key
	// scoped under it (key + "|" + anything).
	FindLoginThrottlesUnder(ctx context.Context, key string) ([]ThrottleState, error)
	// ClearLoginThrottle forgets the failures and lockouts of key and of
	// every key scoped under it (an administrator's unlock, a completed
	// reset), with ev when it has an ID.
	ClearLoginThrottle(ctx context.Context, key string, ev AuditEvent) error
	// LastLogin returns when and from where the user last obtained a
	// session by signing in; zero time when never.
	LastLogin(ctx context.Context, userID string) (time.Time, string, error)
}

// userThrottleKey is the key a user's counters are scoped under: clearing
// it (an unlock, a completed reset) clears them all.
func userThrottleKey(userID string) string { return "user:" + userID }

// userIPThrottleKey counts a user's failures from one client IP: the hard
// lock of the login policy, so that one address can lock a user out only
// for itself, never for everyone.
func userIPThrottleKey(userID, ip string) string { return userThrottleKey(userID) + "|ip:" + ip }

// userDayThrottleKey counts a user's failures from every address, and
// caps them per day: the bound on a guesser spread over many addresses.
func userDayThrottleKey(userID string) string { return userThrottleKey(userID) + "|day" }

func ipThrottleKey(ip string) string { return "ip:" + ip }

// The per-IP slow-down. It is wider than a user's lock, since many people
// can share an address, and it is the server's, not an account's. Past it
// the address is answered auth.too_many_attempts (with Retry-After) for
// ipLockout, whichever user it names; no user is locked by it.
const (
	ipMaxFailures = 50
	ipWindow      = 15 * time.Minute
	ipLockout     = 15 * time.Minute
)

// The per-user daily cap on failed password proofs, from all addresses
// together. Past it the user is locked for userDayLockout, until a reset
// completes or an administrator unlocks them.
const (
	userDayMaxFailures = 100
	userDayWindow      = 24 * time.Hour
	userDayLockout     = 24 * time.Hour
)

// throttleRules returns the rules one attempt counts under, in the order
// a reservation charges them: the client IP's slow-down, the user's lock
// for this client IP (per its account's policy), and the user's daily cap.
func (d *Deps) throttleRules(userID string, pol LoginPolicy, ip string) []ThrottleRule {
	var rules []ThrottleRule
	if ip != "" {
		rules = append(rules, ThrottleRule{Key: ipThrottleKey(ip), MaxFailures: ipMaxFailures,
			Window: ipWindow, Lockout: ipLockout, MaxLockout: ipLockout})
	}
	if userID != "" {
		rules = append(rules,
			ThrottleRule{Key: userIPThrottleKey(userID, ip), MaxFailures: pol.LoginFailedTimes,
				Window: pol.window(), Lockout: pol.lockout(), MaxLockout: MaxLockout},
			ThrottleRule{Key: userDayThrottleKey(userID), MaxFailures: userDayMaxFailures,
				Window: userDayWindow, Lockout: userDayLockout, MaxLockout: userDayLockout})
	}
	return rules
}

// clearUser forgets every counter of a user (from each address, and the
// day), with ev in the same transaction. The keys are cleared in the order
// reservations lock them (the per-address ones, then the day), so that an
// unlock racing a sign-in never waits on it in a cycle.
func (d *Deps) clearUser(ctx context.Context, userID string, ev AuditEvent) error {
	states, err := d.Store.FindLoginThrottlesUnder(ctx, userThrottleKey(userID))
	if err != nil {
		return err
	}
	var s AttemptSettlement
	for _, st := range states {
		if st.Key != userDayThrottleKey(userID) {
			s.Keys = append(s.Keys, SettledKey{Key: st.Key, Clear: true})
		}
	}
	sort.Slice(s.Keys, func(i, j int) bool { return s.Keys[i].Key < s.Keys[j].Key })
	s.Keys = append(s.Keys, SettledKey{Key: userDayThrottleKey(userID), Clear: true})
	s.Audit = ev
	return d.Store.SettleLoginAttempt(ctx, s)
}

// lockoutNotice tells a user that sign-in is locked, by email or else SMS.
// The lock is from the failures' address (the login policy's), or, when st
// is the user's daily cap, from every address ("everywhere").
func lockoutNotice(u *User, st ThrottleState, now time.Time, ip string) []notify.Notification {
	minutes := int(st.LockedUntil.Sub(now).Round(time.Minute) / time.Minute)
	data := map[string]string{"expires_minutes": strconv.Itoa(minutes), "ip": ip, "time": now.UTC().Format(time.RFC1123)}
	if st.Key == userDayThrottleKey(u.ID) {
		data["everywhere"] = "true"
	}
	return securityNotice(u, notify.Lockout, data)
}

// securityNotice builds a notification about the user's own security
// settings, by email when the user has one, else by SMS.
func securityNotice(u *User, template string, data map[string]string) []notify.Notification {
	if data == nil {
		data = map[string]string{}
	}
	data["name"], data["account"] = displayName(u), u.AccountName
	switch {
	case u.Email != "":
		data["email"] = u.Email
		return []notify.Notification{{Channel: notify.Email, To: u.Email, Template: template, Locale: u.Locale, Theme: u.Theme, Data: data, AccountID: u.AccountID}}
	case u.Mobile != "":
		return []notify.Notification{{Channel: notify.SMS, To: u.Mobile, Template: template, Locale: u.Locale, Theme: u.Theme, Data: data, AccountID: u.AccountID}}
	}
	return nil
}
