package sqldb

import (
	"context"
	"database/sql"

	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/password"
)

// lockAccount takes the account's row for the rest of the transaction, by
// writing it first: a concurrent read-modify-write of the same account
// waits here until this one commits, then reads what it wrote. (SQLite runs
// one writer at a time anyway; this is for PostgreSQL, portably.)
// Errors: NotFound (account.not_found).
func lockAccount(ctx context.Context, tx *sql.Tx, accountID string, now int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE accounts SET updated_at = $2 WHERE id = $1`, accountID, now)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("account.not_found", "no such account")
	}
	return nil
}

// UpdatePasswordPolicy reads, changes and writes back an account's password
// policy in one transaction that holds the account's row.
func (db *DB) UpdatePasswordPolicy(ctx context.Context, accountID string, change func(password.Policy) (password.Policy, error),
	ev identity.AuditEvent) (password.Policy, error) {
	var out password.Policy
	err := db.update(ctx, func(tx *sql.Tx, now int64) error {
		if err := lockAccount(ctx, tx, accountID, now); err != nil {
			return err
		}
		var raw string
		if err := tx.QueryRowContext(ctx, `SELECT password_policy FROM accounts WHERE id = $1`, accountID).Scan(&raw); err != nil {
			return err
		}
		cur, err := decodePasswordPolicy(raw, password.Policy{})
		if err != nil {
			return err
		}
		next, err := change(cur)
		if err != nil {
			return err
		}
		body, err := encodePasswordPolicy(next)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE accounts SET password_policy = $2 WHERE id = $1`, accountID, body); err != nil {
			return err
		}
		out = next
		return db.insertAudit(ctx, tx, ev, now)
	})
	return out, err
}

// UpdateLoginPolicy reads, changes and writes back an account's login
// policy in one transaction that holds the account's row.
func (db *DB) UpdateLoginPolicy(ctx context.Context, accountID string, change func(identity.LoginPolicy) (identity.LoginPolicy, error),
	ev identity.AuditEvent) (identity.LoginPolicy, error) {
	var out identity.LoginPolicy
	err := db.update(ctx, func(tx *sql.Tx, now int64) error {
		if err := lockAccount(ctx, tx, accountID, now); err != nil {
			return err
		}
		var raw string
		if err := tx.QueryRowContext(ctx, `SELECT login_policy FROM accounts WHERE id = $1`, accountID).Scan(&raw); err != nil {
			return err
		}
		cur, err := decodeLoginPolicy(raw)
		if err != nil {
			return err
		}
		next, err := change(cur)
		if err != nil {
			return err
		}
		body, err := encodeLoginPolicy(next)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE accounts SET login_policy = $2 WHERE id = $1`, accountID, body); err != nil {
			return err
		}
		out = next
		return db.insertAudit(ctx, tx, ev, now)
	})
	return out, err
}
