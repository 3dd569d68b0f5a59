// Package postgres opens Watchword's scale-out store: PostgreSQL through
// pgx's database/sql driver, shared by any number of stateless replicas.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/watchword/watchword/internal/store/sqldb"
)

var dialect = sqldb.Dialect{Name: "postgres", SkipLocked: " FOR UPDATE SKIP LOCKED", IsUnique: isUnique}

// Dialect returns PostgreSQL's side of the shared SQL, for tests that build
// a store over pools of their own (the query-plan tests trace every statement).
func Dialect() sqldb.Dialect { return dialect }

func isUnique(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23505"
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
