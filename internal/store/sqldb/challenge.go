package sqldb

import (
	"context"
	"database/sql"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
)

const challengeColumns = `id, purpose, user_id, account_id, method, target, code_hash, password_changed_at, restricted, ip,
	attempts, created_at, expires_at, used_at, voided`

// scanChallenge reads a challenge returned by an attempt: the attempts
// column already counts that attempt, and the record holds those before it.
func scanChallenge(row interface{ Scan(...any) error }) (*identity.ChallengeRecord, error) {
	var c identity.ChallengeRecord
	var changed, created, expires int64
	var used sql.NullInt64
	if err := row.Scan(&c.ID, &c.Purpose, &c.UserID, &c.AccountID, &c.Method, &c.Target, &c.CodeHash, &changed, &c.Restricted,
		&c.IP, &c.Attempts, &created, &expires, &used, &c.Voided); err != nil {
		return nil, err
	}
	c.Attempts--
	c.PasswordChangedAt, c.CreatedAt, c.ExpiresAt = fromMicros(changed), fromMicros(created), fromMicros(expires)
	if used.Valid {
		t := fromMicros(used.Int64)
		c.UsedAt = &t
	}
	return &c, nil
}

// CreateChallenge deletes the user's challenges that expired before
// sweepBefore, voids its unused challenges of the purpose, stores the new
// one and queues its notifications.
func (db *DB) CreateChallenge(ctx context.Context, c *identity.ChallengeRecord, sweepBefore time.Time, notes []notify.Notification) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_challenges WHERE user_id = $1 AND expires_at < $2`,
			c.UserID, micros(sweepBefore)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE login_challenges SET voided = TRUE WHERE user_id = $1 AND purpose = $2
			AND used_at IS NULL AND voided = FALSE`, c.UserID, c.Purpose); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO login_challenges (id, purpose, user_id, account_id, method, target, code_hash,
			password_changed_at, restricted, ip, attempts, created_at, expires_at, voided)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,0,$11,$12,FALSE)`,
			c.ID, c.Purpose, c.UserID, c.AccountID, c.Method, c.Target, c.CodeHash, micros(c.PasswordChangedAt), c.Restricted,
			c.IP, micros(c.CreatedAt), micros(c.ExpiresAt)); err != nil {
			return err
		}
		return db.insertNotifications(ctx, tx, notes, now)
	})
}

// AttemptChallenge counts an attempt and returns the challenge, in one statement.
func (db *DB) AttemptChallenge(ctx context.Context, id string) (*identity.ChallengeRecord, error) {
	return db.attemptChallenge(ctx, `id = $1`, id)
}

// AttemptLatestChallenge counts an attempt on the user's newest challenge
// of a purpose and target and returns it, in one statement. The one not
// voided comes first: two codes sent within a clock tick are ordered by
// their voiding, not by chance.
func (db *DB) AttemptLatestChallenge(ctx context.Context, userID, purpose, target string) (*identity.ChallengeRecord, error) {
	return db.attemptChallenge(ctx, `id = (SELECT id FROM login_challenges WHERE user_id = $1 AND purpose = $2 AND target = $3
		ORDER BY voided, created_at DESC, id LIMIT 1)`, userID, purpose, target)
}

func (db *DB) attemptChallenge(ctx context.Context, where string, args ...any) (*identity.ChallengeRecord, error) {
	var c *identity.ChallengeRecord
	err := db.update(ctx, func(tx *sql.Tx, now int64) error {
		var err error
		c, err = scanChallenge(tx.QueryRowContext(ctx, `UPDATE login_challenges SET attempts = attempts + 1 WHERE `+where+
			` RETURNING `+challengeColumns, args...))
		if err == sql.ErrNoRows {
			return notFound("challenge.not_found", "no such challenge")
		}
		return err
	})
	return c, err
}

// UseChallenge marks a challenge used and consumes a TOTP step.
func (db *DB) UseChallenge(ctx context.Context, id, userID string, step int64) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error { return useChallenge(ctx, tx, id, userID, step, now) })
}

func useChallenge(ctx context.Context, tx *sql.Tx, id, userID string, step, now int64) error {
	if id != "" {
		res, err := tx.ExecContext(ctx, `UPDATE login_challenges SET used_at = $3 WHERE id = $1 AND user_id = $2
			AND used_at IS NULL AND voided = FALSE`, id, userID, now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.Invalid, "verify.code_used", "This code has already been used. Request a new one.")
		}
	}
	if step > 0 {
		return useMFAStep(ctx, tx, userID, step)
	}
	return nil
}

// SetLoginVerification sets a user's login verification method, consuming
// the proof of the change.
func (db *DB) SetLoginVerification(ctx context.Context, w identity.LoginVerificationWrite) error {
	userID := w.UserID
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		for _, id := range w.ChallengeIDs {
			if err := useChallenge(ctx, tx, id, userID, 0, now); err != nil {
				return err
			}
		}
		if err := useChallenge(ctx, tx, "", userID, w.Step, now); err != nil {
			return err
		}
		if w.RequireMFA {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM mfa_devices WHERE user_id = $1 AND state = 'active'`, userID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return fault.New(fault.Conflict, "login_verification.mfa_required", "bind a virtual MFA device before choosing it for login verification")
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE users SET login_verification = $2, updated_at = $3 WHERE id = $1`, userID, w.Method, now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("user.not_found", "no such user")
		}
		if err := db.insertAudit(ctx, tx, w.Audit, now); err != nil {
			return err
		}
		return db.insertNotifications(ctx, tx, w.Notifications, now)
	})
}
