package sqldb

import (
	"context"
	"database/sql"

	"github.com/watchword/watchword/internal/identity"
)

// FindUserAttributes returns a user's attributes, zero when none were set.
func (db *DB) FindUserAttributes(ctx context.Context, userID string) (identity.UserAttributes, error) {
	a, err := findAttributes(ctx, db.read, userID)
	return a, db.classify(err)
}

// findAttributes reads a user's attributes through q, zero when none were set.
func findAttributes(ctx context.Context, q queryer, userID string) (identity.UserAttributes, error) {
	var a identity.UserAttributes
	err := q.QueryRowContext(ctx, `SELECT description, xuser_id, xuser_type FROM user_attributes WHERE user_id=$1`,
		userID).Scan(&a.Description, &a.XUserID, &a.XUserType)
	if err == sql.ErrNoRows {
		return identity.UserAttributes{}, nil
	}
	return a, err
}

// UpdateUserAttributes applies upd and the force-change flag in one transaction.
func (db *DB) UpdateUserAttributes(ctx context.Context, userID string, upd identity.UserAttributesUpdate, forceChange *bool, ev identity.AuditEvent) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		if err := updateAttributes(ctx, tx, userID, upd, forceChange, now); err != nil {
			return err
		}
		return db.insertAudit(ctx, tx, ev, now)
	})
}

// updateAttributes is UpdateUserAttributes's change, without its audit,
// inside the caller's transaction.
func updateAttributes(ctx context.Context, tx *sql.Tx, userID string, upd identity.UserAttributesUpdate, forceChange *bool, now int64) error {
	if err := checkUserExists(ctx, tx, userID); err != nil {
		return err
	}
	a, err := findAttributes(ctx, tx, userID)
	if err != nil {
		return err
	}
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&a.Description, upd.Description)
	set(&a.XUserID, upd.XUserID)
	set(&a.XUserType, upd.XUserType)
	if _, err := tx.ExecContext(ctx, `INSERT INTO user_attributes (user_id, description, xuser_id, xuser_type, updated_at)
		VALUES ($1,$2,$3,$4,$5) ON CONFLICT (user_id) DO UPDATE SET description=excluded.description,
		xuser_id=excluded.xuser_id, xuser_type=excluded.xuser_type, updated_at=excluded.updated_at`,
		userID, a.Description, a.XUserID, a.XUserType, now); err != nil {
		return err
	}
	if forceChange != nil {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET force_password_change=$2, updated_at=$3 WHERE id=$1`,
			userID, *forceChange, now); err != nil {
			return err
		}
	}
	return nil
}
