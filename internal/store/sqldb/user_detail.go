package sqldb

import (
	"context"
	"database/sql"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// UpdateUserDetail applies an administrator's whole change to a user in one
// transaction: the password first (its compare-and-swap holds the user's
// row from the start), then the user's fields, then its attributes. Any
// refusal, such as an email already taken, undoes all of it: the password,
// the revoked sessions, the voided reset links and the queued mail.
func (db *DB) UpdateUserDetail(ctx context.Context, w identity.UserDetailWrite) (*identity.User, error) {
	var out *identity.User
	err := db.update(ctx, func(tx *sql.Tx, now int64) error {
		if w.ExpectVersion != 0 {
			if err := holdUserVersion(ctx, tx, w.UserID, w.ExpectVersion); err != nil {
				return err
			}
		}
		if w.Password != nil {
			if err := db.setPassword(ctx, tx, *w.Password, now); err != nil {
				return err
			}
		}
		if w.User != (identity.UserUpdate{}) {
			if err := updateUser(ctx, tx, w.UserID, w.User, w.RevokeSessions, now); err != nil {
				return err
			}
			if err := db.insertAudit(ctx, tx, w.UserAudit, now); err != nil {
				return err
			}
		}
		if w.Attributes != (identity.UserAttributesUpdate{}) || w.ForceChange != nil {
			if err := updateAttributes(ctx, tx, w.UserID, w.Attributes, w.ForceChange, now); err != nil {
				return err
			}
			if err := db.insertAudit(ctx, tx, w.AttributesAudit, now); err != nil {
				return err
			}
		}
		var err error
		out, err = findUser(ctx, tx, `u.id = $1`, w.UserID)
		return err
	})
	return out, err
}

// holdUserVersion takes the user's row (an update that changes nothing, so
// that on PostgreSQL a concurrent change waits for this transaction) when
// it is still at version, or refuses with user.version_mismatch.
func holdUserVersion(ctx context.Context, tx *sql.Tx, id string, version int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE users SET updated_at = updated_at WHERE id = $1 AND version = $2`, id, version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	if err := checkUserExists(ctx, tx, id); err != nil {
		return err
	}
	return fault.New(fault.Conflict, "user.version_mismatch", "the user is no longer at the version the request names")
}
