package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/secret"
	"github.com/watchword/watchword/internal/store/migrations"
	"github.com/watchword/watchword/internal/store/sqldb"
	"github.com/watchword/watchword/internal/store/sqlite"
)

// restoreKeyringAdvice ends restore's refusal of a keyring that cannot read
// the backup.
const restoreKeyringAdvice = "restore with the keyring of the server the backup was taken from " +
	"(its DATA/secret.key copied into --data, its --keyring, or the FILE.key that backup --with-keyring wrote); nothing was restored"

// runRestore puts a backup made by watchword backup into a data directory
// that holds no database, once it has checked that the file is a Watchword
// database this binary can run and that the keyring opens it.
func runRestore(ctx context.Context, args []string, env Env) error {
	var c Config
	flags := flag.NewFlagSet("restore", flag.ContinueOnError)
	flags.SetOutput(env.Stderr)
	storeFlags(flags, &c)
	from := flags.String("from", "", "backup file written by watchword backup (required)")
	flags.StringVar(&c.Keyring, "keyring", "", "the keys id:base64,... the backed-up server ran with; default DATA/secret.key, else FROM.key")
	bound := append(storeBound(), "keyring")
	bindEnv(flags, bound)
	if err := configureStore(flags, args, env, bound); err != nil {
		return err
	}
	if *from == "" {
		return errors.New("--from is required")
	}
	if c.DatabaseURL != "" {
		return errors.New("watchword restore puts a SQLite backup into a data directory, and --database names PostgreSQL: " + pgBackupAdvice)
	}
	if _, err := os.Stat(*from); err != nil {
		return fmt.Errorf("backup file: %w", err)
	}
	ring, install, err := restoreKeyring(&c, *from)
	if err != nil {
		return err
	}
	if err := ensureDir(c.DataDir); err != nil {
		return err
	}
	path := c.sqlitePath()
	var info databaseInfo
	err = sqlite.Restore(ctx, *from, path, func(db *sqldb.DB) error {
		return inspectDatabase(ctx, db, ring.keyring, restoreKeyringAdvice, true, &info)
	})
	switch {
	case errors.Is(err, fs.ErrExist):
		return fmt.Errorf("%s already holds a database (%s): restore never overwrites one; "+
			"stop the server and move watchword.db and its -wal and -shm files away first", c.DataDir, path)
	case errors.Is(err, sqlite.ErrNotDatabase):
		return fmt.Errorf("%s is not a SQLite database, so not a Watchword backup; nothing was restored", *from)
	case errors.Is(err, sqlite.ErrCorrupt):
		return fmt.Errorf("%s is damaged (%v); nothing was restored", *from, err)
	case err != nil:
		return fmt.Errorf("%s: %w", *from, err)
	}
	fmt.Fprintf(env.Stdout, "restored %s into %s (%s; keyring %s checked)\n", *from, path, info.summary(), ring.source)
	if install {
		keyPath := filepath.Join(c.DataDir, "secret.key")
		if err := writeNewFile(keyPath, []byte(ring.spec+"\n")); err != nil {
			return fmt.Errorf("the database is restored, but the keyring was not installed (copy %s to %s, mode 0600): %w", ring.source, keyPath, err)
		}
		fmt.Fprintf(env.Stdout, "keyring %s installed as %s\n", ring.source, keyPath)
	}
	for _, id := range info.unknownKeys {
		fmt.Fprintf(env.Stderr, "watchword: warning: the backup knows key %q, which is not in the keyring: values still sealed with it cannot be read\n", id)
	}
	if info.unchecked {
		fmt.Fprintln(env.Stderr, "watchword: warning: the backup records no keyring canary: the keyring could not be checked against it")
	}
	next := "watchword serve --data " + c.DataDir
	if c.Keyring != "" {
		next += " --keyring …"
	}
	fmt.Fprintf(env.Stdout, "start the server with %s (migrations newer than the backup are applied at start)\n", next)
	return nil
}

// restoreKeyring returns the keyring to check the backup with: --keyring,
// else the data directory's secret.key, else the FROM.key that backup
// --with-keyring wrote, which is then to be installed in the data directory.
func restoreKeyring(c *Config, from string) (ring *existingRing, install bool, err error) {
	if c.Keyring != "" {
		ring, err = loadExistingKeyring(c)
		return ring, false, err
	}
	ring, err = loadKeyFile(filepath.Join(c.DataDir, "secret.key"))
	if !errors.Is(err, fs.ErrNotExist) {
		return ring, false, err
	}
	ring, err = loadKeyFile(from + ".key")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, fmt.Errorf("no keyring to restore with: the backup's sealed secrets open only with the keyring of the server "+
			"it was taken from; copy its secret.key into %s, pass its --keyring, or put the %s.key that backup --with-keyring wrote beside the backup",
			c.DataDir, from)
	}
	return ring, err == nil, err
}

// databaseInfo is what inspectDatabase learns of a database.
type databaseInfo struct {
	migrations  []string
	keyIDs      []string // the keys the database records canaries of
	unknownKeys []string // recorded keys the keyring does not hold
	unchecked   bool     // no canary to check the keyring against
}

func (i databaseInfo) summary() string {
	s := fmt.Sprintf("%d migrations, the last %s", len(i.migrations), i.migrations[len(i.migrations)-1])
	if len(i.keyIDs) > 0 {
		s += ", keyring keys " + strings.Join(i.keyIDs, ",")
	}
	return s
}

// inspectDatabase checks that db is a Watchword database (its migrations
// table), with requireKnown one this binary knows every migration of, and,
// with a keyring, that the keyring opens the canaries it recorded, the check
// serve makes at start.
func inspectDatabase(ctx context.Context, db *sqldb.DB, k *secret.Keyring, advice string, requireKnown bool, info *databaseInfo) error {
	applied, err := db.AppliedMigrations(ctx)
	if fault.CodeOf(err) == "store.not_watchword" || (err == nil && len(applied) == 0) {
		return errors.New("not a Watchword database: it has no migrations table")
	}
	if err != nil {
		return err
	}
	info.migrations = applied
	if requireKnown {
		known, err := migrations.For(db.Dialect())
		if err != nil {
			return err
		}
		for _, name := range applied {
			if !slices.ContainsFunc(known, func(m migrations.Migration) bool { return m.Name == name }) {
				return fmt.Errorf("made by a newer Watchword: its migration %s is unknown to this binary (whose last is %s); "+
					"restore it with the version that made it, or a later one", name, known[len(known)-1].Name)
			}
		}
	}
	if !slices.Contains(applied, "0015_keyring_canaries") {
		info.unchecked = k != nil
		return nil
	}
	canaries, err := db.KeyringCanaries(ctx)
	if err != nil {
		return err
	}
	for id := range canaries {
		info.keyIDs = append(info.keyIDs, id)
	}
	slices.Sort(info.keyIDs)
	if k == nil {
		return nil
	}
	if len(canaries) == 0 {
		info.unchecked = true
		return nil
	}
	if info.unknownKeys, err = openCanaries(k, canaries, advice); err != nil {
		return fmt.Errorf("the keyring cannot read it: %w", err)
	}
	return nil
}
