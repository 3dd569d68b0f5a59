package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"github.com/watchword/watchword/internal/identity"
)

// insertAudit writes ev in tx, and remembers it for the audit hook, which
// hears of it once tx commits (never when it rolls back).
func (db *DB) insertAudit(ctx context.Context, tx *sql.Tx, ev identity.AuditEvent, now int64) error {
	if ev.ID == "" {
		return nil
	}
	if db.onAudit != nil {
		if ev.CreatedAt.IsZero() {
			ev.CreatedAt = fromMicros(now)
		}
		db.auditMu.Lock()
		db.pendingAudit[tx] = append(db.pendingAudit[tx], ev)
		db.auditMu.Unlock()
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
	return db.update(ctx, func(tx *sql.Tx, now int64) error { return db.insertAudit(ctx, tx, ev, now) })
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

// OnAudit sets the function told of every audit event once its transaction
// has committed: the server logs each one as a structured line. Set it
// before serving; nil turns it off.
func (db *DB) OnAudit(fn func(identity.AuditEvent)) {
	db.auditMu.Lock()
	defer db.auditMu.Unlock()
	db.onAudit = fn
	if db.pendingAudit == nil {
		db.pendingAudit = map[*sql.Tx][]identity.AuditEvent{}
	}
}

// settleAudit hands tx's audit events to the hook when it committed, and
// forgets them either way.
func (db *DB) settleAudit(tx *sql.Tx, committed bool) {
	if db.onAudit == nil {
		return
	}
	db.auditMu.Lock()
	evs := db.pendingAudit[tx]
	delete(db.pendingAudit, tx)
	fn := db.onAudit
	db.auditMu.Unlock()
	if committed {
		for _, ev := range evs {
			fn(ev)
		}
	}
}

// FindAuditPage lists an account's events matching f, newest first, a
// keyset page at a time.
func (db *DB) FindAuditPage(ctx context.Context, accountID string, f identity.AuditFilter, limit int, a *identity.After) ([]identity.AuditEvent, error) {
	k := &keyset{}
	k.and("account_id = " + k.arg(accountID))
	if f.UserID != "" {
		k.and("user_id = " + k.arg(f.UserID))
	}
	if prefix, family := strings.CutSuffix(f.Action, "."); family && prefix != "" {
		k.and("substr(action, 1, " + k.arg(len(f.Action)) + ") = " + k.arg(f.Action))
	} else if f.Action != "" {
		k.and("action = " + k.arg(f.Action))
	}
	if f.Outcome != "" {
		k.and("outcome = " + k.arg(f.Outcome))
	}
	if !f.Since.IsZero() {
		k.and("created_at >= " + k.arg(micros(f.Since)))
	}
	if !f.Before.IsZero() {
		k.and("created_at < " + k.arg(micros(f.Before)))
	}
	after, key, id := afterTime(a)
	q := `SELECT id, account_id, user_id, actor_id, action, outcome, ip, detail, created_at FROM audit_events` +
		k.tail("created_at", "id", true, after, key, id, limit)
	return collect(ctx, db, q, k.args, scanAudit)
}

func scanAudit(r interface{ Scan(...any) error }) (identity.AuditEvent, error) {
	var ev identity.AuditEvent
	var detail string
	var created int64
	if err := r.Scan(&ev.ID, &ev.AccountID, &ev.UserID, &ev.ActorID, &ev.Action, &ev.Outcome, &ev.IP, &detail, &created); err != nil {
		return ev, err
	}
	_ = json.Unmarshal([]byte(detail), &ev.Detail)
	ev.CreatedAt = fromMicros(created)
	return ev, nil
}
