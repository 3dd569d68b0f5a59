package sqldb

import (
	"context"
	"database/sql"
)

// KeyringCanaries returns the recorded keyring canaries by key ID.
func (db *DB) KeyringCanaries(ctx context.Context) (map[string]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT key_id, sealed FROM keyring_canaries`)
	if err != nil {
		return nil, db.classify(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, sealed string
		if err := rows.Scan(&id, &sealed); err != nil {
			return nil, db.classify(err)
		}
		out[id] = sealed
	}
	return out, db.classify(rows.Err())
}

// AddKeyringCanary records the canary of a key unless one is recorded
// already: of two replicas racing to record theirs, the first one wins and
// the other then finds a canary its key may not open.
func (db *DB) AddKeyringCanary(ctx context.Context, keyID, sealed string) error {
	return db.update(ctx, func(tx *sql.Tx, _ int64) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO keyring_canaries (key_id, sealed) VALUES ($1, $2) ON CONFLICT (key_id) DO NOTHING`, keyID, sealed)
		return err
	})
}
