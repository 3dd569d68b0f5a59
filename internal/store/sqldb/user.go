package sqldb

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

const userColumns = `u.id, u.account_id, a.name, u.name, u.is_root, u.is_admin, u.display_name, u.email, u.email_verified,
	u.mobile, u.mobile_verified, u.locale, u.theme, u.password_origin, u.password_hash, u.password_changed_at,
	u.force_password_change, u.login_verification, u.enabled, u.external_id, u.version, u.created_at, u.updated_at`

const userFrom = ` FROM users u JOIN accounts a ON a.id = u.account_id`

// scanUser reads userColumns, then any extra columns into extra.
func scanUser(row interface{ Scan(...any) error }, extra ...any) (*identity.User, error) {
	var u identity.User
	var origin string
	var changed, created, updated int64
	dest := append([]any{&u.ID, &u.AccountID, &u.AccountName, &u.Name, &u.Root, &u.Admin, &u.DisplayName, &u.Email,
		&u.EmailVerified, &u.Mobile, &u.MobileVerified, &u.Locale, &u.Theme, &origin, &u.PasswordHash, &changed,
		&u.ForcePasswordChange, &u.LoginVerification, &u.Enabled, &u.ExternalID, &u.Version, &created, &updated}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	u.PasswordOrigin = identity.Origin(origin)
	u.PasswordChangedAt, u.CreatedAt, u.UpdatedAt = fromMicros(changed), fromMicros(created), fromMicros(updated)
	return &u, nil
}

func insertUser(ctx context.Context, tx *sql.Tx, u *identity.User, now int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO users (id, account_id, name, is_root, is_admin, display_name, email,
		email_verified, mobile, mobile_verified, locale, theme, password_origin, password_hash, password_changed_at,
		force_password_change, login_verification, enabled, external_id, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$20)`,
		u.ID, u.AccountID, u.Name, u.Root, u.Admin, u.DisplayName, u.Email, u.EmailVerified, u.Mobile, u.MobileVerified,
		u.Locale, u.Theme, string(u.PasswordOrigin), u.PasswordHash, micros(u.PasswordChangedAt), u.ForcePasswordChange,
		u.LoginVerification, u.Enabled, u.ExternalID, now)
	return err
}

// checkUserExists refuses an id that names no user.
func checkUserExists(ctx context.Context, tx *sql.Tx, id string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE id = $1`, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return notFound("user.not_found", "no such user")
	}
	return nil
}

// checkEmailFree refuses an email bound to another user than except.
func checkEmailFree(ctx context.Context, tx *sql.Tx, email, except string) error {
	if email == "" {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE email = $1 AND id <> $2`, email, except).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fault.New(fault.Conflict, "email.taken", "this email address is already in use").WithField("email")
	}
	return nil
}

// CreateUser inserts an IAM user.
func (db *DB) CreateUser(ctx context.Context, u *identity.User, ev identity.AuditEvent) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		return db.createUser(ctx, tx, u, ev, now)
	})
}

// InviteUser inserts an IAM user with its invitation: the set-password
// token and the mail carrying it.
func (db *DB) InviteUser(ctx context.Context, u *identity.User, ev identity.AuditEvent, invite identity.SecretIssue) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		if err := db.createUser(ctx, tx, u, ev, now); err != nil {
			return err
		}
		if invite.Token != nil {
			if err := insertToken(ctx, tx, invite.Token, now); err != nil {
				return err
			}
		}
		if err := db.insertNotifications(ctx, tx, invite.Notifications, now); err != nil {
			return err
		}
		return db.insertAudit(ctx, tx, invite.Audit, now)
	})
}

func (db *DB) createUser(ctx context.Context, tx *sql.Tx, u *identity.User, ev identity.AuditEvent, now int64) error {
	if err := checkEmailFree(ctx, tx, u.Email, ""); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE account_id = $1 AND name = $2`, u.AccountID, u.Name).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fault.New(fault.Conflict, "user.name_taken", "a user with this name already exists").WithField("name")
	}
	if err := insertUser(ctx, tx, u, now); err != nil {
		return err
	}
	if u.Admin {
		if err := bumpUserGroups(ctx, tx, u.ID, true, u.AccountID, now); err != nil {
			return err
		}
	}
	return db.insertAudit(ctx, tx, ev, now)
}

// FindUserByID returns a user.
func (db *DB) FindUserByID(ctx context.Context, id string) (*identity.User, error) {
	u, err := findUser(ctx, db.lookup, `u.id = $1`, id)
	return u, db.classify(err)
}

// FindUserByName returns a user by account name and user name.
func (db *DB) FindUserByName(ctx context.Context, accountName, userName string) (*identity.User, error) {
	u, err := findUser(ctx, db.lookup, `a.name = $1 AND u.name = $2`, accountName, userName)
	return u, db.classify(err)
}

// FindUserByEmail returns the user bound to an email address.
func (db *DB) FindUserByEmail(ctx context.Context, email string) (*identity.User, error) {
	if email == "" {
		return nil, notFound("user.not_found", "no such user")
	}
	u, err := findUser(ctx, db.lookup, `u.email = $1`, email)
	return u, db.classify(err)
}

func findUser(ctx context.Context, q queryer, where string, args ...any) (*identity.User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+userFrom+` WHERE `+where, args...))
	if err == sql.ErrNoRows {
		return nil, notFound("user.not_found", "no such user")
	}
	return u, err
}

// FindUsers lists an account's users, root first then by name.
func (db *DB) FindUsers(ctx context.Context, f identity.UserFilter) ([]*identity.User, int, error) {
	where, args := `u.account_id = $1`, []any{f.AccountID}
	if f.Name != nil {
		args = append(args, *f.Name)
		where += ` AND u.name = $` + strconv.Itoa(len(args))
	}
	args = append(args, f.Limit, f.Offset)
	rows, err := db.read.QueryContext(ctx, `SELECT `+userColumns+`, COUNT(*) OVER ()`+userFrom+` WHERE `+where+
		` ORDER BY u.is_root DESC, u.name LIMIT $`+strconv.Itoa(len(args)-1)+` OFFSET $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, 0, db.classify(err)
	}
	defer rows.Close()
	var out []*identity.User
	total := 0
	for rows.Next() {
		u, err := scanUser(rows, &total)
		if err != nil {
			return nil, 0, db.classify(err)
		}
		out = append(out, u)
	}
	return out, total, db.classify(rows.Err())
}

// UpdateUser applies w to a user.
func (db *DB) UpdateUser(ctx context.Context, w identity.UserWrite) (*identity.User, error) {
	var out *identity.User
	err := db.update(ctx, func(tx *sql.Tx, now int64) error {
		if err := updateUser(ctx, tx, w.UserID, w.Update, w.RevokeSessions, now); err != nil {
			return err
		}
		if err := db.insertAudit(ctx, tx, w.Audit, now); err != nil {
			return err
		}
		if err := db.insertNotifications(ctx, tx, w.Notifications, now); err != nil {
			return err
		}
		var err error
		out, err = findUser(ctx, tx, `u.id = $1`, w.UserID)
		return err
	})
	return out, err
}

// updateUser is UpdateUser's change, without its audit and notifications,
// inside the caller's transaction. It refuses only what the schema holds
// unique: a name or email another user has.
func updateUser(ctx context.Context, tx *sql.Tx, id string, upd identity.UserUpdate, revokeSessions bool, now int64) error {
	u, err := findUser(ctx, tx, `u.id = $1`, id)
	if err != nil {
		return err
	}
	if upd.Email != nil && *upd.Email != u.Email {
		if err := checkEmailFree(ctx, tx, *upd.Email, id); err != nil {
			return err
		}
	}
	if upd.Name != nil && *upd.Name != u.Name {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE account_id=$1 AND name=$2`, u.AccountID, *upd.Name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fault.New(fault.Conflict, "user.name_taken", "a user with this name already exists").WithField("name")
		}
	}
	wasAdmin := u.IsAdmin()
	applyUserUpdate(u, upd)
	if u.IsAdmin() != wasAdmin {
		// The admin group's members changed: its ETag must too.
		if _, err := tx.ExecContext(ctx, `UPDATE user_groups SET version=version+1, updated_at=$2 WHERE id=$1`,
			identity.AdminGroupID(u.AccountID), now); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET name=$2, display_name=$3, email=$4, email_verified=$5, mobile=$6,
		mobile_verified=$7, locale=$8, theme=$9, is_admin=$10, enabled=$11, password_origin=$12, external_id=$13,
		updated_at=$14 WHERE id=$1`,
		id, u.Name, u.DisplayName, u.Email, u.EmailVerified, u.Mobile, u.MobileVerified, u.Locale, u.Theme, u.Admin,
		u.Enabled, string(u.PasswordOrigin), u.ExternalID, now); err != nil {
		return err
	}
	if revokeSessions {
		return revokeUserSessions(ctx, tx, id, "", now)
	}
	return nil
}

func applyUserUpdate(u *identity.User, upd identity.UserUpdate) {
	setS := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	setB := func(dst *bool, src *bool) {
		if src != nil {
			*dst = *src
		}
	}
	setS(&u.Name, upd.Name)
	setS(&u.DisplayName, upd.DisplayName)
	setS(&u.Email, upd.Email)
	setB(&u.EmailVerified, upd.EmailVerified)
	setS(&u.Mobile, upd.Mobile)
	setB(&u.MobileVerified, upd.MobileVerified)
	setS(&u.Locale, upd.Locale)
	setS(&u.Theme, upd.Theme)
	setB(&u.Admin, upd.Admin)
	setB(&u.Enabled, upd.Enabled)
	if upd.PasswordOrigin != nil {
		u.PasswordOrigin = *upd.PasswordOrigin
	}
	setS(&u.ExternalID, upd.ExternalID)
}

// DeleteUser removes a user; sessions and history go with it (ON DELETE CASCADE).
func (db *DB) DeleteUser(ctx context.Context, id string, ev identity.AuditEvent) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		u, err := findUser(ctx, tx, `u.id = $1`, id)
		if err != nil {
			return err
		}
		if err := bumpUserGroups(ctx, tx, id, u.IsAdmin(), u.AccountID, now); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM users WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("user.not_found", "no such user")
		}
		return db.insertAudit(ctx, tx, ev, now)
	})
}
