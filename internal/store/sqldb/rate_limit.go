package sqldb

import (
	"context"
	"database/sql"
	"time"
)

// HitRateLimit counts one request against key in one atomic upsert: a window
// that has ended restarts at 1, else the count goes up. Both dialects run it
// as one statement, so replicas sharing the database share the count.
func (db *DB) HitRateLimit(ctx context.Context, key string, window time.Duration) (int, time.Time, error) {
	var count int
	var end int64
	err := db.update(ctx, func(tx *sql.Tx, now int64) error {
		return tx.QueryRowContext(ctx, `INSERT INTO rate_limits (key, window_start, window_end, count) VALUES ($1, $2, $3, 1)
			ON CONFLICT (key) DO UPDATE SET
				count = CASE WHEN rate_limits.window_end <= $2 THEN 1 ELSE rate_limits.count + 1 END,
				window_start = CASE WHEN rate_limits.window_end <= $2 THEN $2 ELSE rate_limits.window_start END,
				window_end = CASE WHEN rate_limits.window_end <= $2 THEN $3 ELSE rate_limits.window_end END
			RETURNING count, window_end`, key, now, now+window.Microseconds()).Scan(&count, &end)
	})
	return count, fromMicros(end), err
}
