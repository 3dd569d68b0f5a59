package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/health"
)

// Ready probes the store for /readyz: a read, a write (an update of the one
// probe row, in a transaction like any other write, so that a full disk, a
// read-only database or a lost writer shows) and the outbox backlog, which
// is reported but never fails readiness: more replicas drain it faster.
func (db *DB) Ready(ctx context.Context) health.Report {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	read := health.Check{Name: "store.read", OK: true, Detail: "ok"}
	if err := db.Ping(ctx); err != nil {
		read = health.Check{Name: "store.read", Detail: fault.CodeOf(err)}
	}
	write := health.Check{Name: "store.write", OK: true, Detail: "ok"}
	err := db.update(ctx, func(tx *sql.Tx, now int64) error {
		_, err := tx.ExecContext(ctx, `UPDATE health_probe SET checked_at = $1 WHERE id = 1`, now)
		return err
	})
	if err != nil {
		write = health.Check{Name: "store.write", Detail: fault.CodeOf(err)}
	}
	backlog := health.Check{Name: "outbox", OK: true}
	var due int
	var oldest sql.NullInt64
	if err := db.read.QueryRowContext(ctx, `SELECT count(*), min(next_attempt_at) FROM (SELECT next_attempt_at FROM outbox
		WHERE status = 'pending' AND next_attempt_at <= $1 LIMIT 10000) d`, micros(db.now())).Scan(&due, &oldest); err != nil {
		backlog.Detail = "unknown: " + fault.CodeOf(db.classify(err))
	} else if due == 0 {
		backlog.Detail = "no notification waiting"
	} else {
		backlog.Detail = fmt.Sprintf("%d due, the oldest due for %v", due, db.now().Sub(fromMicros(oldest.Int64)).Round(time.Second))
	}
	return health.Report{Ready: read.OK && write.OK, Checks: []health.Check{read, write, backlog}}
}
