package sqldb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/watchword/watchword/internal/notify"
)

// insertNotifications queues notifications inside the caller's transaction:
// the transactional outbox.
func insertNotifications(ctx context.Context, tx *sql.Tx, notes []notify.Notification, now int64) error {
	for _, n := range notes {
		data, err := json.Marshal(n.Data)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (id, channel, recipient, template, locale, theme, data,
			status, attempts, next_attempt_at, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,'pending',0,$8,$8)`,
			newRowID(), string(n.Channel), n.To, n.Template, n.Locale, n.Theme, string(data), now); err != nil {
			return err
		}
	}
	return nil
}

// Enqueue queues notifications on their own (no accompanying change).
func (db *DB) Enqueue(ctx context.Context, notes []notify.Notification) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error { return insertNotifications(ctx, tx, notes, now) })
}

const outboxColumns = `id, channel, recipient, template, locale, theme, data, attempts, created_at`

// ClaimOutbox leases due messages. On PostgreSQL, SKIP LOCKED lets replicas
// claim disjoint batches without waiting on each other.
func (db *DB) ClaimOutbox(ctx context.Context, limit int, lease time.Duration) ([]notify.Message, error) {
	// Workers poll; look on the read pool first so an idle poll costs no write.
	var due int
	now := micros(db.now())
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM outbox WHERE status = 'pending'
		AND next_attempt_at <= $1 AND lease_until <= $1 LIMIT 1) d`, now).Scan(&due); err != nil || due == 0 {
		return nil, db.classify(err)
	}
	var out []notify.Message
	err := db.update(ctx, func(tx *sql.Tx, now int64) error {
		rows, err := tx.QueryContext(ctx, `UPDATE outbox SET lease_until = $1 + $3, attempts = attempts + 1
			WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1 AND lease_until <= $1
			ORDER BY next_attempt_at, id LIMIT $2`+db.dialect.SkipLocked+`)
			RETURNING `+outboxColumns, now, limit, lease.Microseconds())
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m notify.Message
			var channel, data string
			var created int64
			if err := rows.Scan(&m.ID, &channel, &m.To, &m.Template, &m.Locale, &m.Theme, &data, &m.Attempts, &created); err != nil {
				return err
			}
			m.Channel, m.CreatedAt = notify.Channel(channel), fromMicros(created)
			if err := json.Unmarshal([]byte(data), &m.Data); err != nil {
				return err
			}
			out = append(out, m)
		}
		return rows.Err()
	})
	return out, err
}

// MarkOutboxSent records a delivery.
func (db *DB) MarkOutboxSent(ctx context.Context, id string) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET status='sent', sent_at=$2, lease_until=0, last_error='' WHERE id=$1`, id, now)
		return err
	})
}

// MarkOutboxFailed records a failed try.
func (db *DB) MarkOutboxFailed(ctx context.Context, id string, retryAt time.Time, lastErr string, dead bool) error {
	status := "pending"
	if dead {
		status = "dead"
	}
	if len(lastErr) > 1000 {
		lastErr = lastErr[:1000]
	}
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET status=$2, next_attempt_at=$3, lease_until=0, last_error=$4 WHERE id=$1`,
			id, status, micros(retryAt), lastErr)
		return err
	})
}

// OutboxEntry is an outbox row as an administrator sees it.
type OutboxEntry struct {
	ID, Channel, To, Template, Status, LastError string
	Attempts                                     int
	CreatedAt, NextAttemptAt                     time.Time
}

// FindOutbox lists outbox rows with the given status ("" for all), newest first.
func (db *DB) FindOutbox(ctx context.Context, status string, limit int) ([]OutboxEntry, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, channel, recipient, template, status, last_error, attempts, created_at,
		next_attempt_at FROM outbox WHERE ($1 = '' OR status = $1) ORDER BY created_at DESC, id LIMIT $2`, status, limit)
	if err != nil {
		return nil, db.classify(err)
	}
	defer rows.Close()
	var out []OutboxEntry
	for rows.Next() {
		var e OutboxEntry
		var created, next int64
		if err := rows.Scan(&e.ID, &e.Channel, &e.To, &e.Template, &e.Status, &e.LastError, &e.Attempts, &created, &next); err != nil {
			return nil, db.classify(err)
		}
		e.CreatedAt, e.NextAttemptAt = fromMicros(created), fromMicros(next)
		out = append(out, e)
	}
	return out, db.classify(rows.Err())
}

func newRowID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
