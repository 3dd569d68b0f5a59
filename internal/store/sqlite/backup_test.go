package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/store/sqldb"
	"github.com/watchword/watchword/internal/store/sqlite"
)

// mustStore opens a migrated database file in a new directory.
func mustStore(t *testing.T) (*sqldb.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "watchword.db")
	db, err := sqlite.Open(context.Background(), path, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func acceptAll(*sqldb.DB) error { return nil }

// files lists a directory's entries.
func files(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// TestBackupWhileWriting: a backup taken while another connection holds a
// write transaction open is a consistent copy of what was committed before
// it (not the pending write), of mode 0600, and leaves no partial file; an
// existing file is never overwritten.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	db, path := mustStore(t)
	if err := db.AddKeyringCanary(ctx, "k1", "committed"); err != nil {
		t.Fatal(err)
	}
	// A writer of its own, in the middle of a transaction, as a running
	// server's would be.
	w, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	tx, err := w.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`INSERT INTO keyring_canaries (key_id, sealed) VALUES ('k2', 'pending')`); err != nil {
		t.Fatal(err)
	}

	outDir := t.TempDir()
	out := filepath.Join(outDir, "backup.db")
	if err := sqlite.Backup(ctx, path, out, acceptAll); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v, want 0600", info.Mode().Perm())
	}
	if got := files(t, outDir); !slices.Equal(got, []string{"backup.db"}) {
		t.Errorf("files beside the backup: %v", got)
	}
	copyDB, err := sqlite.OpenUnmigrated(out, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	canaries, err := copyDB.KeyringCanaries(ctx)
	copyDB.Close()
	if err != nil || len(canaries) != 1 || canaries["k1"] != "committed" {
		t.Errorf("backup holds %v %v, want the committed canary only", canaries, err)
	}

	t.Run("ErrRefused", func(t *testing.T) {
		dir := t.TempDir()
		refused := errors.New("refused")
		err := sqlite.Backup(ctx, path, filepath.Join(dir, "b.db"), func(*sqldb.DB) error { return refused })
		if !errors.Is(err, refused) {
			t.Fatalf("got %v", err)
		}
		if got := files(t, dir); len(got) != 0 {
			t.Errorf("files after a refused backup: %v", got)
		}
	})
	t.Run("ErrExists", func(t *testing.T) {
		if err := os.WriteFile(out+".2", []byte("precious"), 0o600); err != nil {
			t.Fatal(err)
		}
		err := sqlite.Backup(ctx, path, out+".2", acceptAll)
		if !errors.Is(err, fs.ErrExist) {
			t.Fatalf("got %v, want ErrExist", err)
		}
		if b, _ := os.ReadFile(out + ".2"); string(b) != "precious" {
			t.Errorf("existing file overwritten: %q", b)
		}
	})
	t.Run("ErrNoDatabase", func(t *testing.T) {
		err := sqlite.Backup(ctx, filepath.Join(t.TempDir(), "none.db"), out+".3", acceptAll)
		if !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("got %v, want ErrNotExist", err)
		}
	})
}

// TestRestore: a backup goes into place only when it checks and accept
// takes it; otherwise nothing is left where the database would be.
func TestRestore(t *testing.T) {
	ctx := context.Background()
	db, path := mustStore(t)
	if err := db.AddKeyringCanary(ctx, "k1", "sealed"); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := sqlite.Backup(ctx, path, backup, acceptAll); err != nil {
		t.Fatal(err)
	}

	t.Run("OK", func(t *testing.T) {
		dir := t.TempDir()
		target := filepath.Join(dir, "watchword.db")
		var applied []string
		err := sqlite.Restore(ctx, backup, target, func(db *sqldb.DB) (err error) {
			applied, err = db.AppliedMigrations(ctx)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) == 0 || applied[0] != "0001_core" {
			t.Errorf("applied migrations: %v", applied)
		}
		if got := files(t, dir); !slices.Equal(got, []string{"watchword.db"}) {
			t.Errorf("files after restore: %v", got)
		}
		if info, err := os.Stat(target); err != nil || info.Mode().Perm() != 0o600 {
			t.Errorf("restored file: %v %v", info, err)
		}
		restored, err := sqlite.Open(ctx, target, time.Now)
		if err != nil {
			t.Fatal(err)
		}
		defer restored.Close()
		if c, err := restored.KeyringCanaries(ctx); err != nil || c["k1"] != "sealed" {
			t.Errorf("restored canaries: %v %v", c, err)
		}
		t.Run("ErrExists", func(t *testing.T) {
			err := sqlite.Restore(ctx, backup, target, func(*sqldb.DB) error { return nil })
			if !errors.Is(err, fs.ErrExist) {
				t.Fatalf("got %v, want ErrExist", err)
			}
		})
	})
	t.Run("ErrRefused", func(t *testing.T) {
		dir := t.TempDir()
		refused := errors.New("refused")
		err := sqlite.Restore(ctx, backup, filepath.Join(dir, "watchword.db"), func(*sqldb.DB) error { return refused })
		if !errors.Is(err, refused) {
			t.Fatalf("got %v", err)
		}
		if got := files(t, dir); len(got) != 0 {
			t.Errorf("files after a refused restore: %v", got)
		}
	})
	t.Run("ErrNotDatabase", func(t *testing.T) {
		junk := filepath.Join(t.TempDir(), "junk.db")
		if err := os.WriteFile(junk, []byte("this is not a database, just some bytes long enough to have a header......."), 0o600); err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		err := sqlite.Restore(ctx, junk, filepath.Join(dir, "watchword.db"), func(*sqldb.DB) error { return nil })
		if !errors.Is(err, sqlite.ErrNotDatabase) {
			t.Fatalf("got %v, want ErrNotDatabase", err)
		}
		if got := files(t, dir); len(got) != 0 {
			t.Errorf("files after a refused restore: %v", got)
		}
	})
	t.Run("ErrNotWatchword", func(t *testing.T) {
		other := filepath.Join(t.TempDir(), "other.db")
		o, err := sql.Open("sqlite", other)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := o.Exec(`CREATE TABLE notes (x TEXT)`); err != nil {
			t.Fatal(err)
		}
		o.Close()
		err = sqlite.Restore(ctx, other, filepath.Join(t.TempDir(), "watchword.db"), func(db *sqldb.DB) error {
			_, err := db.AppliedMigrations(ctx)
			return err
		})
		if fault.CodeOf(err) != "store.not_watchword" {
			t.Fatalf("got %v, want store.not_watchword", err)
		}
	})
}
