// Package storetest holds the store conformance suite, run against SQLite and
// PostgreSQL alike, and helpers that open a fresh store of either dialect.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, to create databases
	"github.com/watchword/watchword/internal/store/postgres"
	"github.com/watchword/watchword/internal/store/sqldb"
	"github.com/watchword/watchword/internal/store/sqlite"
)

// PostgresEnv names the variable holding the throwaway cluster's URL, set by scripts/test.
const PostgresEnv = "WATCHWORD_TEST_POSTGRES_URL"

// Opener opens a fresh, migrated store for one test.
type Opener func(tb testing.TB, now func() time.Time) *sqldb.DB

// Dialects returns an opener per dialect, so a test can run against both.
// Under -short it returns SQLite only: the short lane needs no PostgreSQL.
func Dialects() map[string]Opener {
	if testing.Short() {
		return map[string]Opener{"sqlite": MustOpenSQLite}
	}
	return map[string]Opener{"sqlite": MustOpenSQLite, "postgres": MustOpenPostgres}
}

// MustOpenSQLite opens a store on a new SQLite file in a temp dir.
func MustOpenSQLite(tb testing.TB, now func() time.Time) *sqldb.DB {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "watchword.db"), now)
	if err != nil {
		tb.Fatalf("open sqlite: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// MustPostgresURL creates a fresh database on the throwaway cluster and
// returns its URL. It fails (never skips) when the cluster is not configured:
// run the suite through scripts/test. Only -short skips it, on purpose.
func MustPostgresURL(tb testing.TB) string {
	tb.Helper()
	if testing.Short() {
		tb.Skip("needs PostgreSQL; the -short lane leaves it out (./scripts/test runs it)")
	}
	base := os.Getenv(PostgresEnv)
	if base == "" {
		tb.Fatalf("%s is not set: run the tests with ./scripts/test, which starts a throwaway PostgreSQL", PostgresEnv)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "ww_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		tb.Fatalf("create database: %v", err)
	}
	tb.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err == nil {
			_, _ = a.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
			a.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// MustOpenPostgres opens a store on a fresh database of the throwaway cluster.
func MustOpenPostgres(tb testing.TB, now func() time.Time) *sqldb.DB {
	tb.Helper()
	db, err := postgres.Open(context.Background(), MustPostgresURL(tb), now)
	if err != nil {
		tb.Fatalf("open postgres: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}
