package sqldb

import (
	"context"
	"database/sql"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

const clientColumns = `id, account_id, name, secret_hash, created_at`

func scanClient(row interface{ Scan(...any) error }) (*identity.APIClient, error) {
	var c identity.APIClient
	var created int64
	if err := row.Scan(&c.ID, &c.AccountID, &c.Name, &c.SecretHash, &created); err != nil {
		return nil, err
	}
	c.CreatedAt = fromMicros(created)
	return &c, nil
}

// CreateAPIClient stores an API client.
func (db *DB) CreateAPIClient(ctx context.Context, c *identity.APIClient, ev identity.AuditEvent) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM api_clients WHERE account_id=$1 AND name=$2`, c.AccountID, c.Name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fault.New(fault.Conflict, "client.name_taken", "an API client with this name already exists").WithField("name")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO api_clients (`+clientColumns+`) VALUES ($1,$2,$3,$4,$5)`,
			c.ID, c.AccountID, c.Name, c.SecretHash, now); err != nil {
			return err
		}
		return db.insertAudit(ctx, tx, ev, now)
	})
}

// FindAPIClientByID returns an API client.
func (db *DB) FindAPIClientByID(ctx context.Context, id string) (*identity.APIClient, error) {
	c, err := scanClient(db.lookup.QueryRowContext(ctx, `SELECT `+clientColumns+` FROM api_clients WHERE id=$1`, id))
	if err == sql.ErrNoRows {
		return nil, notFound("client.not_found", "no such API client")
	}
	return c, db.classify(err)
}

// DeleteAPIClient removes a client; its sessions go with it (ON DELETE CASCADE).
func (db *DB) DeleteAPIClient(ctx context.Context, id string, ev identity.AuditEvent) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM api_clients WHERE id=$1`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("client.not_found", "no such API client")
		}
		return db.insertAudit(ctx, tx, ev, now)
	})
}
