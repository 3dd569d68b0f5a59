package cli_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/cli"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/secret"
	"github.com/watchword/watchword/internal/store/sqlite"
)

// TestKeyringRotateOutbox: a queued notification's sealed code is re-sealed
// with the new key, and still opens once the old key is gone.
func TestKeyringRotateOutbox(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	old, next := "k1:"+secret.GenerateKey(), "k2:"+secret.GenerateKey()
	oldRing, _ := secret.ParseKeyring(old)
	nextRing, _ := secret.ParseKeyring(next)
	db, err := sqlite.Open(ctx, filepath.Join(dir, "watchword.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	db.SetSealer(oldRing)
	if err := db.Enqueue(ctx, []notify.Notification{{Channel: notify.Email, To: "bob@acme.test", Template: notify.ResetCode,
		Secret: map[string]string{"code": "123456"}}}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	var out, errOut bytes.Buffer
	env := cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	if err := cli.Run(ctx, []string{"keyring", "rotate", "--data", dir, "--keyring", next + "," + old}, env); err != nil {
		t.Fatalf("rotate: %v\n%s", err, errOut.String())
	}
	if !strings.HasPrefix(out.String(), `1 sealed values re-sealed with key "k2"`) {
		t.Fatalf("rotate said: %s", out.String())
	}

	db, err = sqlite.Open(ctx, filepath.Join(dir, "watchword.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	msgs, err := db.ClaimOutbox(ctx, 10, time.Minute)
	if err != nil || len(msgs) != 1 {
		t.Fatalf("claim: %v %v", msgs, err)
	}
	m, err := notify.OpenSecrets(nextRing, msgs[0])
	if err != nil || m.Secret["code"] != "123456" {
		t.Fatalf("with the new key alone: %+v %v", m.Secret, err)
	}

	// Run again: nothing is left to re-seal.
	out.Reset()
	if err := cli.Run(ctx, []string{"keyring", "rotate", "--data", dir, "--keyring", next + "," + old}, env); err != nil ||
		!strings.HasPrefix(out.String(), "0 sealed values") {
		t.Fatalf("second rotate: %v %s", err, out.String())
	}
}
