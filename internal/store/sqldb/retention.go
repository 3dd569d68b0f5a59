package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/watchword/watchword/internal/identity"
)

// purgeTarget is where one kind of accumulated row lives: its table, its
// key, and the condition that says a row is past keeping. $1 is the
// retention cutoff, $2 the store's now (for rows whose end is a lock still
// running, such as a throttle's).
type purgeTarget struct {
	table, key, cond string
}

// purgeTargets maps each kind to its target. Every condition is served by an
// index (see the plan tests), so a batch never scans the table.
var purgeTargets = map[identity.PurgeKind]purgeTarget{
	// A session goes a grace after it expired or was revoked; one that
	// ended idle goes a grace after its absolute expiry, which is never far.
	identity.PurgeSessions:   {"sessions", "id", "expires_at < $1 OR revoked_at < $1"},
	identity.PurgeAudit:      {"audit_events", "id", "created_at < $1"},
	identity.PurgeThrottles:  {"login_throttles", "throttle_key", "updated_at < $1 AND locked_until < $2"},
	identity.PurgeCodes:      {"verification_codes", "id", "expires_at < $1"},
	identity.PurgeTokens:     {"one_time_tokens", "hash", "expires_at < $1"},
	identity.PurgeCaptchas:   {"captchas", "id", "expires_at < $1"},
	identity.PurgeRateLimits: {"rate_limits", "key", "window_end < $1"},
	identity.PurgeChallenges: {"login_challenges", "id", "expires_at < $1"},
	identity.PurgeSignatures: {"signature_replays", "signature", "expires_at < $1"},
	// A sent message holds nothing once sent (its content is erased then);
	// a dead one stays longer, for administrators to look at and retry. A
	// dead row's next_attempt_at is the instant it died.
	identity.PurgeSentNotifications: {"outbox", "id", "status = 'sent' AND sent_at < $1"},
	identity.PurgeDeadNotifications: {"outbox", "id", "status = 'dead' AND next_attempt_at < $1"},
}

// PurgeBatch deletes at most limit rows of kind past cutoff, in one short
// transaction, and returns how many went. On PostgreSQL the rows are picked
// with SKIP LOCKED, so replicas purging at once delete disjoint rows and never
// wait on each other; on SQLite the single writer already serialises them.
func (db *DB) PurgeBatch(ctx context.Context, kind identity.PurgeKind, cutoff time.Time, limit int) (int, error) {
	t, ok := purgeTargets[kind]
	if !ok {
		return 0, fmt.Errorf("sqldb: unknown purge kind %q", kind)
	}
	q := fmt.Sprintf(`DELETE FROM %[1]s WHERE %[2]s IN (SELECT %[2]s FROM %[1]s WHERE %[3]s LIMIT %[4]d%[5]s)`,
		t.table, t.key, t.cond, limit, db.dialect.SkipLocked)
	var n int64
	err := db.update(ctx, func(tx *sql.Tx, now int64) error {
		args := []any{micros(cutoff)}
		if kind == identity.PurgeThrottles {
			args = append(args, now)
		}
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}
