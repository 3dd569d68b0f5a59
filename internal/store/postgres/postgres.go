// Package postgres opens Watchword's scale-out store: PostgreSQL through
// pgx's database/sql driver, shared by any number of stateless replicas.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/watchword/watchword/internal/store/sqldb"
)

var dialect = sqldb.Dialect{Name: "postgres", SkipLocked: " FOR UPDATE SKIP LOCKED", IsUnique: isUnique,
	IsUnavailable: isUnavailable, IsBadText: isBadText}

// isUnavailable: the server cannot be reached or cannot serve for now. By
// SQLSTATE class: 08 connection exception, 53 insufficient resources (disk
// full, out of memory, too many connections), 57P01-57P03 shutting down or
// starting, 58 system error (I/O), 25006 read-only transaction (a standby,
// or default_transaction_read_only); and any failure to connect.
func isUnavailable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case strings.HasPrefix(pe.Code, "08"), strings.HasPrefix(pe.Code, "53"), strings.HasPrefix(pe.Code, "58"),
			pe.Code == "57P01", pe.Code == "57P02", pe.Code == "57P03", pe.Code == "25006":
			return true
		}
		return false
	}
	var ce *pgconn.ConnectError
	return errors.As(err, &ce) || pgconn.SafeToRetry(err) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

// Dialect returns PostgreSQL's side of the shared SQL, for tests that build
// a store over pools of their own (the query-plan tests trace every statement).
func Dialect() sqldb.Dialect { return dialect }

func isUnique(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23505"
}

// isBadText: a text parameter holds a NUL character or bytes that are not
// UTF-8 (22021 character_not_in_repertoire), which PostgreSQL refuses even
// in a lookup: the request's input, not the server's failure.
func isBadText(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "22021"
}

// migrationLock is the advisory-lock key that keeps replicas starting at once
// from applying the same migration twice.
const migrationLock = 0x77617463 // "watc"

// Open connects to url (postgres://...) and applies migrations.
func Open(ctx context.Context, url string, now func() time.Time) (*sqldb.DB, error) {
	db, pool, err := open(ctx, url, now)
	if err != nil {
		return nil, err
	}
	conn, err := pool.Conn(ctx)
	if err != nil {
		pool.Close()
		return nil, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: lock: %w", err)
	}
	defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, migrationLock) //nolint:errcheck
	if err := db.Migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return db, nil
}

// OpenUnmigrated connects without applying migrations, for migration tests.
func OpenUnmigrated(ctx context.Context, url string, now func() time.Time) (*sqldb.DB, error) {
	db, _, err := open(ctx, url, now)
	return db, err
}

func open(ctx context.Context, url string, now func() time.Time) (*sqldb.DB, *sql.DB, error) {
	pool, err := sql.Open("pgx", url)
	if err != nil {
		return nil, nil, err
	}
	pool.SetMaxOpenConns(32)
	pool.SetMaxIdleConns(32)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, nil, fmt.Errorf("postgres: %w", err)
	}
	return sqldb.New(pool, pool, dialect, now), pool, nil
}
