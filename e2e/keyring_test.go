package e2e_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/api/client"
	"github.com/watchword/watchword/internal/secret"
	_ "github.com/watchword/watchword/internal/store/sqlite" // the sqlite driver
)

// mustRefuse checks that serve with args exits with status 1, before
// listening, saying why.
func mustRefuse(t *testing.T, args []string, want string) {
	t.Helper()
	s, err := startServer(args)
	if err == nil {
		s.kill()
		t.Fatalf("serve %q started", args)
	}
	if !strings.Contains(err.Error(), "exit status 1") || !strings.Contains(err.Error(), want) {
		t.Fatalf("serve %q: want exit status 1 and %q, got:\n%v", args, want, err)
	}
}

// TestMismatchedKeyringRefusesToStart: a server whose keyring cannot read
// what the database was sealed with stops at start, with a clear message,
// instead of answering 2000 InternalError on every sealed secret.
func TestMismatchedKeyringRefusesToStart(t *testing.T) {
	dir := t.TempDir()
	s := MustServe(t, append([]string{"--data", dir}, bootstrapFlags()...)...)
	s.MustStop(t)
	b, err := os.ReadFile(filepath.Join(dir, "secret.key"))
	if err != nil {
		t.Fatal(err)
	}
	first := strings.TrimSpace(string(b))

	t.Run("SameIDOtherKey", func(t *testing.T) {
		mustRefuse(t, []string{"--data", dir, "--keyring", "k1:" + secret.GenerateKey()},
			`the keyring's key "k1" is not the key "k1" this database was set up with`)
	})
	t.Run("OtherID", func(t *testing.T) {
		mustRefuse(t, []string{"--data", dir, "--keyring", "k2:" + secret.GenerateKey()},
			`none of the keyring's keys (current "k2") is one this database was set up with`)
	})
	t.Run("SameKeyringStarts", func(t *testing.T) {
		s := MustServe(t, "--data", dir, "--keyring", first)
		MustLogin(t, s, client.Credentials{Account: "acme", Password: rootPassword})
		s.MustStop(t)
	})
	t.Run("NewCurrentKeyBeforeTheOld", func(t *testing.T) {
		// Adding a key in front of the old one (a rotation) is allowed, and
		// from then on the new key must stay in the keyring too.
		next := MustRun(t, "keyring", "generate", "--id", "k2")
		if !regexp.MustCompile(`^k2:[A-Za-z0-9+/]{43}=\n$`).MatchString(next) {
			t.Fatalf("keyring generate: %q", next)
		}
		s := MustServe(t, "--data", dir, "--keyring", strings.TrimSpace(next)+","+first)
		s.MustStop(t)
		mustRefuse(t, []string{"--data", dir, "--keyring", "k2:" + secret.GenerateKey() + "," + first},
			`the keyring's key "k2" is not the key "k2"`)
	})

	t.Run("SecondReplicaOnPostgres", func(t *testing.T) {
		// The operator's report: a second replica on the same PostgreSQL
		// with its own data directory, hence its own generated secret.key.
		db := mustPostgres(t)
		a := MustServe(t, append([]string{"--database", db, "--data", t.TempDir()}, bootstrapFlags()...)...)
		MustLogin(t, a, client.Credentials{Account: "acme", Password: rootPassword})
		mustRefuse(t, []string{"--database", db, "--data", t.TempDir()}, "this database was set up with")
	})
}

// TestKeyringRotate: after `keyring rotate`, every stored secret is sealed
// with the new current key, so a server whose keyring has dropped the old
// key still reads them (SQLite and PostgreSQL).
func TestKeyringRotate(t *testing.T) {
	t.Run("SQLite", func(t *testing.T) {
		dir := t.TempDir()
		testKeyringRotate(t, []string{"--data", dir}, "sqlite", filepath.Join(dir, "watchword.db"))
	})
	t.Run("PostgreSQL", func(t *testing.T) {
		db := mustPostgres(t)
		testKeyringRotate(t, []string{"--database", db, "--data", t.TempDir()}, "pgx", db)
	})
}

func testKeyringRotate(t *testing.T, store []string, driver, dsn string) {
	ctx := context.Background()
	old := "k1:" + secret.GenerateKey()
	s := MustServe(t, append(append(store, "--keyring", old), bootstrapFlags()...)...)
	root := MustLogin(t, s, client.Credentials{Account: "acme", Password: rootPassword})
	key, err := root.CreateAccessKey(ctx, "", client.NewAccessKey{Tag: "ci"})
	if err != nil {
		t.Fatal(err)
	}
	totp, err := root.BeginTOTP(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.MustStop(t)

	next := strings.TrimSpace(MustRun(t, "keyring", "generate", "--id", "k2"))
	out := MustRun(t, append([]string{"keyring", "rotate", "--keyring", next + "," + old}, store...)...)
	if !strings.Contains(out, `re-sealed with key "k2"`) {
		t.Fatalf("rotate: %s", out)
	}

	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var sealed string
	if err := db.QueryRow(`SELECT sealed_secret FROM access_keys WHERE id = $1`, key.ID).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	ring, err := secret.ParseKeyring(next)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := ring.Open(sealed, []byte(key.ID)); err != nil || string(got) != key.SecretKey {
		t.Fatalf("access key after rotation: %q %v (sealed %.8s…)", got, err, sealed)
	}
	var userID, sealedURI string
	if err := db.QueryRow(`SELECT user_id, sealed_secret, sealed_uri FROM mfa_devices`).Scan(&userID, &sealed, &sealedURI); err != nil {
		t.Fatal(err)
	}
	if _, err := ring.Open(sealed, []byte(userID)); err != nil {
		t.Fatalf("TOTP secret after rotation: %v", err)
	}
	if got, err := ring.Open(sealedURI, []byte(userID)); err != nil || string(got) != totp.OTPAuthURI {
		t.Fatalf("TOTP URI after rotation: %q %v", got, err)
	}
	// The old key can now go: a server with the new key alone starts.
	s = MustServe(t, append(store, "--keyring", next)...)
	MustLogin(t, s, client.Credentials{Account: "acme", Password: rootPassword})
}
