package sqldb

import (
	"context"
	"database/sql"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// BindContact spends the identity ticket and the bind code, binds the new
// address as verified (the account's too when told), and queues the
// notifications to the old address, in one transaction.
func (db *DB) BindContact(ctx context.Context, w identity.ContactBind) (*identity.User, error) {
	var out *identity.User
	err := db.update(ctx, func(tx *sql.Tx, now int64) error {
		u, err := findUser(ctx, tx, `u.id = $1`, w.UserID)
		if err != nil {
			return err
		}
		if err := useToken(ctx, tx, w.TicketHash, w.UserID, []identity.Purpose{w.TicketPurpose}, now); err != nil {
			return err
		}
		if err := useCode(ctx, tx, w.CodeID, now); err != nil {
			return err
		}
		userSQL, acctSQL := `UPDATE users SET email = $2, email_verified = TRUE, updated_at = $3 WHERE id = $1`,
			`UPDATE accounts SET email = $2, updated_at = $3 WHERE id = $1`
		if w.Kind == identity.ContactEmail {
			if err := checkEmailFree(ctx, tx, w.Address, w.UserID); err != nil {
				return err
			}
		} else {
			userSQL, acctSQL = `UPDATE users SET mobile = $2, mobile_verified = TRUE, updated_at = $3 WHERE id = $1`,
				`UPDATE accounts SET mobile_number = $2, updated_at = $3 WHERE id = $1`
		}
		if _, err := tx.ExecContext(ctx, userSQL, w.UserID, w.Address, now); err != nil {
			if db.dialect.IsUnique != nil && db.dialect.IsUnique(err) {
				return fault.New(fault.Conflict, "email.taken", "this email address is already in use").WithField("address")
			}
			return err
		}
		if w.AccountContact {
			if _, err := tx.ExecContext(ctx, acctSQL, u.AccountID, w.Address, now); err != nil {
				return err
			}
		}
		if err := db.insertNotifications(ctx, tx, w.Notifications, now); err != nil {
			return err
		}
		if err := db.insertAudit(ctx, tx, w.Audit, now); err != nil {
			return err
		}
		out, err = findUser(ctx, tx, `u.id = $1`, w.UserID)
		return err
	})
	return out, err
}
