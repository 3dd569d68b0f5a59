// Package sqlite opens Watchword's embedded default store: a SQLite file in
// WAL mode through the pure-Go modernc.org/sqlite driver.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"time"

	"github.com/watchword/watchword/internal/store/sqldb"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Dialect is SQLite's side of the shared SQL.
var dialect = sqldb.Dialect{Name: "sqlite", IsUnique: isUnique, IsUnavailable: isUnavailable}

// Dialect returns SQLite's side of the shared SQL, for tests that build a
// store over pools of their own (the query-plan tests trace every statement).
func Dialect() sqldb.Dialect { return dialect }

func isUnique(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

// isUnavailable: the file cannot be written or read for now (disk full,
// read-only file or mount, I/O error, locked past the busy timeout, out of
// memory), by primary result code.
func isUnavailable(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code() & 0xff {
	case sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_BUSY,
		sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_NOMEM, sqlite3.SQLITE_CANTOPEN:
		return true
	}
	return false
}

// Open opens (creating if needed) the database file at path and applies migrations.
//
// Writes go through a single connection whose transactions start with BEGIN
// IMMEDIATE: writers queue in Go's pool rather than racing for SQLite's lock
// and failing on busy timeouts. Reads use a separate pool, which WAL lets run
// alongside the writer.
func Open(ctx context.Context, path string, now func() time.Time) (*sqldb.DB, error) {
	db, err := OpenUnmigrated(path, now)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	return db, nil
}

// OpenUnmigrated opens the database without applying migrations, for
// migration tests that load data between steps.
func OpenUnmigrated(path string, now func() time.Time) (*sqldb.DB, error) {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	dsn := "file:" + path + "?" + q.Encode()
	write, err := sql.Open("sqlite", dsn+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	read, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, err
	}
	n := max(4, 2*runtime.GOMAXPROCS(0))
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	return sqldb.New(write, read, dialect, now), nil
}
