package sqldb

import (
	"context"
	"database/sql"

	"github.com/watchword/watchword/internal/identity"
)

// SetTokenScope records the scope and audit chain of a session.
func (db *DB) SetTokenScope(ctx context.Context, sessionID string, m identity.TokenMeta) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions WHERE id=$1`, sessionID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return notFound("session.not_found", "no such session")
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO token_scopes (session_id, scope, chain_id) VALUES ($1,$2,$3)
			ON CONFLICT (session_id) DO UPDATE SET scope = excluded.scope, chain_id = excluded.chain_id`,
			sessionID, string(m.Scope), m.ChainID)
		return err
	})
}

// FindTokenScope returns the scope and audit chain of a session; the zero
// TokenMeta (unscoped, no chain) when none was recorded.
func (db *DB) FindTokenScope(ctx context.Context, sessionID string) (identity.TokenMeta, error) {
	var scope, chain string
	err := db.read.QueryRowContext(ctx, `SELECT scope, chain_id FROM token_scopes WHERE session_id=$1`, sessionID).Scan(&scope, &chain)
	if err == sql.ErrNoRows {
		return identity.TokenMeta{}, nil
	}
	return identity.TokenMeta{Scope: identity.TokenScope(scope), ChainID: chain}, db.classify(err)
}
