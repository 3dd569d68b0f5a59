package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/watchword/watchword/internal/secret"
	"github.com/watchword/watchword/internal/store/sqldb"
	"github.com/watchword/watchword/internal/store/sqlite"
)

// pgBackupAdvice is the answer of backup and restore on PostgreSQL, whose
// own tools do it better than Watchword could.
const pgBackupAdvice = "PostgreSQL is backed up with its own tools: pg_dump -Fc -f watchword.dump DATABASE_URL, " +
	"restored with pg_restore --no-owner -d DATABASE_URL watchword.dump into an empty database; " +
	"the keyring (--keyring) is not in the database and must be backed up too: a restored database opens its sealed secrets only with it"

// keyringNotInBackup is what backup says of the keyring when it is not asked
// to copy it.
const keyringNotInBackup = "the keyring is not in the backup: access-key secrets, TOTP devices and queued codes in it open only " +
	"with the keyring, so keep a copy of %s apart from the backup (watchword restore checks the backup against it), " +
	"or run backup with --with-keyring"

// backupKeyringAdvice ends backup's refusal of a keyring that does not
// open the database.
const backupKeyringAdvice = "nothing was written: give backup the keyring the server runs with (--keyring, or its DATA/secret.key)"

// runBackup writes an online copy of the SQLite database, safe while the
// server runs; with --with-keyring, the keyring beside it.
func runBackup(ctx context.Context, args []string, env Env) error {
	var c Config
	flags := flag.NewFlagSet("backup", flag.ContinueOnError)
	flags.SetOutput(env.Stderr)
	storeFlags(flags, &c)
	out := flags.String("out", "", "file to write (required; must not exist; mode 0600)")
	withKeyring := flags.Bool("with-keyring", false, "also write the keyring to OUT.key (mode 0600), after checking it opens the backup")
	flags.StringVar(&c.Keyring, "keyring", "", "with --with-keyring, the keys id:base64,... the server runs with; default DATA/secret.key")
	bound := append(storeBound(), "keyring")
	bindEnv(flags, bound)
	if err := configureStore(flags, args, env, bound); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("--out is required")
	}
	if c.DatabaseURL != "" {
		return errors.New("watchword backup copies the SQLite database of a data directory, and --database names PostgreSQL: " + pgBackupAdvice)
	}
	keyOut := *out + ".key"
	var ring *existingRing
	if *withKeyring {
		var err error
		if ring, err = loadExistingKeyring(&c); err != nil {
			return err
		}
		if _, err := os.Lstat(keyOut); err == nil {
			return fmt.Errorf("%s exists already: backup never overwrites a file", keyOut)
		}
	}
	path := c.sqlitePath()
	start := time.Now()
	var info databaseInfo
	var check *secret.Keyring
	if ring != nil {
		check = ring.keyring // checked against the copy it will restore with
	}
	err := sqlite.Backup(ctx, path, *out, func(db *sqldb.DB) error {
		return inspectDatabase(ctx, db, check, backupKeyringAdvice, false, &info)
	})
	if err != nil {
		switch {
		case errors.Is(err, fs.ErrExist):
			return fmt.Errorf("%s exists already: backup never overwrites a file", *out)
		case errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("no database at %s (is --data %s the server's data directory?)", path, c.DataDir)
		}
		return err
	}
	size := int64(0)
	if st, err := os.Stat(*out); err == nil {
		size = st.Size()
	}
	fmt.Fprintf(env.Stdout, "backup of %s written to %s (%s, %s, %s)\n",
		path, *out, byteSize(size), info.summary(), time.Since(start).Round(time.Millisecond))
	if ring == nil {
		fmt.Fprintf(env.Stdout, keyringNotInBackup+"\n", keyringSource(&c))
		return nil
	}
	if err := writeNewFile(keyOut, []byte(ring.spec+"\n")); err != nil {
		return fmt.Errorf("the backup is written, but the keyring was not copied: %w", err)
	}
	fmt.Fprintf(env.Stdout, "keyring (%s) written to %s: store it apart from the backup, since it opens every sealed secret; "+
		"watchword restore --from %s finds it there\n", ring.source, keyOut, *out)
	return nil
}

// existingRing is a keyring that is already there: never generated.
type existingRing struct {
	keyring *secret.Keyring
	spec    string // the text that gives it, as --keyring and a key file hold it
	source  string // where it came from, for messages
}

// loadExistingKeyring returns --keyring, else the data directory's key
// file, which must exist: backup and restore must never make a new key.
func loadExistingKeyring(c *Config) (*existingRing, error) {
	if c.Keyring != "" {
		k, err := secret.ParseKeyring(c.Keyring)
		if err != nil {
			return nil, fmt.Errorf("--keyring: %w", err)
		}
		return &existingRing{keyring: k, spec: strings.TrimSpace(c.Keyring), source: "--keyring"}, nil
	}
	return loadKeyFile(filepath.Join(c.DataDir, "secret.key"))
}

// loadKeyFile reads a key file (mode 0600, as serve requires).
func loadKeyFile(path string) (*existingRing, error) {
	k, err := secret.LoadKeyFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("no keyring at %s: %w", path, fs.ErrNotExist)
		}
		return nil, fmt.Errorf("keyring %s: %w", path, err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return &existingRing{keyring: k, spec: strings.TrimSpace(string(b)), source: path}, nil
}

// keyringSource names where serve takes the keyring from, for messages.
func keyringSource(c *Config) string {
	if c.Keyring != "" {
		return "the --keyring value"
	}
	return filepath.Join(c.DataDir, "secret.key")
}

// writeNewFile writes b to a file that must not exist, with mode 0600.
func writeNewFile(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s exists already: never overwritten", path)
		}
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := errors.Join(f.Sync(), f.Close()); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}

// byteSize prints a size for people.
func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
