package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/watchword/watchword/internal/identity"
)

func insertAudit(ctx context.Context, tx *sql.Tx, ev identity.AuditEvent, now int64) error {
	if ev.ID == "" {
		return nil
	}
	detail, _ := json.Marshal(ev.Detail)
	if ev.Detail == nil {
		detail = []byte("{}")
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_events (id, account_id, user_id, actor_id, action, outcome, ip, detail, created_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
		ev.ID, ev.AccountID, ev.UserID, ev.ActorID, ev.Action, ev.Outcome, ev.IP, string(detail), now)
	return err
}

// AddAuditEvent records an event on its own.
func (db *DB) AddAuditEvent(ctx context.Context, ev identity.AuditEvent) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error { return insertAudit(ctx, tx, ev, now) })
}

// FindAuditEvents lists an account's events, newest first.
func (db *DB) FindAuditEvents(ctx context.Context, accountID string, limit int) ([]identity.AuditEvent, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, account_id, user_id, actor_id, action, outcome, ip, detail, created_at
		FROM audit_events WHERE account_id=$1 ORDER BY created_at DESC, id LIMIT $2`, accountID, limit)
	if err != nil {
		return nil, db.classify(err)
	}
	defer rows.Close()
	var out []identity.AuditEvent
	for rows.Next() {
		var ev identity.AuditEvent
		var detail string
		var created int64
		if err := rows.Scan(&ev.ID, &ev.AccountID, &ev.UserID, &ev.ActorID, &ev.Action, &ev.Outcome, &ev.IP, &detail, &created); err != nil {
			return nil, db.classify(err)
		}
		_ = json.Unmarshal([]byte(detail), &ev.Detail)
		ev.CreatedAt = fromMicros(created)
		out = append(out, ev)
	}
	return out, db.classify(rows.Err())
}
