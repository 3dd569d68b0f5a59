package sqldb

import (
	"context"
	"database/sql"
	"fmt"
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

// SealedValue is one value of the store sealed with the keyring: its kind
// (which table and column), the row it belongs to, and the sealed text.
type SealedValue struct {
	Kind   string // "access_key", "mfa_secret", "mfa_uri" or "outbox"
	ID     string // the access key's ID, the MFA device's user ID, the outbox row's ID
	Sealed string
}

// sealedColumns says where each kind of sealed value lives.
var sealedColumns = []struct{ kind, table, key, column string }{
	{"access_key", "access_keys", "id", "sealed_secret"},
	{"mfa_secret", "mfa_devices", "user_id", "sealed_secret"},
	{"mfa_uri", "mfa_devices", "user_id", "sealed_uri"},
	{"outbox", "outbox", "id", "sealed"},
}

// SealedValues lists the sealed values not sealed with the key keyID, for
// a keyring rotation (empty columns hold nothing sealed).
func (db *DB) SealedValues(ctx context.Context, keyID string) ([]SealedValue, error) {
	var out []SealedValue
	prefix := "v1." + keyID + "."
	for _, c := range sealedColumns {
		rows, err := db.read.QueryContext(ctx, `SELECT `+c.key+`, `+c.column+` FROM `+c.table+
			` WHERE `+c.column+` <> '' AND substr(`+c.column+`, 1, $2) <> $1`, prefix, len(prefix))
		if err != nil {
			return nil, db.classify(err)
		}
		for rows.Next() {
			v := SealedValue{Kind: c.kind}
			if err := rows.Scan(&v.ID, &v.Sealed); err != nil {
				rows.Close()
				return nil, db.classify(err)
			}
			out = append(out, v)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, db.classify(err)
		}
	}
	return out, nil
}

// ReplaceSealed swaps v's sealed text for resealed unless the row changed
// since it was read (a secret erased after a delivery, a device replaced):
// it reports whether it did.
func (db *DB) ReplaceSealed(ctx context.Context, v SealedValue, resealed string) (bool, error) {
	for _, c := range sealedColumns {
		if c.kind != v.Kind {
			continue
		}
		var n int64
		err := db.update(ctx, func(tx *sql.Tx, _ int64) error {
			res, err := tx.ExecContext(ctx, `UPDATE `+c.table+` SET `+c.column+` = $1 WHERE `+c.key+` = $2 AND `+c.column+` = $3`,
				resealed, v.ID, v.Sealed)
			if err != nil {
				return err
			}
			n, err = res.RowsAffected()
			return err
		})
		return n == 1, err
	}
	return false, fmt.Errorf("sqldb: no sealed value of kind %q", v.Kind)
}
