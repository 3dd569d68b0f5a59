package e2e_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/api/client"
	"github.com/watchword/watchword/internal/secret"
)

// TestServeHelpNamesEveryVariable: each serve flag names its variable in -h,
// and the variable is the flag's name (--database: WATCHWORD_DATABASE).
func TestServeHelpNamesEveryVariable(t *testing.T) {
	help := MustRun(t, "serve", "-h")
	flagLine := regexp.MustCompile(`^\s+--([a-z0-9-]+)`)
	n := 0
	for _, line := range strings.Split(help, "\n") {
		m := flagLine.FindStringSubmatch(line)
		if m == nil || m[1] == "help" {
			continue
		}
		n++
		want := "(env WATCHWORD_" + strings.ToUpper(strings.ReplaceAll(m[1], "-", "_")) + ")"
		if !strings.Contains(line, want) {
			t.Errorf("--%s: help does not say %s:\n%s", m[1], want, line)
		}
	}
	if n < 30 || !strings.Contains(help, "(env WATCHWORD_DATABASE)") || !strings.Contains(help, "(env WATCHWORD_ARGON_MEMORY)") {
		t.Fatalf("%d flags in serve -h:\n%s", n, help)
	}
}

// TestEnvVariableTakesEffect starts serve configured only by the variables
// -h names: the data directory and the bootstrap account come from them.
func TestEnvVariableTakesEffect(t *testing.T) {
	dir := t.TempDir()
	s, err := startServer(nil, "WATCHWORD_DATA="+dir, "WATCHWORD_BOOTSTRAP_ACCOUNT=acme",
		"WATCHWORD_BOOTSTRAP_EMAIL=root@acme.test", "WATCHWORD_BOOTSTRAP_PASSWORD="+rootPassword)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.kill)
	if !s.stdout.WaitFor("SQLite " + filepath.Join(dir, "watchword.db")) {
		t.Fatalf("WATCHWORD_DATA not used:\n%s", s.stdout)
	}
	MustLogin(t, s, client.Credentials{Account: "acme", Password: rootPassword})
	if strings.Contains(s.stderr.String(), "WATCHWORD_") {
		t.Fatalf("warnings about known variables:\n%s", s.stderr)
	}

	t.Run("DatabaseIsPostgres", func(t *testing.T) {
		// The variable the README promises: it used to be silently ignored
		// (WATCHWORD_DATABASE_URL was read), leaving the server on SQLite.
		s, err := startServer([]string{"--data", t.TempDir()}, "WATCHWORD_DATABASE="+mustPostgres(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.kill)
		if !s.stdout.WaitFor("database       PostgreSQL") {
			t.Fatalf("WATCHWORD_DATABASE not used:\n%s", s.stdout)
		}
	})
}

// TestEnvWarnings: a WATCHWORD_* variable that names no setting, and a
// deprecated name, are warned about at start; the start goes on, and the
// deprecated name still works. Client and test variables are known.
func TestEnvWarnings(t *testing.T) {
	dir := t.TempDir()
	s, err := startServer([]string{"--data", dir}, "WATCHWORD_DATABSE=postgres://typo", "WATCHWORD_ARGON_MEMORY_KIB=128",
		"WATCHWORD_PROFILE=ops", "WATCHWORD_ENDPOINT=http://x", "WATCHWORD_TEST_POSTGRES_URL=postgres://x")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.kill)
	s.MustStop(t)
	logs := s.stderr.String()
	for _, want := range []string{"WATCHWORD_DATABSE names no setting", "WATCHWORD_ARGON_MEMORY_KIB is deprecated: name it WATCHWORD_ARGON_MEMORY"} {
		if !strings.Contains(logs, want) || !strings.Contains(logs, `"level":"WARN"`) {
			t.Errorf("no warning %q:\n%s", want, logs)
		}
	}
	for _, known := range []string{"WATCHWORD_PROFILE", "WATCHWORD_ENDPOINT", "WATCHWORD_TEST_POSTGRES_URL"} {
		if strings.Contains(logs, known) {
			t.Errorf("%s warned about:\n%s", known, logs)
		}
	}
	out := mustRunEnv(t, []string{"WATCHWORD_ARGON_MEMORY_KIB=128"}, "config", "show")
	if !strings.Contains(out, "argon-memory = 128  # env WATCHWORD_ARGON_MEMORY_KIB") {
		t.Fatalf("deprecated name not applied:\n%s", out)
	}
}

// TestConfigFile: keys are flag names; a flag beats the environment, which
// beats the file; an unknown key stops the start.
func TestConfigFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "watchword.toml")
	writeFile(t, file, `
data = "`+filepath.Join(dir, "from-file")+`"
totp-issuer = "FromFile"
session-ttl = "3h"
max-body = 1000
hash-queue = 7
trust-proxy = true
bootstrap-account = "acme"
bootstrap-email = "root@acme.test"
bootstrap-password = "`+rootPassword+`"
`)
	out := mustRunEnv(t, []string{"WATCHWORD_TOTP_ISSUER=FromEnv", "WATCHWORD_HASH_QUEUE=9"},
		"config", "show", "--config", file, "--hash-queue", "11")
	for _, want := range []string{
		`data = "` + filepath.Join(dir, "from-file") + `"  # file ` + file,
		`totp-issuer = "FromEnv"  # env WATCHWORD_TOTP_ISSUER`,
		`session-ttl = "3h0m0s"  # file`,
		`max-body = 1000  # file`,
		`trust-proxy = true  # file`,
		`hash-queue = 11  # flag`,
		`log-level = "info"  # default`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("config show lacks %q:\n%s", want, out)
		}
	}

	// serve reads the same file: the account it bootstraps exists, in the
	// data directory the file names.
	s, err := startServer([]string{"--config", file})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.kill)
	if !s.stdout.WaitFor(filepath.Join(dir, "from-file", "watchword.db")) {
		t.Fatalf("file's data directory not used:\n%s", s.stdout)
	}
	MustLogin(t, s, client.Credentials{Account: "acme", Password: rootPassword})

	t.Run("UnknownKey", func(t *testing.T) {
		bad := filepath.Join(dir, "bad.toml")
		writeFile(t, bad, "databse = \"postgres://typo\"\n")
		for _, cmd := range [][]string{{"serve", "--config", bad, "--data", t.TempDir()}, {"config", "show", "--config", bad}} {
			_, errOut, err := run(cmd...)
			if err == nil || !strings.Contains(errOut, `unknown key "databse"`) {
				t.Errorf("%q: %v\n%s", cmd, err, errOut)
			}
		}
	})
}

// TestConfigShowMasksSecrets: no secret given by flag, variable or file
// appears in config show.
func TestConfigShowMasksSecrets(t *testing.T) {
	key := secret.GenerateKey()
	out := mustRunEnv(t, []string{"WATCHWORD_SMS_WEBHOOK_SECRET=webhook-s3cret", "WATCHWORD_KEYRING=k2:" + key},
		"config", "show", "--smtp-url", "smtp://mailer:smtp-s3cret@mail.test:587",
		"--database", "postgres://watchword:db-s3cret@db.test/watchword?sslmode=require",
		"--bootstrap-password", "boot-s3cret")
	for _, s := range []string{"webhook-s3cret", key, "smtp-s3cret", "db-s3cret", "boot-s3cret"} {
		if strings.Contains(out, s) {
			t.Errorf("config show prints the secret %q:\n%s", s, out)
		}
	}
	for _, want := range []string{`smtp-url = "smtp://mailer:xxxxx@mail.test:587"  # flag`, `keyring = "k2:xxxxx"  # env WATCHWORD_KEYRING`,
		`database = "postgres://watchword:xxxxx@db.test/watchword?sslmode=require"`, `sms-webhook-secret = "xxxxx"`, `bootstrap-password = "xxxxx"`} {
		if !strings.Contains(out, want) {
			t.Errorf("config show lacks %q:\n%s", want, out)
		}
	}
}

// TestVersion: --version and version print the build information.
func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}} {
		out := MustRun(t, args...)
		if !strings.HasPrefix(out, "watchword ") || !strings.Contains(out, "go1.") {
			t.Errorf("%q:\n%s", args, out)
		}
	}
}

func writeFile(tb testing.TB, path, content string) {
	tb.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		tb.Fatal(err)
	}
}

// mustRunEnv runs a watchword subcommand with extra environment variables
// and returns its stdout.
func mustRunEnv(tb testing.TB, extraEnv []string, args ...string) string {
	tb.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = env(extraEnv...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	if err := cmd.Run(); err != nil {
		tb.Fatalf("watchword %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, o.String(), e.String())
	}
	return o.String()
}
