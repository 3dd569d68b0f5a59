package sqldb

import (
	"context"
	"database/sql"
	"encoding/base64"

	"github.com/watchword/watchword/internal/identity"
)

// Avatars are small (a 256×256 PNG, tens of KiB), so they live in the
// database as base64 text: one schema for both dialects, and every replica
// serves them.

// FindAvatar returns a user's uploaded avatar.
func (db *DB) FindAvatar(ctx context.Context, userID string) (*identity.Avatar, error) {
	var b64 string
	var updated int64
	a := &identity.Avatar{UserID: userID}
	err := db.lookup.QueryRowContext(ctx, `SELECT png, etag, updated_at FROM avatars WHERE user_id = $1`, userID).Scan(&b64, &a.ETag, &updated)
	if err == sql.ErrNoRows {
		return nil, notFound("avatar.not_found", "this user has no avatar")
	}
	if err != nil {
		return nil, db.classify(err)
	}
	if a.PNG, err = base64.StdEncoding.DecodeString(b64); err != nil {
		return nil, db.classify(err)
	}
	a.UpdatedAt = fromMicros(updated)
	return a, nil
}

// SetAvatar stores a user's avatar, replacing any.
func (db *DB) SetAvatar(ctx context.Context, a *identity.Avatar, ev identity.AuditEvent) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		if err := checkUserExists(ctx, tx, a.UserID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO avatars (user_id, png, etag, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (user_id) DO UPDATE SET png = excluded.png, etag = excluded.etag, updated_at = excluded.updated_at`,
			a.UserID, base64.StdEncoding.EncodeToString(a.PNG), a.ETag, micros(a.UpdatedAt)); err != nil {
			return err
		}
		return db.insertAudit(ctx, tx, ev, now)
	})
}

// DeleteAvatar removes a user's avatar.
func (db *DB) DeleteAvatar(ctx context.Context, userID string, ev identity.AuditEvent) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM avatars WHERE user_id = $1`, userID); err != nil {
			return err
		}
		return db.insertAudit(ctx, tx, ev, now)
	})
}
