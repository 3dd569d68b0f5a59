package sqldb

import (
	"context"
	"database/sql"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// SetPassword stores a new hash, compare-and-swap on the one the change was
// decided on, moves the old one into history, voids the user's reset codes
// and tokens of the purposes the core names, revokes the user's other sessions and queues notifications, all
// in one transaction: a crash leaves either the old password or the new one,
// never neither, and of two concurrent changes exactly one applies.
func (db *DB) SetPassword(ctx context.Context, w identity.PasswordWrite) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error { return db.setPassword(ctx, tx, w, now) })
}

// setPassword is SetPassword inside the caller's transaction.
func (db *DB) setPassword(ctx context.Context, tx *sql.Tx, w identity.PasswordWrite, now int64) error {
	if err := swapPassword(ctx, tx, w, now); err != nil {
		return err
	}
	return db.finishPassword(ctx, tx, w, now)
}

// swapPassword replaces the hash only while the stored one is still
// w.ExpectHash. It is the first statement of every password write, so the
// user's row is held from the start: a concurrent write waits for this one
// to commit and then finds the hash changed (PostgreSQL re-reads the row
// for the WHERE clause; SQLite runs one writer at a time).
// Errors: NotFound (user.not_found), Conflict (password.changed_meanwhile).
func swapPassword(ctx context.Context, tx *sql.Tx, w identity.PasswordWrite, now int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash=$2, password_origin='local', password_changed_at=$3,
		force_password_change=$4, updated_at=$3 WHERE id=$1 AND password_hash=$5`, w.UserID, w.Hash, now, w.ForceChange, w.ExpectHash)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	if err := checkUserExists(ctx, tx, w.UserID); err != nil {
		return err
	}
	return fault.New(fault.Conflict, identity.CodePasswordChangedMeanwhile, "the password was changed by another request meanwhile")
}

// finishPassword does the rest of a password write once the hash is
// swapped: the old hash into history, the user's unused codes and tokens of
// w.Void voided, the other sessions revoked (the kept one unrestricted with
// w.Unrestrict), the notifications and the audit event.
func (db *DB) finishPassword(ctx context.Context, tx *sql.Tx, w identity.PasswordWrite, now int64) error {
	if old := w.ExpectHash; old != "" {
		if _, err := tx.ExecContext(ctx, `INSERT INTO password_history (user_id, hash, created_at) VALUES ($1, $2, $3)`,
			w.UserID, old, now); err != nil {
			return err
		}
		// Keep only the newest HistoryKeep rows.
		if _, err := tx.ExecContext(ctx, `DELETE FROM password_history WHERE user_id = $1 AND created_at NOT IN
			(SELECT created_at FROM password_history WHERE user_id = $1 ORDER BY created_at DESC LIMIT $2)`,
			w.UserID, w.HistoryKeep); err != nil {
			return err
		}
	}
	if err := voidSecrets(ctx, tx, w.UserID, w.Void); err != nil {
		return err
	}
	if err := revokeUserSessions(ctx, tx, w.UserID, w.KeepSessionID, now); err != nil {
		return err
	}
	if w.Unrestrict && w.KeepSessionID != "" {
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET restricted='' WHERE id=$1`, w.KeepSessionID); err != nil {
			return err
		}
	}
	if err := db.insertNotifications(ctx, tx, w.Notifications, now); err != nil {
		return err
	}
	return db.insertAudit(ctx, tx, w.Audit, now)
}

// RehashPassword swaps in a stronger hash unless the password changed meanwhile.
func (db *DB) RehashPassword(ctx context.Context, userID, old, new string) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		_, err := tx.ExecContext(ctx, `UPDATE users SET password_hash=$3 WHERE id=$1 AND password_hash=$2`, userID, old, new)
		return err
	})
}

// PasswordHistory returns up to n earlier hashes, newest first.
func (db *DB) PasswordHistory(ctx context.Context, userID string, n int) ([]string, error) {
	if n <= 0 {
		return nil, nil
	}
	rows, err := db.read.QueryContext(ctx, `SELECT hash FROM password_history WHERE user_id=$1 ORDER BY created_at DESC LIMIT $2`, userID, n)
	if err != nil {
		return nil, db.classify(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, db.classify(err)
		}
		out = append(out, h)
	}
	return out, db.classify(rows.Err())
}
