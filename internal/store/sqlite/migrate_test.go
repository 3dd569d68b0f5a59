package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/watchword/watchword/internal/store/sqlite"
	"github.com/watchword/watchword/internal/store/storetest"
)

func TestMigrations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "watchword.db")
	db, err := sqlite.OpenUnmigrated(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	storetest.RunMigrations(t, "sqlite", db, func(ctx context.Context, q string) error {
		_, err := raw.ExecContext(ctx, q)
		return err
	})
}
