package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/watchword/watchword/internal/store/sqldb"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Backup writes a consistent copy of the database file at path to out, a
// new file of mode 0600, with VACUUM INTO over a read-only connection: one
// read transaction, so it is safe while a server writes to the database (WAL
// lets the server go on meanwhile), and the copy holds every transaction
// committed before it began and none after.
//
// The copy is written beside out under a temporary name, checked with Check,
// opened and handed to accept (which inspects it), and hard-linked into place
// only then, so out never names a partial or refused file, and an existing
// out is never overwritten (fs.ErrExist, also when another backup wins the
// race).
func Backup(ctx context.Context, path, out string, accept func(*sqldb.DB) error) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	if _, err := os.Lstat(out); err == nil {
		return fmt.Errorf("%s: %w", out, fs.ErrExist)
	}
	tmp, err := reserveTemp(out)
	if err != nil {
		return err
	}
	defer removeDB(tmp)
	q := url.Values{}
	q.Add("mode", "ro")
	q.Add("_pragma", "busy_timeout(10000)")
	src, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return err
	}
	defer src.Close()
	// VACUUM INTO writes into an existing file only when it is empty: the
	// reserved one, whose mode 0600 the copy keeps.
	if _, err := src.ExecContext(ctx, `VACUUM INTO $1`, tmp); err != nil {
		return fmt.Errorf("backup of %s: %w", path, err)
	}
	if err := src.Close(); err != nil {
		return err
	}
	if err := Check(ctx, tmp); err != nil {
		return fmt.Errorf("backup of %s: the copy does not check: %w", path, err)
	}
	return inspectAndLink(tmp, out, accept)
}

// Check opens the SQLite file at path, which must exist, and runs SQLite's
// quick_check on it. ErrNotDatabase when it is not a SQLite database at all.
func Check(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `PRAGMA quick_check`)
	if err != nil {
		return classifyCheck(err)
	}
	defer rows.Close()
	var problems []error
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return classifyCheck(err)
		}
		if line != "ok" {
			problems = append(problems, errors.New(line))
		}
	}
	if err := rows.Err(); err != nil {
		return classifyCheck(err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %w", ErrCorrupt, errors.Join(problems...))
	}
	return db.Close()
}

// ErrNotDatabase: the file is not a SQLite database.
var ErrNotDatabase = errors.New("not a SQLite database")

// ErrCorrupt: the file is a damaged SQLite database.
var ErrCorrupt = errors.New("the SQLite database is damaged")

func classifyCheck(err error) error {
	var e *sqlite.Error
	if errors.As(err, &e) {
		switch e.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB:
			return fmt.Errorf("%w: %w", ErrNotDatabase, err)
		case sqlite3.SQLITE_CORRUPT:
			return fmt.Errorf("%w: %w", ErrCorrupt, err)
		}
	}
	return err
}

// reserveTemp creates an empty file of mode 0600 beside out, named after it.
func reserveTemp(out string) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".partial-*")
	if err != nil {
		return "", err
	}
	name := f.Name()
	if err := errors.Join(f.Chmod(0o600), f.Close()); err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

// removeDB removes a database file and the journal files SQLite may have
// left beside it.
func removeDB(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		_ = os.Remove(path + suffix)
	}
}

// syncFile flushes a file or a directory to disk.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// Restore puts a copy of the backup file from at path, where no database
// may be (fs.ErrExist otherwise): the copy is written beside path under a
// temporary name, checked with Check, opened and handed to accept (which
// inspects it: migrations, keyring), and linked into place only if accept
// returns nil. from itself is only read.
func Restore(ctx context.Context, from, path string, accept func(*sqldb.DB) error) error {
	for _, p := range []string{path, path + "-wal", path + "-journal"} {
		if _, err := os.Lstat(p); err == nil {
			return fmt.Errorf("%s: %w", p, fs.ErrExist)
		}
	}
	tmp, err := reserveTemp(path)
	if err != nil {
		return err
	}
	defer removeDB(tmp)
	if err := copyInto(from, tmp); err != nil {
		return err
	}
	if err := Check(ctx, tmp); err != nil {
		return err
	}
	return inspectAndLink(tmp, path, accept)
}

// inspectAndLink opens the database file tmp, hands it to accept, closes it
// and, if accept returned nil, hard-links it at path, which must not exist.
func inspectAndLink(tmp, path string, accept func(*sqldb.DB) error) error {
	db, err := OpenUnmigrated(tmp, time.Now)
	if err != nil {
		return err
	}
	err = accept(db)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	// Closing the last connection folds the WAL back into the file: none
	// may be left behind under the temporary name.
	if _, err := os.Lstat(tmp + "-wal"); err == nil {
		return fmt.Errorf("%s-wal was left behind", tmp)
	}
	if err := syncFile(tmp); err != nil {
		return err
	}
	if err := os.Link(tmp, path); err != nil {
		return err
	}
	return syncFile(filepath.Dir(path))
}

// copyInto copies the file from into the existing empty file to.
func copyInto(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return errors.Join(dst.Sync(), dst.Close())
}
