package sqldb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
)

// SetSealer gives the store the keyring that seals the secrets of queued
// notifications (Notification.Secret). Call it once, before the store is
// used. Without it, queuing a notification that carries a secret fails:
// secrets are never written in clear.
func (db *DB) SetSealer(s notify.Sealer) { db.sealer = s }

// insertNotifications queues notifications inside the caller's transaction:
// the transactional outbox. Data is stored as JSON; Secret is sealed for the
// row into the sealed column.
func (db *DB) insertNotifications(ctx context.Context, tx *sql.Tx, notes []notify.Notification, now int64) error {
	for _, n := range notes {
		data, err := json.Marshal(n.Data)
		if err != nil {
			return err
		}
		id := newRowID()
		sealed, err := notify.SealSecrets(db.sealer, id, n.Secret)
		if err != nil {
			return fault.Wrap(err, "notify.seal")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (id, channel, recipient, template, locale, theme, data,
			sealed, account_id, status, attempts, next_attempt_at, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,'pending',0,$10,$10)`,
			id, string(n.Channel), n.To, n.Template, n.Locale, n.Theme, string(data), sealed, n.AccountID, now); err != nil {
			return err
		}
	}
	return nil
}

// Enqueue queues notifications on their own (no accompanying change).
func (db *DB) Enqueue(ctx context.Context, notes []notify.Notification) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error { return db.insertNotifications(ctx, tx, notes, now) })
}

const outboxColumns = `id, channel, recipient, template, locale, theme, data, sealed, account_id, attempts, created_at`

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
			if err := rows.Scan(&m.ID, &channel, &m.To, &m.Template, &m.Locale, &m.Theme, &data, &m.Sealed, &m.AccountID, &m.Attempts, &created); err != nil {
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

// RenewOutbox extends the leases of ids that are still pending.
func (db *DB) RenewOutbox(ctx context.Context, ids []string, lease time.Duration) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		args := []any{now + lease.Microseconds()}
		arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET lease_until = $1 WHERE status = 'pending' AND lease_until > 0 AND `+
			inList("id", ids, arg), args...)
		return err
	})
}

// ReleaseOutbox hands claimed, untried messages back: due now, unleased,
// the claim's attempt taken back.
func (db *DB) ReleaseOutbox(ctx context.Context, ids []string) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		var args []any
		arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET lease_until = 0, attempts = attempts - 1 WHERE status = 'pending'
			AND lease_until > 0 AND attempts > 0 AND `+inList("id", ids, arg), args...)
		return err
	})
}

// ReclaimOutbox clears every lease, for a store only this process uses
// (SQLite) at its start: what a lease still holds was claimed by this
// file's previous process, which crashed, and is due again at once rather
// than after the lease. It returns how many came back. Never call it on a
// database other replicas share.
func (db *DB) ReclaimOutbox(ctx context.Context) (int, error) {
	var n int64
	err := db.update(ctx, func(tx *sql.Tx, now int64) error {
		res, err := tx.ExecContext(ctx, `UPDATE outbox SET lease_until = 0 WHERE status = 'pending' AND lease_until > $1`, now)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// MarkOutboxSent records a delivery and erases the content: a sent row is
// only listed, never rendered again, so it keeps no data and no secret.
func (db *DB) MarkOutboxSent(ctx context.Context, id string) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET status='sent', sent_at=$2, lease_until=0, last_error='',
			data='{}', sealed='' WHERE id=$1`, id, now)
		return err
	})
}

// MarkOutboxFailed records a failed try. A dead row loses its sealed
// secrets, and remembers it had some (secret_erased), so that a retry can
// be refused rather than send a mail without its code or link.
func (db *DB) MarkOutboxFailed(ctx context.Context, id string, retryAt time.Time, lastErr string, dead bool) error {
	if len(lastErr) > 1000 {
		lastErr = lastErr[:1000]
	}
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		if !dead {
			_, err := tx.ExecContext(ctx, `UPDATE outbox SET next_attempt_at=$2, lease_until=0, last_error=$3 WHERE id=$1`,
				id, micros(retryAt), lastErr)
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET status='dead', next_attempt_at=$2, lease_until=0, last_error=$3,
			secret_erased = (secret_erased OR sealed <> ''), sealed='' WHERE id=$1`, id, micros(retryAt), lastErr)
		return err
	})
}

// OutboxEntry is an outbox row as an operator or administrator sees it.
type OutboxEntry = identity.QueuedNotification

// entryColumns are the columns findEntries reads, never the data: it may hold
// a reset link or a code.
const entryColumns = `id, account_id, channel, recipient, template, status, last_error, attempts, created_at, next_attempt_at,
	secret_erased`

// FindOutbox lists the rows of every account with the given status ("" for
// all), newest first: the operator's view.
func (db *DB) FindOutbox(ctx context.Context, status string, limit int) ([]OutboxEntry, error) {
	list, err := findEntries(ctx, db.read, entryFilter{status: status}, limit)
	if err != nil {
		return nil, db.classify(err)
	}
	out := make([]OutboxEntry, len(list))
	for i, e := range list {
		out[i] = *e
	}
	return out, nil
}

// FindNotifications lists one account's rows, newest first.
func (db *DB) FindNotifications(ctx context.Context, accountID string, f identity.NotificationFilter) ([]*identity.QueuedNotification, error) {
	if accountID == "" {
		// '' is the account of unowned rows: never hand those to an account.
		return nil, fault.New(fault.Invalid, "notification.account_required", "an account is required")
	}
	list, err := findEntries(ctx, db.read, entryFilter{accountID: &accountID, status: f.Status}, f.Limit)
	return list, db.classify(err)
}

// RetryNotification makes a dead row of the account pending and due now.
func (db *DB) RetryNotification(ctx context.Context, accountID, id string, ev identity.AuditEvent) (*identity.QueuedNotification, error) {
	var out *identity.QueuedNotification
	err := db.update(ctx, func(tx *sql.Tx, now int64) error {
		var status string
		var erased bool
		err := tx.QueryRowContext(ctx, `SELECT status, secret_erased FROM outbox WHERE id = $1 AND account_id = $2`, id, accountID).
			Scan(&status, &erased)
		switch {
		case errors.Is(err, sql.ErrNoRows) || accountID == "":
			return notFound("notification.not_found", "no such notification")
		case err != nil:
			return err
		case status != identity.NotificationDead:
			return fault.Newf(fault.Conflict, "notification.not_dead", "only a dead notification can be retried; this one is %s", status)
		case erased:
			return fault.New(fault.Conflict, "notification.secret_erased",
				"this notification carried a code or a link, erased when it was given up on; the user must ask for a new one")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $2, lease_until = 0
			WHERE id = $1`, id, now); err != nil {
			return err
		}
		list, err := findEntries(ctx, tx, entryFilter{id: &id}, 1)
		if err != nil {
			return err
		}
		out = list[0]
		return db.insertAudit(ctx, tx, ev, now)
	})
	return out, err
}

// entryFilter selects outbox rows; nil and "" fields select all.
type entryFilter struct {
	id, accountID *string
	status        string
	after         *identity.After // the last row of the page before, if any
}

// findEntries lists the rows f selects, newest first.
func findEntries(ctx context.Context, q queryer, f entryFilter, limit int) ([]*identity.QueuedNotification, error) {
	k := &keyset{}
	if f.id != nil {
		k.and("id = " + k.arg(*f.id))
	}
	if f.accountID != nil {
		k.and("account_id = " + k.arg(*f.accountID))
	}
	if f.status != "" {
		k.and("status = " + k.arg(f.status))
	}
	after, key, id := afterTime(f.after)
	rows, err := q.QueryContext(ctx, `SELECT `+entryColumns+` FROM outbox`+k.tail("created_at", "id", true, after, key, id, limit), k.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*identity.QueuedNotification{}
	for rows.Next() {
		var e identity.QueuedNotification
		var created, next int64
		if err := rows.Scan(&e.ID, &e.AccountID, &e.Channel, &e.To, &e.Template, &e.Status, &e.LastError, &e.Attempts,
			&created, &next, &e.SecretErased); err != nil {
			return nil, err
		}
		e.CreatedAt, e.NextAttemptAt = fromMicros(created), fromMicros(next)
		out = append(out, &e)
	}
	return out, rows.Err()
}

func newRowID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
