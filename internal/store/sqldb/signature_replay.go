package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/watchword/watchword/internal/fault"
)

// RecordSignature stores key until expiresAt in one atomic upsert: a new
// key is inserted, an expired one takes the new expiry, and a live one is
// left alone and reported as Conflict, so of two replicas receiving the same
// request at once exactly one records it.
func (db *DB) RecordSignature(ctx context.Context, key string, expiresAt time.Time) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		var one int
		err := tx.QueryRowContext(ctx, `INSERT INTO signature_replays (signature, expires_at) VALUES ($1, $2)
			ON CONFLICT (signature) DO UPDATE SET expires_at = excluded.expires_at
			WHERE signature_replays.expires_at <= $3
			RETURNING 1`, key, micros(expiresAt), now).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return fault.New(fault.Conflict, "signature.seen", "this signature was already accepted")
		}
		return err
	})
}
