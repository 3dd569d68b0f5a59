package sqldb

import (
	"context"
	"database/sql"

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
		if w.Password != nil {
			if err := db.setPassword(ctx, tx, *w.Password, now); err != nil {
				return err
			}
		}
		if w.User != (identity.UserUpdate{}) {
			if err := updateUser(ctx, tx, w.UserID, w.User, w.RevokeSessions, now); err != nil {
				return err
			}
			if err := insertAudit(ctx, tx, w.UserAudit, now); err != nil {
				return err
			}
		}
		if w.Attributes != (identity.UserAttributesUpdate{}) || w.ForceChange != nil {
			if err := updateAttributes(ctx, tx, w.UserID, w.Attributes, w.ForceChange, now); err != nil {
				return err
			}
			if err := insertAudit(ctx, tx, w.AttributesAudit, now); err != nil {
				return err
			}
		}
		var err error
		out, err = findUser(ctx, tx, `u.id = $1`, w.UserID)
		return err
	})
	return out, err
}
