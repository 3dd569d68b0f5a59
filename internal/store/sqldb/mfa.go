package sqldb

import (
	"context"
	"database/sql"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
)

const mfaColumns = `user_id, account_id, serial_number, name, state, sealed_secret, sealed_uri, last_step, created_at, bound_at`

func scanMFADevice(row interface{ Scan(...any) error }) (*identity.MFADevice, error) {
	var d identity.MFADevice
	var state string
	var created, bound int64
	if err := row.Scan(&d.UserID, &d.AccountID, &d.SerialNumber, &d.Name, &state, &d.SealedSecret, &d.SealedURI,
		&d.LastStep, &created, &bound); err != nil {
		return nil, err
	}
	d.State, d.CreatedAt, d.BoundAt = identity.MFAState(state), fromMicros(created), fromMicros(bound)
	return &d, nil
}

func errMFANotFound() error {
	return notFound("mfa.not_found", "no virtual MFA device is bound to this user")
}

// CreateMFADevice stores a pending device in place of the user's pending one.
func (db *DB) CreateMFADevice(ctx context.Context, d *identity.MFADevice, ev identity.AuditEvent) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		var state string
		err := tx.QueryRowContext(ctx, `SELECT state FROM mfa_devices WHERE user_id = $1`, d.UserID).Scan(&state)
		switch {
		case err == nil && state == string(identity.MFAActive):
			return fault.New(fault.Conflict, "mfa.already_bound", "a virtual MFA device is already bound to this user")
		case err != nil && err != sql.ErrNoRows:
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM mfa_devices WHERE serial_number = $1 AND user_id <> $2`,
			d.SerialNumber, d.UserID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fault.New(fault.Conflict, "mfa.serial_taken", "another user's device has this name").WithField("name")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM mfa_devices WHERE user_id = $1`, d.UserID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO mfa_devices (`+mfaColumns+`) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
			d.UserID, d.AccountID, d.SerialNumber, d.Name, string(d.State), d.SealedSecret, d.SealedURI, d.LastStep,
			micros(d.CreatedAt), micros(d.BoundAt)); err != nil {
			return err
		}
		return db.insertAudit(ctx, tx, ev, now)
	})
}

// FindMFADevice returns a user's device.
func (db *DB) FindMFADevice(ctx context.Context, userID string) (*identity.MFADevice, error) {
	d, err := scanMFADevice(db.lookup.QueryRowContext(ctx, `SELECT `+mfaColumns+` FROM mfa_devices WHERE user_id = $1`, userID))
	if err == sql.ErrNoRows {
		return nil, errMFANotFound()
	}
	return d, db.classify(err)
}

// FindMFADevices lists an account's devices, oldest first.
func (db *DB) FindMFADevices(ctx context.Context, accountID string) ([]*identity.MFADevice, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+mfaColumns+` FROM mfa_devices WHERE account_id = $1 ORDER BY created_at, user_id`, accountID)
	if err != nil {
		return nil, db.classify(err)
	}
	defer rows.Close()
	out := []*identity.MFADevice{}
	for rows.Next() {
		d, err := scanMFADevice(rows)
		if err != nil {
			return nil, db.classify(err)
		}
		out = append(out, d)
	}
	return out, db.classify(rows.Err())
}

// ActivateMFADevice binds a pending device and forgets its URI.
func (db *DB) ActivateMFADevice(ctx context.Context, userID, serial string, step int64, ev identity.AuditEvent, notes []notify.Notification) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		res, err := tx.ExecContext(ctx, `UPDATE mfa_devices SET state = 'active', last_step = $3, sealed_uri = '', bound_at = $4
			WHERE user_id = $1 AND serial_number = $2 AND state = 'pending'`, userID, serial, step, now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errMFANotFound()
		}
		if err := db.insertAudit(ctx, tx, ev, now); err != nil {
			return err
		}
		return db.insertNotifications(ctx, tx, notes, now)
	})
}

// UseMFAStep records a TOTP step as used, only moving forward.
func (db *DB) UseMFAStep(ctx context.Context, userID string, step int64) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error { return useMFAStep(ctx, tx, userID, step) })
}

// useMFAStep moves the last used step forward, refusing a step already used
// or older: the update's condition makes two replicas accepting the same
// code at once impossible, as only one of them moves it.
func useMFAStep(ctx context.Context, tx *sql.Tx, userID string, step int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE mfa_devices SET last_step = $2 WHERE user_id = $1 AND state = 'active' AND last_step < $2`,
		userID, step)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	var count int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM mfa_devices WHERE user_id = $1 AND state = 'active'`, userID).Scan(&count); err != nil {
		return err
	}
	if count == 0 {
		return errMFANotFound()
	}
	return fault.New(fault.Invalid, "verify.code_used", "This code has already been used. Request a new one.")
}

// DeleteMFADevice removes a device and applies the login verification
// fallback the core named.
func (db *DB) DeleteMFADevice(ctx context.Context, w identity.MFARemoval) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM mfa_devices WHERE user_id = $1 AND ($2 = '' OR serial_number = $2)`, w.UserID, w.Serial)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errMFANotFound()
		}
		// The recovery codes stood in for this device only.
		if _, err := tx.ExecContext(ctx, `DELETE FROM mfa_recovery_codes WHERE user_id = $1`, w.UserID); err != nil {
			return err
		}
		if f := w.Fallback; f.From != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET login_verification = $3 WHERE id = $1 AND login_verification = $2`,
				w.UserID, f.From, f.To); err != nil {
				return err
			}
		}
		if err := db.insertAudit(ctx, tx, w.Audit, now); err != nil {
			return err
		}
		return db.insertNotifications(ctx, tx, w.Notifications, now)
	})
}
