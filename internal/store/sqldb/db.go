// Package sqldb is Watchword's SQL store, written once in plain SQL that both
// SQLite and PostgreSQL accept ($N placeholders, BIGINT microsecond times,
// BOOLEAN, ON CONFLICT, RETURNING). The sqlite and postgres packages open the
// connections and supply the few dialect differences.
package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/store/migrations"
)

// Dialect is what differs between the two databases.
type Dialect struct {
	Name string // "sqlite" or "postgres"
	// SkipLocked is appended to queue claims: " FOR UPDATE SKIP LOCKED" on
	// PostgreSQL; empty on SQLite, whose single writer already serialises them.
	SkipLocked string
	// IsUnique reports whether err is a unique or primary-key violation,
	// by driver error code.
	IsUnique func(error) bool
	// IsUnavailable reports whether err says the database cannot serve
	// for now (disk full, read-only, connection lost or refused, shutting
	// down, out of resources), by driver error code: what a retry later may
	// cure, as opposed to a bug.
	IsUnavailable func(error) bool
	// IsBadText reports whether err refuses a text parameter the database
	// cannot hold (PostgreSQL: a NUL character, bytes that are not UTF-8),
	// which a request can carry in any identifier; nil when it holds all.
	IsBadText func(error) bool
}

// DB is the store. Writes go through write (one connection on SQLite, so
// writers queue in Go instead of failing on SQLITE_BUSY); reads through read.
type DB struct {
	write   *sql.DB
	read    *sql.DB
	dialect Dialect
	now     func() time.Time
	// lookup runs the per-request lookups on read through prepared statements.
	lookup *stmtCache
	// sealer seals the secrets of queued notifications; see SetSealer.
	sealer notify.Sealer
	// onAudit hears of committed audit events (OnAudit); pendingAudit
	// holds each open transaction's until it ends.
	auditMu      sync.Mutex
	onAudit      func(identity.AuditEvent)
	pendingAudit map[*sql.Tx][]identity.AuditEvent
	// onError hears each driver error classify turns into a fault; see
	// SetErrorObserver.
	onError func(kind string)
}

// New returns a store over open connection pools.
func New(write, read *sql.DB, d Dialect, now func() time.Time) *DB {
	if now == nil {
		now = time.Now
	}
	return &DB{write: write, read: read, dialect: d, now: now, lookup: newStmtCache(read, d.Name == "sqlite")}
}

// Dialect returns the store's dialect name.
func (db *DB) Dialect() string { return db.dialect.Name }

// Close closes both pools.
func (db *DB) Close() error {
	err := errors.Join(db.lookup.close(), db.write.Close())
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Ping reports whether the database answers.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	if err := db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return Unavailable(err)
	}
	return nil
}

// Migrate applies every migration not yet recorded, each in its own transaction.
func (db *DB) Migrate(ctx context.Context) error { return db.MigrateUpTo(ctx, "") }

// MigrateUpTo applies pending migrations up to and including the one named
// last ("" for all); migration tests use it to load data at each step.
func (db *DB) MigrateUpTo(ctx context.Context, last string) error {
	if _, err := db.write.ExecContext(ctx,
		`CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	list, err := migrations.For(db.dialect.Name)
	if err != nil {
		return err
	}
	for _, m := range list {
		if last != "" && m.Name > last {
			break
		}
		err := db.update(ctx, func(tx *sql.Tx, now int64) error {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE name = $1`, m.Name).Scan(&n); err != nil || n > 0 {
				return err
			}
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return fmt.Errorf("migration %s: %w", m.Name, err)
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)`, m.Name, now)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// AppliedMigrations lists the migrations recorded in schema_migrations, in
// order: what a restore checks to know a file is a Watchword database, and
// one this binary knows every step of.
// Errors: NotFound (store.not_watchword) when the table is missing.
func (db *DB) AppliedMigrations(ctx context.Context) ([]string, error) {
	exists := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`
	if db.dialect.Name == "postgres" {
		exists = `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations'`
	}
	var n int
	if err := db.read.QueryRowContext(ctx, exists).Scan(&n); err != nil {
		return nil, db.classify(err)
	}
	if n == 0 {
		return nil, fault.New(fault.NotFound, "store.not_watchword", "no schema_migrations table: not a Watchword database")
	}
	rows, err := db.read.QueryContext(ctx, `SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		return nil, db.classify(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, db.classify(err)
		}
		names = append(names, name)
	}
	return names, db.classify(rows.Err())
}

// update runs fn in a write transaction stamped with one "now".
func (db *DB) update(ctx context.Context, fn func(tx *sql.Tx, now int64) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return db.classify(err)
	}
	committed := false
	defer func() {
		if !committed {
			_ = tx.Rollback()
		}
		db.settleAudit(tx, committed)
	}()
	if err := fn(tx, micros(db.now())); err != nil {
		return db.classify(err)
	}
	if err := tx.Commit(); err != nil {
		return db.classify(err)
	}
	committed = true
	return nil
}

// The kinds SetErrorObserver's function receives.
const (
	ErrorUnavailable = "unavailable" // the database cannot serve for now (store.unavailable, store.timeout)
	ErrorConflict    = "conflict"    // a unique or primary-key violation
	ErrorOther       = "other"       // anything else: a bug or a schema mismatch (store.error)
)

// SetErrorObserver makes the store report each driver error it classifies
// (a missing row is an answer, not an error, and a client that hung up is
// not the store's failure), for metrics. Call it once, before the store is
// used.
func (db *DB) SetErrorObserver(fn func(kind string)) { db.onError = fn }

// classify turns driver errors into faults by code, never by message text.
// A fault (an error already classified) passes unchanged and uncounted.
func (db *DB) classify(err error) error {
	var fe *fault.Error
	if err == nil || errors.As(err, &fe) {
		return err
	}
	out := db.classifyErr(err)
	if db.onError != nil && !errors.Is(err, sql.ErrNoRows) && !errors.Is(err, context.Canceled) {
		switch fault.KindOf(out) {
		case fault.Invalid: // the request's text, not the store's failure
		case fault.Unavailable:
			db.onError(ErrorUnavailable)
		case fault.Conflict:
			db.onError(ErrorConflict)
		default:
			db.onError(ErrorOther)
		}
	}
	return out
}

func (db *DB) classifyErr(err error) error {
	var fe *fault.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &fe):
		return err
	case errors.Is(err, sql.ErrNoRows):
		return &fault.Error{Kind: fault.NotFound, Code: "not_found", Message: "not found", Err: err}
	case db.dialect.IsUnique != nil && db.dialect.IsUnique(err):
		return &fault.Error{Kind: fault.Conflict, Code: "conflict", Message: "already exists", Err: err}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return &fault.Error{Kind: fault.Unavailable, Code: "store.timeout", Message: "the request was cancelled", Err: err}
	case errors.Is(err, driver.ErrBadConn) || isNetError(err) || (db.dialect.IsUnavailable != nil && db.dialect.IsUnavailable(err)):
		return Unavailable(err)
	case db.dialect.IsBadText != nil && db.dialect.IsBadText(err):
		// The caller's input: no row can hold such text, so the answer is
		// the same whether anything else exists or not.
		return &fault.Error{Kind: fault.Invalid, Code: "validation.text",
			Message: "text must be UTF-8 without NUL characters", Err: err}
	}
	return fault.Wrap(err, "store.error")
}

// StoreRetryAfter is the wait an unavailable store asks clients for.
const StoreRetryAfter = 5 * time.Second

// Unavailable is the fault of a store that cannot serve for now: every face
// answers it 503 with Retry-After, in its own error format, and it clears
// without a restart once the database is back.
func Unavailable(err error) *fault.Error {
	return &fault.Error{Kind: fault.Unavailable, Code: "store.unavailable",
		Message: "the data store is unavailable; retry shortly", RetryAfter: StoreRetryAfter, Err: err}
}

// isNetError reports a network failure between the server and its database.
func isNetError(err error) bool {
	var ne net.Error
	return errors.As(err, &ne)
}

// notFound builds the NotFound fault for an entity.
func notFound(code, msg string) error { return fault.New(fault.NotFound, code, msg) }

// queryer is what both *sql.DB and *sql.Tx offer for reads.
type queryer interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

func fromMicros(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMicro(v).UTC()
}

// The store implements the core's interfaces.
var (
	_ identity.Store = (*DB)(nil)
	_ notify.Outbox  = (*DB)(nil)
)
