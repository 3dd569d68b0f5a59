package sqldb

import (
	"context"
	"database/sql"

	"github.com/watchword/watchword/internal/identity"
)

// FindLoginPolicy returns an account's login policy as stored; fields it
// never set read as zero.
func (db *DB) FindLoginPolicy(ctx context.Context, accountID string) (identity.LoginPolicy, error) {
	var raw string
	err := db.lookup.QueryRowContext(ctx, `SELECT login_policy FROM accounts WHERE id = $1`, accountID).Scan(&raw)
	if err == sql.ErrNoRows {
		return identity.LoginPolicy{}, notFound("account.not_found", "no such account")
	}
	if err != nil {
		return identity.LoginPolicy{}, db.classify(err)
	}
	p, err := decodeLoginPolicy(raw)
	if err != nil {
		return identity.LoginPolicy{}, db.classify(err)
	}
	return p, nil
}

// SetLoginPolicy replaces an account's login policy.
func (db *DB) SetLoginPolicy(ctx context.Context, accountID string, p identity.LoginPolicy, ev identity.AuditEvent) error {
	raw, err := encodeLoginPolicy(p)
	if err != nil {
		return db.classify(err)
	}
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		res, err := tx.ExecContext(ctx, `UPDATE accounts SET login_policy = $2, updated_at = $3 WHERE id = $1`, accountID, raw, now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("account.not_found", "no such account")
		}
		return db.insertAudit(ctx, tx, ev, now)
	})
}
