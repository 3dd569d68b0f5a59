package cli_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/cli"
	"github.com/watchword/watchword/internal/password"
)

// TestCreateAccountRefusesCommonPasswords is hole 10 of issue 11 for the
// operator's two ways to create an account: admin create-account and serve
// --bootstrap-*. Both took password1; both run the whole policy now, the
// bundled common-password list included.
func TestCreateAccountRefusesCommonPasswords(t *testing.T) {
	ctx := context.Background()
	env := func(out, errOut *bytes.Buffer) cli.Env {
		return cli.Env{Stdout: out, Stderr: errOut, Getenv: func(string) string { return "" }}
	}
	dir := t.TempDir()
	for _, pw := range []string{"password1", "Qwerty123", "P@ssw0rd"} {
		t.Run("ErrCreateAccount"+pw, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := cli.Run(ctx, []string{"admin", "create-account", "--data", dir, "--name", "weak", "--email", "root@weak.test",
				"--password", pw}, env(&out, &errOut))
			if err == nil || !strings.Contains(err.Error(), "password.in_global_dictionary") || out.Len() != 0 {
				t.Fatalf("got %v, stdout %q", err, out.String())
			}
		})
		t.Run("ErrBootstrap"+pw, func(t *testing.T) {
			cfg := cli.Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), LogLevel: "error", MailFrom: "Watchword <no-reply@watchword.test>",
				Argon:            password.Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32},
				BootstrapAccount: "weak", BootstrapEmail: "root@weak.test", BootstrapPassword: pw}
			app, err := cli.NewApp(ctx, cfg, io.Discard)
			if err == nil {
				app.DB.Close()
			}
			if err == nil || !strings.Contains(err.Error(), "password.in_global_dictionary") {
				t.Fatalf("got %v", err)
			}
		})
	}
	var out, errOut bytes.Buffer
	if err := cli.Run(ctx, []string{"admin", "create-account", "--data", dir, "--name", "strong", "--email", "root@strong.test",
		"--password", "Marble-Orchid-Lantern-8"}, env(&out, &errOut)); err != nil {
		t.Fatalf("a strong password: %v %s", err, errOut.String())
	}
}
