package sqldb

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
)

// RecordLoginFailure counts one failure under each rule's key. The count is
// one upsert per key, so concurrent failures on any replica all land; on
// PostgreSQL the upsert also locks the row until commit, so the decision to
// lock is taken by one transaction at a time.
func (db *DB) RecordLoginFailure(ctx context.Context, rules []identity.ThrottleRule, ev identity.AuditEvent,
	onLock func(identity.ThrottleState) []notify.Notification) ([]identity.ThrottleState, error) {
	var out []identity.ThrottleState
	err := db.update(ctx, func(tx *sql.Tx, now int64) error {
		out = out[:0]
		for _, r := range rules {
			st, err := countFailure(ctx, tx, r, now)
			if err != nil {
				return err
			}
			if st.JustLocked && onLock != nil {
				if err := db.insertNotifications(ctx, tx, onLock(st), now); err != nil {
					return err
				}
			}
			out = append(out, st)
		}
		return db.insertAudit(ctx, tx, ev, now)
	})
	return out, err
}

// ReserveLoginAttempt counts an attempt before it is evaluated, as
// RecordLoginFailure counts a failure: the same upsert per key, in one
// transaction, so a burst on any replica is counted attempt by attempt and
// the threshold's attempt is the last one let through. The keys are charged
// in order and the first one found locked stops the charging.
func (db *DB) ReserveLoginAttempt(ctx context.Context, rules []identity.ThrottleRule) ([]identity.ThrottleState, error) {
	var out []identity.ThrottleState
	err := db.update(ctx, func(tx *sql.Tx, now int64) error {
		out = out[:0]
		for _, r := range rules {
			st, err := countFailure(ctx, tx, r, now)
			if err != nil {
				return err
			}
			out = append(out, st)
			if st.Locked(fromMicros(now)) && !st.JustLocked && !r.PassLocked {
				break // refused here: the later keys are not charged
			}
		}
		return nil
	})
	return out, err
}

// SettleLoginAttempt settles each key in the order given (the order they
// were reserved in, so rows are always locked in one order), then writes
// the audit event and notifications, in one transaction.
func (db *DB) SettleLoginAttempt(ctx context.Context, s identity.AttemptSettlement) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		for _, k := range s.Keys {
			q := `UPDATE login_throttles SET failures = failures - 1, updated_at = $2 WHERE throttle_key = $1 AND failures > 0`
			args := []any{k.Key, now}
			if k.Clear {
				q, args = `DELETE FROM login_throttles WHERE throttle_key = $1`, args[:1]
			}
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return err
			}
		}
		if err := db.insertNotifications(ctx, tx, s.Notifications, now); err != nil {
			return err
		}
		return db.insertAudit(ctx, tx, s.Audit, now)
	})
}

// countFailure adds one failure to a key, starting a new window when the
// last one is over, and locks the key when it reaches its limit unlocked.
func countFailure(ctx context.Context, tx *sql.Tx, r identity.ThrottleRule, now int64) (identity.ThrottleState, error) {
	st := identity.ThrottleState{Key: r.Key}
	var windowStart, lockedUntil int64
	err := tx.QueryRowContext(ctx, `INSERT INTO login_throttles (throttle_key, failures, window_start, locked_until, lockouts, updated_at)
		VALUES ($1, 1, $2, 0, 0, $2)
		ON CONFLICT (throttle_key) DO UPDATE SET
			failures = CASE WHEN login_throttles.window_start + $3 <= $2 THEN 1 ELSE login_throttles.failures + 1 END,
			window_start = CASE WHEN login_throttles.window_start + $3 <= $2 THEN $2 ELSE login_throttles.window_start END,
			updated_at = $2
		RETURNING failures, window_start, locked_until, lockouts`, r.Key, now, r.Window.Microseconds()).
		Scan(&st.Failures, &windowStart, &lockedUntil, &st.Lockouts)
	if err != nil {
		return st, err
	}
	st.LockedUntil = fromMicros(lockedUntil)
	if st.Failures < r.MaxFailures || lockedUntil > now {
		return st, nil
	}
	// How long is the core's decision (each repeat doubles, up to a cap).
	until := now + r.LockoutAfter(st.Lockouts).Microseconds()
	if _, err := tx.ExecContext(ctx, `UPDATE login_throttles SET locked_until = $2, lockouts = lockouts + 1, failures = 0,
		window_start = $3 WHERE throttle_key = $1`, r.Key, until, now); err != nil {
		return st, err
	}
	st.LockedUntil, st.Lockouts, st.Failures, st.JustLocked = fromMicros(until), st.Lockouts+1, 0, true
	return st, nil
}

// FindLoginThrottles returns the counters of those keys that have any.
func (db *DB) FindLoginThrottles(ctx context.Context, keys []string) ([]identity.ThrottleState, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	marks, args := make([]string, len(keys)), make([]any, len(keys))
	for i, k := range keys {
		marks[i], args[i] = "$"+strconv.Itoa(i+1), k
	}
	return db.findThrottles(ctx, `WHERE throttle_key IN (`+strings.Join(marks, ",")+`)`, args...)
}

// FindLoginThrottlesUnder returns the counters of key and of the keys
// scoped under it. The prefix is compared with substr, not LIKE, so that
// no character of a key acts as a wildcard.
func (db *DB) FindLoginThrottlesUnder(ctx context.Context, key string) ([]identity.ThrottleState, error) {
	return db.findThrottles(ctx, `WHERE throttle_key = $1 OR substr(throttle_key, 1, $2) = $3`,
		key, len(key)+1, key+"|")
}

func (db *DB) findThrottles(ctx context.Context, where string, args ...any) ([]identity.ThrottleState, error) {
	rows, err := db.lookup.QueryContext(ctx, `SELECT throttle_key, failures, locked_until, lockouts FROM login_throttles `+
		where+` ORDER BY throttle_key`, args...)
	if err != nil {
		return nil, db.classify(err)
	}
	defer rows.Close()
	var out []identity.ThrottleState
	for rows.Next() {
		var st identity.ThrottleState
		var locked int64
		if err := rows.Scan(&st.Key, &st.Failures, &locked, &st.Lockouts); err != nil {
			return nil, db.classify(err)
		}
		st.LockedUntil = fromMicros(locked)
		out = append(out, st)
	}
	return out, db.classify(rows.Err())
}

// ClearLoginThrottle forgets the failures and lockouts of a key and of the
// keys scoped under it.
func (db *DB) ClearLoginThrottle(ctx context.Context, key string, ev identity.AuditEvent) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_throttles WHERE throttle_key = $1 OR substr(throttle_key, 1, $2) = $3`,
			key, len(key)+1, key+"|"); err != nil {
			return err
		}
		return db.insertAudit(ctx, tx, ev, now)
	})
}

// LastLogin returns the newest session a user obtained by signing in.
func (db *DB) LastLogin(ctx context.Context, userID string) (time.Time, string, error) {
	var at int64
	var ip string
	err := db.lookup.QueryRowContext(ctx, `SELECT created_at, ip FROM sessions WHERE user_id = $1 AND kind = 'user'
		AND method LIKE 'password%' ORDER BY created_at DESC LIMIT 1`, userID).Scan(&at, &ip)
	if err == sql.ErrNoRows {
		return time.Time{}, "", nil
	}
	if err != nil {
		return time.Time{}, "", db.classify(err)
	}
	return fromMicros(at), ip, nil
}
