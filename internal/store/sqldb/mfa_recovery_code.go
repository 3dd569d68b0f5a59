package sqldb

import (
	"context"
	"database/sql"

	"github.com/watchword/watchword/internal/identity"
)

// ReplaceRecoveryCodes swaps the user's recovery codes for a new set, with
// the device step its proof used, its audit event and its notification.
func (db *DB) ReplaceRecoveryCodes(ctx context.Context, w identity.RecoveryCodeSet) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		var active int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM mfa_devices WHERE user_id = $1 AND state = 'active'`,
			w.UserID).Scan(&active); err != nil {
			return err
		}
		if active == 0 {
			return errMFANotFound()
		}
		if w.Step > 0 {
			if err := useMFAStep(ctx, tx, w.UserID, w.Step); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM mfa_recovery_codes WHERE user_id = $1`, w.UserID); err != nil {
			return err
		}
		for _, h := range w.Hashes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO mfa_recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)`,
				w.UserID, h, now); err != nil {
				return err
			}
		}
		if err := db.insertAudit(ctx, tx, w.Audit, now); err != nil {
			return err
		}
		return db.insertNotifications(ctx, tx, w.Notifications, now)
	})
}

// FindRecoveryCodeStatus counts the user's unused recovery codes.
func (db *DB) FindRecoveryCodeStatus(ctx context.Context, userID string) (identity.RecoveryCodeStatus, error) {
	var st identity.RecoveryCodeStatus
	var created sql.NullInt64
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(CASE WHEN used_at IS NULL THEN 1 END), MAX(created_at)
		FROM mfa_recovery_codes WHERE user_id = $1`, userID).Scan(&st.Remaining, &created)
	if err != nil {
		return st, db.classify(err)
	}
	if created.Valid {
		st.CreatedAt = fromMicros(created.Int64)
	}
	return st, nil
}

// UseRecoveryCode spends one unused code and the login challenge it
// answers, in one transaction: neither can serve twice, even to two
// logins racing with the same code.
func (db *DB) UseRecoveryCode(ctx context.Context, u identity.RecoveryCodeUse) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		res, err := tx.ExecContext(ctx, `UPDATE mfa_recovery_codes SET used_at = $3
			WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`, u.UserID, u.Hash, now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("recovery_code.not_found", "no such unused recovery code")
		}
		if err := useChallenge(ctx, tx, u.ChallengeID, u.UserID, 0, now); err != nil {
			return err
		}
		if err := db.insertAudit(ctx, tx, u.Audit, now); err != nil {
			return err
		}
		return db.insertNotifications(ctx, tx, u.Notifications, now)
	})
}
