package sqldb

import (
	"context"
	"database/sql"

	"github.com/watchword/watchword/internal/identity"
)

// SetTokenScope records the scope of a session.
func (db *DB) SetTokenScope(ctx context.Context, sessionID string, scope identity.TokenScope) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions WHERE id=$1`, sessionID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return notFound("session.not_found", "no such session")
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO token_scopes (session_id, scope) VALUES ($1,$2)
			ON CONFLICT (session_id) DO UPDATE SET scope = excluded.scope`, sessionID, string(scope))
		return err
	})
}

// FindTokenScope returns the scope of a session, ScopeNone when none was recorded.
func (db *DB) FindTokenScope(ctx context.Context, sessionID string) (identity.TokenScope, error) {
	var scope string
	err := db.read.QueryRowContext(ctx, `SELECT scope FROM token_scopes WHERE session_id=$1`, sessionID).Scan(&scope)
	if err == sql.ErrNoRows {
		return identity.ScopeNone, nil
	}
	return identity.TokenScope(scope), db.classify(err)
}
