package sqldb

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
)

const accessKeyColumns = `id, user_id, account_id, state, tag, sealed_secret, expires_at, created_at, updated_at`

func scanAccessKey(row interface{ Scan(...any) error }) (*identity.AccessKey, error) {
	var k identity.AccessKey
	var state string
	var expires, created, updated int64
	if err := row.Scan(&k.ID, &k.UserID, &k.AccountID, &state, &k.Tag, &k.SealedSecret, &expires, &created, &updated); err != nil {
		return nil, err
	}
	k.State = identity.AccessKeyState(state)
	k.ExpiresAt, k.CreatedAt, k.UpdatedAt = fromMicros(expires), fromMicros(created), fromMicros(updated)
	return &k, nil
}

func accessKeyNotFound() error { return notFound("access_key.not_found", "no such access key") }

// CreateAccessKey inserts a key unless its user already holds limit keys.
func (db *DB) CreateAccessKey(ctx context.Context, k *identity.AccessKey, limit int, ev identity.AuditEvent, notes []notify.Notification) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		// A no-op write locks the user's row on PostgreSQL, so two concurrent
		// creations cannot both pass the count below; SQLite's single writer
		// already serialises them.
		res, err := tx.ExecContext(ctx, `UPDATE users SET updated_at = updated_at WHERE id = $1`, k.UserID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("user.not_found", "no such user")
		}
		var held int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM access_keys WHERE user_id = $1`, k.UserID).Scan(&held); err != nil {
			return err
		}
		if held >= limit {
			return fault.Newf(fault.Conflict, "access_key.limit_exceeded",
				"a user may hold at most %d access keys; delete one first", limit)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO access_keys (`+accessKeyColumns+`) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$8)`,
			k.ID, k.UserID, k.AccountID, string(k.State), k.Tag, k.SealedSecret, micros(k.ExpiresAt), now); err != nil {
			return err
		}
		if err := db.insertAudit(ctx, tx, ev, now); err != nil {
			return err
		}
		if err := db.insertNotifications(ctx, tx, notes, now); err != nil {
			return err
		}
		k.CreatedAt, k.UpdatedAt = fromMicros(now), fromMicros(now)
		return nil
	})
}

// FindAccessKeyByID returns a key with its sealed secret.
func (db *DB) FindAccessKeyByID(ctx context.Context, id string) (*identity.AccessKey, error) {
	k, err := findAccessKey(ctx, db.read, id)
	return k, db.classify(err)
}

func findAccessKey(ctx context.Context, q queryer, id string) (*identity.AccessKey, error) {
	k, err := scanAccessKey(q.QueryRowContext(ctx, `SELECT `+accessKeyColumns+` FROM access_keys WHERE id = $1`, id))
	if err == sql.ErrNoRows {
		return nil, accessKeyNotFound()
	}
	return k, err
}

// FindAccessKeys lists the keys matching f, oldest first.
func (db *DB) FindAccessKeys(ctx context.Context, f identity.AccessKeyFilter) ([]*identity.AccessKey, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.UserID != "" {
		where = append(where, `user_id = `+arg(f.UserID))
	}
	if f.IDs != nil {
		where = append(where, inList("id", f.IDs, arg))
	}
	if f.States != nil {
		states := make([]string, len(f.States))
		for i, s := range f.States {
			states[i] = string(s)
		}
		where = append(where, inList("state", states, arg))
	}
	if f.Tag != nil {
		where = append(where, `tag = `+arg(*f.Tag))
	}
	q := `SELECT ` + accessKeyColumns + ` FROM access_keys`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	rows, err := db.read.QueryContext(ctx, q+` ORDER BY created_at, id`, args...)
	if err != nil {
		return nil, db.classify(err)
	}
	defer rows.Close()
	out := []*identity.AccessKey{}
	for rows.Next() {
		k, err := scanAccessKey(rows)
		if err != nil {
			return nil, db.classify(err)
		}
		out = append(out, k)
	}
	return out, db.classify(rows.Err())
}

// inList builds "col IN ($i, ...)"; an empty list matches nothing.
func inList(col string, values []string, arg func(any) string) string {
	if len(values) == 0 {
		return `1 = 0`
	}
	marks := make([]string, len(values))
	for i, v := range values {
		marks[i] = arg(v)
	}
	return col + ` IN (` + strings.Join(marks, ", ") + `)`
}

// UpdateAccessKey applies upd to a key.
func (db *DB) UpdateAccessKey(ctx context.Context, id string, upd identity.AccessKeyUpdate, ev identity.AuditEvent) (*identity.AccessKey, error) {
	var out *identity.AccessKey
	err := db.update(ctx, func(tx *sql.Tx, now int64) error {
		k, err := findAccessKey(ctx, tx, id)
		if err != nil {
			return err
		}
		if upd.State != nil {
			k.State = *upd.State
		}
		if upd.ExpiresAt != nil {
			k.ExpiresAt = *upd.ExpiresAt
		}
		if upd.Tag != nil {
			k.Tag = *upd.Tag
		}
		if _, err := tx.ExecContext(ctx, `UPDATE access_keys SET state = $2, expires_at = $3, tag = $4, updated_at = $5 WHERE id = $1`,
			id, string(k.State), micros(k.ExpiresAt), k.Tag, now); err != nil {
			return err
		}
		if err := db.insertAudit(ctx, tx, ev, now); err != nil {
			return err
		}
		out, err = findAccessKey(ctx, tx, id)
		return err
	})
	return out, err
}

// DeleteAccessKey removes a key.
func (db *DB) DeleteAccessKey(ctx context.Context, id string, ev identity.AuditEvent) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM access_keys WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return accessKeyNotFound()
		}
		return db.insertAudit(ctx, tx, ev, now)
	})
}
