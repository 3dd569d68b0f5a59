package sqlite

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
)

// TestIsUnavailable: a read-only file and a lock held past the busy timeout
// are store.unavailable (503, retry later); a constraint violation is not.
func TestIsUnavailable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	rw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer rw.Close()
	rw.SetMaxOpenConns(1)
	if _, err := rw.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	if _, err := rw.Exec(`INSERT INTO t VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	_, err = rw.Exec(`INSERT INTO t VALUES (1)`)
	if err == nil || isUnavailable(err) {
		t.Errorf("duplicate key: %v counted as unavailable", err)
	}

	ro, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	_, err = ro.Exec(`INSERT INTO t VALUES (2)`)
	if err == nil || !isUnavailable(fmt.Errorf("wrapped: %w", err)) {
		t.Errorf("read-only file: %v is not unavailable", err)
	}

	other, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	other.SetMaxOpenConns(1)
	if _, err := rw.Exec(`BEGIN EXCLUSIVE`); err != nil {
		t.Fatal(err)
	}
	defer rw.Exec(`ROLLBACK`) //nolint:errcheck // the lock is released with the connection anyway
	_, err = other.Exec(`INSERT INTO t VALUES (3)`)
	if err == nil || !isUnavailable(err) {
		t.Errorf("locked past the busy timeout: %v is not unavailable", err)
	}
}
