package e2e_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	osc "github.com/outscale/osc-sdk-go/v2"

	"github.com/watchword/watchword/internal/api/client"
	"github.com/watchword/watchword/internal/secret"
)

// mustRunFail runs a watchword subcommand that must exit with status 1 and
// say want on stderr.
func mustRunFail(t *testing.T, want string, args ...string) {
	t.Helper()
	out, errOut, err := run(args...)
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(errOut, want) {
		t.Fatalf("watchword %s: want exit status 1 and %q, got %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), want, err, out, errOut)
	}
}

// dirFiles lists a directory's entries.
func dirFiles(t *testing.T, dir string) []string {
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

// TestBackupRestore: a backup taken while the server runs and is being
// signed in to, restored into a fresh data directory with the keyring,
// serves the same account: the root user and an IAM user sign in with their
// passwords, and the access key (its secret sealed with the keyring) still
// signs Outscale calls made with osc-sdk-go. What changed after the backup
// is not in it. A wrong keyring, a data directory that holds a database, a
// file that is not a backup and PostgreSQL are refused, saying why.
func TestBackupRestore(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	s := MustServe(t, append([]string{"--data", data}, bootstrapFlags()...)...)
	root := MustLogin(t, s, client.Credentials{Account: "acme", Password: rootPassword})
	if _, err := root.CreateUser(ctx, client.NewUser{Name: "bob", Email: "bob@acme.test", Password: bobPassword}); err != nil {
		t.Fatal(err)
	}
	key, err := root.CreateAccessKey(ctx, "", client.NewAccessKey{Tag: "ci"})
	if err != nil {
		t.Fatal(err)
	}

	// Backups while the server writes: sign-ins store sessions meanwhile.
	backups := t.TempDir()
	out, withKey := filepath.Join(backups, "watchword.db"), filepath.Join(backups, "with-key.db")
	stop := make(chan struct{})
	var signIns atomic.Int64
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := s.Client.Login(ctx, client.Credentials{Account: "acme", Password: rootPassword}); err != nil {
				t.Errorf("sign-in during the backup: %v", err)
				return
			}
			signIns.Add(1)
		}
	})
	said := MustRun(t, "backup", "--data", data, "--out", out)
	saidWithKey := MustRun(t, "backup", "--data", data, "--out", withKey, "--with-keyring")
	close(stop)
	wg.Wait()
	if signIns.Load() == 0 {
		t.Fatal("no sign-in ran alongside the backups")
	}
	if !strings.Contains(said, "written to "+out) || !strings.Contains(said, "the keyring is not in the backup") ||
		!strings.Contains(said, filepath.Join(data, "secret.key")) {
		t.Fatalf("backup said:\n%s", said)
	}
	if !strings.Contains(saidWithKey, "written to "+withKey+".key") {
		t.Fatalf("backup --with-keyring said:\n%s", saidWithKey)
	}
	for _, f := range []string{out, withKey, withKey + ".key"} {
		if info, err := os.Stat(f); err != nil || info.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v, want mode 0600", f, info, err)
		}
	}
	if got := dirFiles(t, backups); !slices.Equal(got, []string{"watchword.db", "with-key.db", "with-key.db.key"}) {
		t.Fatalf("backup folder holds %v", got)
	}
	mustRunFail(t, "exists already: backup never overwrites a file", "backup", "--data", data, "--out", out)

	// After the backup: not in it.
	if _, err := root.CreateUser(ctx, client.NewUser{Name: "carol", Password: bobPassword}); err != nil {
		t.Fatal(err)
	}
	s.MustStop(t)
	keyring, err := os.ReadFile(filepath.Join(data, "secret.key"))
	if err != nil {
		t.Fatal(err)
	}

	t.Run("ErrWrongKeyring", func(t *testing.T) {
		fresh := t.TempDir()
		other := MustRun(t, "keyring", "generate", "--id", "k1")
		if err := os.WriteFile(filepath.Join(fresh, "secret.key"), []byte(other), 0o600); err != nil {
			t.Fatal(err)
		}
		mustRunFail(t, `the keyring cannot read it: the keyring's key "k1" is not the key "k1" this database was set up with`,
			"restore", "--from", out, "--data", fresh)
		mustRunFail(t, "none of the keyring's keys", "restore", "--from", out, "--data", t.TempDir(), "--keyring", "k9:"+secret.GenerateKey())
		if got := dirFiles(t, fresh); !slices.Equal(got, []string{"secret.key"}) {
			t.Fatalf("a refused restore left %v", got)
		}
	})
	t.Run("ErrNoKeyring", func(t *testing.T) {
		fresh := t.TempDir()
		mustRunFail(t, "no keyring to restore with", "restore", "--from", out, "--data", fresh)
		if got := dirFiles(t, fresh); len(got) != 0 {
			t.Fatalf("a refused restore left %v", got)
		}
	})
	t.Run("ErrNotABackup", func(t *testing.T) {
		fresh := t.TempDir()
		mustRunFail(t, "is not a SQLite database", "restore", "--from", binary, "--data", fresh, "--keyring", strings.TrimSpace(string(keyring)))
	})
	t.Run("ErrPostgreSQL", func(t *testing.T) {
		mustRunFail(t, "pg_dump -Fc", "backup", "--database", "postgres://watchword@localhost/watchword", "--out", filepath.Join(t.TempDir(), "x"))
		mustRunFail(t, "pg_restore", "restore", "--database", "postgres://watchword@localhost/watchword", "--from", out)
	})

	t.Run("DataDirectoryKeyring", func(t *testing.T) {
		fresh := t.TempDir()
		if err := os.WriteFile(filepath.Join(fresh, "secret.key"), keyring, 0o600); err != nil {
			t.Fatal(err)
		}
		said := MustRun(t, "restore", "--from", out, "--data", fresh)
		if !strings.Contains(said, "restored "+out) || !strings.Contains(said, "keyring "+filepath.Join(fresh, "secret.key")+" checked") {
			t.Fatalf("restore said:\n%s", said)
		}
		mustRunFail(t, "already holds a database", "restore", "--from", out, "--data", fresh)
		mustServeRestored(t, []string{"--data", fresh}, key)
	})
	t.Run("KeyringBesideTheBackup", func(t *testing.T) {
		fresh := t.TempDir()
		said := MustRun(t, "restore", "--from", withKey, "--data", fresh)
		if !strings.Contains(said, "installed as "+filepath.Join(fresh, "secret.key")) {
			t.Fatalf("restore said:\n%s", said)
		}
		if b, err := os.ReadFile(filepath.Join(fresh, "secret.key")); err != nil || string(b) != string(keyring) {
			t.Fatalf("installed keyring: %q %v", b, err)
		}
		mustServeRestored(t, []string{"--data", fresh}, key)
	})
}

// TestBackupRestorePostgres: the PostgreSQL procedure the operator guide
// gives (pg_dump -Fc while the server runs, pg_restore --no-owner into an
// empty database, the same --keyring) round-trips the account, passwords
// and access keys; the restored database with another keyring refuses to
// start.
func TestBackupRestorePostgres(t *testing.T) {
	ctx := context.Background()
	db, keyring := mustPostgres(t), "k1:"+secret.GenerateKey()
	s := MustServe(t, append([]string{"--database", db, "--data", t.TempDir(), "--keyring", keyring}, bootstrapFlags()...)...)
	root := MustLogin(t, s, client.Credentials{Account: "acme", Password: rootPassword})
	if _, err := root.CreateUser(ctx, client.NewUser{Name: "bob", Email: "bob@acme.test", Password: bobPassword}); err != nil {
		t.Fatal(err)
	}
	key, err := root.CreateAccessKey(ctx, "", client.NewAccessKey{Tag: "ci"})
	if err != nil {
		t.Fatal(err)
	}
	dump := filepath.Join(t.TempDir(), "watchword.dump")
	mustTool(t, "pg_dump", "-Fc", "-f", dump, db)
	if _, err := root.CreateUser(ctx, client.NewUser{Name: "carol", Password: bobPassword}); err != nil {
		t.Fatal(err)
	}
	s.MustStop(t)

	restored := mustPostgres(t)
	mustTool(t, "pg_restore", "--no-owner", "-d", restored, dump)
	mustRefuse(t, []string{"--database", restored, "--data", t.TempDir(), "--keyring", "k1:" + secret.GenerateKey()},
		"this database was set up with")
	mustServeRestored(t, []string{"--database", restored, "--data", t.TempDir(), "--keyring", keyring}, key)
}

// mustTool runs a command-line tool (PostgreSQL's, from PATH, as the test
// script's throwaway cluster needs them too).
func mustTool(t *testing.T, name string, args ...string) {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// mustServeRestored starts a server on a restored store and checks that it
// serves what the backup held.
func mustServeRestored(t *testing.T, store []string, key *client.AccessKey) {
	t.Helper()
	ctx := context.Background()
	s := MustServe(t, store...)
	root := MustLogin(t, s, client.Credentials{Account: "acme", Password: rootPassword})
	MustLogin(t, s, client.Credentials{Account: "acme", Username: "bob", Password: bobPassword})
	users, err := root.Users(ctx, client.UserFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, u := range users.Items {
		names = append(names, u.Name)
	}
	if !slices.Contains(names, "bob") || slices.Contains(names, "carol") {
		t.Fatalf("restored users %v: want bob, and not carol, created after the backup", names)
	}

	// The access key signs Outscale calls: its secret opened with the keyring.
	cfg := osc.NewConfiguration()
	cfg.Servers = osc.ServerConfigurations{{URL: s.URL + "/api/v1"}}
	signed := context.WithValue(ctx, osc.ContextAWSv4, osc.AWSv4{AccessKey: key.ID, SecretKey: key.SecretKey})
	read, _, err := osc.NewAPIClient(cfg).AccountApi.ReadAccounts(signed).ReadAccountsRequest(*osc.NewReadAccountsRequest()).Execute()
	if err != nil {
		t.Fatalf("ReadAccounts signed with the restored access key: %v", err)
	}
	if accounts := read.GetAccounts(); len(accounts) != 1 || accounts[0].GetEmail() != "root@acme.test" {
		t.Fatalf("ReadAccounts: %+v", accounts)
	}
	s.MustStop(t)
}
