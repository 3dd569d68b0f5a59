package sqldb

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/verify"
)

const codeColumns = `id, user_id, purpose, channel, target, hash, attempts, expires_at, used_at, voided, created_at`

func scanCode(row interface{ Scan(...any) error }) (*identity.VerificationCode, error) {
	var c identity.VerificationCode
	var purpose, channel string
	var expires, created int64
	var used sql.NullInt64
	if err := row.Scan(&c.ID, &c.UserID, &purpose, &channel, &c.Target, &c.Hash, &c.Attempts, &expires, &used,
		&c.Voided, &created); err != nil {
		return nil, err
	}
	c.Purpose, c.Channel = identity.Purpose(purpose), notify.Channel(channel)
	c.ExpiresAt, c.CreatedAt, c.UsedAt = fromMicros(expires), fromMicros(created), nullTime(used)
	return &c, nil
}

const tokenColumns = `hash, user_id, purpose, expires_at, used_at, voided, created_at`

func scanToken(row interface{ Scan(...any) error }) (*identity.OneTimeToken, error) {
	var t identity.OneTimeToken
	var purpose string
	var expires, created int64
	var used sql.NullInt64
	if err := row.Scan(&t.Hash, &t.UserID, &purpose, &expires, &used, &t.Voided, &created); err != nil {
		return nil, err
	}
	t.Purpose = identity.Purpose(purpose)
	t.ExpiresAt, t.CreatedAt, t.UsedAt = fromMicros(expires), fromMicros(created), nullTime(used)
	return &t, nil
}

func nullTime(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMicros(v.Int64)
	return &t
}

// voidSecrets voids a user's unused codes and tokens of the given purposes.
func voidSecrets(ctx context.Context, tx *sql.Tx, userID string, purposes []identity.Purpose) error {
	if len(purposes) == 0 {
		return nil
	}
	args := []any{userID}
	marks := make([]string, len(purposes))
	for i, p := range purposes {
		args = append(args, string(p))
		marks[i] = "$" + strconv.Itoa(i+2)
	}
	where := ` WHERE user_id = $1 AND purpose IN (` + strings.Join(marks, ",") + `) AND used_at IS NULL AND NOT voided`
	if _, err := tx.ExecContext(ctx, `UPDATE verification_codes SET voided = TRUE`+where, args...); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE one_time_tokens SET voided = TRUE`+where, args...)
	return err
}

func insertCode(ctx context.Context, tx *sql.Tx, c *identity.VerificationCode, now int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO verification_codes (id, user_id, purpose, channel, target, hash, attempts,
		expires_at, voided, created_at) VALUES ($1,$2,$3,$4,$5,$6,0,$7,FALSE,$8)`,
		c.ID, c.UserID, string(c.Purpose), string(c.Channel), c.Target, c.Hash, micros(c.ExpiresAt), now)
	return err
}

func insertToken(ctx context.Context, tx *sql.Tx, t *identity.OneTimeToken, now int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO one_time_tokens (hash, user_id, purpose, expires_at, voided, created_at)
		VALUES ($1,$2,$3,$4,FALSE,$5)`, t.Hash, t.UserID, string(t.Purpose), micros(t.ExpiresAt), now)
	return err
}

// IssueSecret voids, stores a new code and token, and queues notifications
// and the audit event. With no user it runs the same lookup and voiding,
// matching nothing, so that a request for nobody costs what a real one does.
func (db *DB) IssueSecret(ctx context.Context, w identity.SecretIssue) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE id = $1`, w.UserID).Scan(&n); err != nil {
			return err
		}
		if w.UserID != "" && n == 0 {
			return notFound("user.not_found", "no such user")
		}
		if err := voidSecrets(ctx, tx, w.UserID, w.Void); err != nil {
			return err
		}
		if w.UserID != "" && w.Code != nil {
			if err := insertCode(ctx, tx, w.Code, now); err != nil {
				return err
			}
		}
		if w.UserID != "" && w.Token != nil {
			if err := insertToken(ctx, tx, w.Token, now); err != nil {
				return err
			}
		}
		if err := db.insertNotifications(ctx, tx, w.Notifications, now); err != nil {
			return err
		}
		return db.insertAudit(ctx, tx, w.Audit, now)
	})
}

// AttemptCode counts an attempt on the user's current code of purpose and
// returns it, in one statement: parallel guesses each see their own count.
func (db *DB) AttemptCode(ctx context.Context, userID string, purpose identity.Purpose) (*identity.VerificationCode, error) {
	var out *identity.VerificationCode
	err := db.update(ctx, func(tx *sql.Tx, now int64) error {
		c, err := scanCode(tx.QueryRowContext(ctx, `UPDATE verification_codes SET attempts = attempts + 1
			WHERE id = (SELECT id FROM verification_codes WHERE user_id = $1 AND purpose = $2
				ORDER BY CASE WHEN used_at IS NULL AND NOT voided THEN 0 ELSE 1 END, created_at DESC, id LIMIT 1)
			RETURNING `+codeColumns, userID, string(purpose)))
		if err == sql.ErrNoRows {
			return notFound("verify.code_not_found", "no such code")
		}
		out = c
		return err
	})
	return out, err
}

// RedeemCode marks a code used, unless something used or voided it first,
// and stores the ticket it buys.
func (db *DB) RedeemCode(ctx context.Context, codeID string, ticket *identity.OneTimeToken, ev identity.AuditEvent) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		if err := useCode(ctx, tx, codeID, now); err != nil {
			return err
		}
		if ticket != nil {
			if err := voidSecrets(ctx, tx, ticket.UserID, []identity.Purpose{ticket.Purpose}); err != nil {
				return err
			}
			if err := insertToken(ctx, tx, ticket, now); err != nil {
				return err
			}
		}
		return db.insertAudit(ctx, tx, ev, now)
	})
}

// useCode spends a code; a code already used or voided is refused, so two
// racing right answers cannot both succeed.
func useCode(ctx context.Context, tx *sql.Tx, codeID string, now int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE verification_codes SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND NOT voided`,
		codeID, now)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fault.New(fault.Invalid, "verify.code_used", "This code has already been used. Request a new one.")
	}
	return nil
}

// useToken spends a usable token of userID and purpose.
func useToken(ctx context.Context, tx *sql.Tx, hash, userID string, purposes []identity.Purpose, now int64) error {
	args := []any{hash, now, userID}
	marks := make([]string, len(purposes))
	for i, p := range purposes {
		args = append(args, string(p))
		marks[i] = "$" + strconv.Itoa(i+4)
	}
	res, err := tx.ExecContext(ctx, `UPDATE one_time_tokens SET used_at = $2 WHERE hash = $1 AND user_id = $3
		AND purpose IN (`+strings.Join(marks, ",")+`) AND used_at IS NULL AND NOT voided AND expires_at > $2`, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return verify.TokenInvalid()
	}
	return nil
}

// FindToken returns a token by its hash.
func (db *DB) FindToken(ctx context.Context, hash string) (*identity.OneTimeToken, error) {
	t, err := scanToken(db.read.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM one_time_tokens WHERE hash = $1`, hash))
	if err == sql.ErrNoRows {
		return nil, notFound("verify.token_not_found", "no such token")
	}
	return t, db.classify(err)
}

// ResetPassword sets the password (compare-and-swap, as SetPassword),
// spends the reset token, voids the user's secrets of w.Void, in one
// transaction. A lost race reads as a spent token.
func (db *DB) ResetPassword(ctx context.Context, tokenHash string, tokenPurpose identity.Purpose, w identity.PasswordWrite) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		// Every password write voids the user's reset tokens (the core
		// names them in Void): one that won the race voided this one.
		if err := swapPassword(ctx, tx, w, now); fault.CodeOf(err) == identity.CodePasswordChangedMeanwhile {
			return verify.TokenInvalid()
		} else if err != nil {
			return err
		}
		if err := useToken(ctx, tx, tokenHash, w.UserID, []identity.Purpose{tokenPurpose}, now); err != nil {
			return err
		}
		return db.finishPassword(ctx, tx, w, now) // voids the others
	})
}

// FindUsersByMobile returns the users bound to a mobile number (at most 10).
func (db *DB) FindUsersByMobile(ctx context.Context, mobile string) ([]*identity.User, error) {
	if mobile == "" {
		return nil, nil
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+userColumns+userFrom+` WHERE u.mobile = $1 ORDER BY u.id LIMIT 10`, mobile)
	if err != nil {
		return nil, db.classify(err)
	}
	defer rows.Close()
	var out []*identity.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, db.classify(err)
		}
		out = append(out, u)
	}
	return out, db.classify(rows.Err())
}
