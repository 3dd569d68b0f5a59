package cli

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCommand runs a command line through the whole tree, as main does.
func runCommand(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	err = Run(context.Background(), args, env)
	return out.String(), errOut.String(), err
}

// TestRestoreRefusesNewerBackup: a backup whose database records a
// migration this binary does not know was made by a newer Watchword, which
// this one cannot run: restore refuses it and puts nothing in place.
func TestRestoreRefusesNewerBackup(t *testing.T) {
	data := t.TempDir()
	if _, _, err := runCommand(t, "migrate", "--data", data); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", filepath.Join(data, "watchword.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO schema_migrations (name, applied_at) VALUES ('9999_from_the_future', 0)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out := filepath.Join(t.TempDir(), "b.db")
	if _, stderr, err := runCommand(t, "backup", "--data", data, "--out", out); err != nil {
		t.Fatalf("backup: %v\n%s", err, stderr)
	}
	ring, _, err := runCommand(t, "keyring", "generate")
	if err != nil {
		t.Fatal(err)
	}
	fresh := t.TempDir()
	_, _, err = runCommand(t, "restore", "--from", out, "--data", fresh, "--keyring", strings.TrimSpace(ring))
	if err == nil || !strings.Contains(err.Error(), "made by a newer Watchword: its migration 9999_from_the_future is unknown") {
		t.Fatalf("restore of a newer backup: %v", err)
	}
	if entries, _ := os.ReadDir(fresh); len(entries) != 0 {
		t.Fatalf("a refused restore left %v", entries)
	}
}

// TestBackupRefusesAnotherKeyring: --with-keyring checks the keyring opens
// the database before writing anything.
func TestBackupRefusesAnotherKeyring(t *testing.T) {
	data := t.TempDir()
	ring, _, err := runCommand(t, "keyring", "generate", "--id", "k1")
	if err != nil {
		t.Fatal(err)
	}
	// keyring rotate records the keyring's canary, as serve does at start.
	if _, stderr, err := runCommand(t, "keyring", "rotate", "--data", data, "--keyring", strings.TrimSpace(ring)); err != nil {
		t.Fatalf("rotate: %v\n%s", err, stderr)
	}
	other, _, err := runCommand(t, "keyring", "generate", "--id", "k1")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	_, _, err = runCommand(t, "backup", "--data", data, "--out", filepath.Join(dir, "b.db"), "--with-keyring", "--keyring", strings.TrimSpace(other))
	if err == nil || !strings.Contains(err.Error(), `the keyring cannot read it: the keyring's key "k1" is not the key "k1"`) {
		t.Fatalf("backup with another keyring: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("a refused backup left %v", entries)
	}
}
