package sqldb

import (
	"context"
	"database/sql"

	"github.com/watchword/watchword/internal/identity"
)

// RevokeOtherSessions revokes every live session of a user but keepID.
func (db *DB) RevokeOtherSessions(ctx context.Context, userID, keepID string, ev identity.AuditEvent) (int, error) {
	var n int64
	err := db.update(ctx, func(tx *sql.Tx, now int64) error {
		res, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked_at = $3 WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL`,
			userID, keepID, now)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		return db.insertAudit(ctx, tx, ev, now)
	})
	return int(n), err
}
