package cli_test

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/cli"
	"github.com/watchword/watchword/internal/password"
)

// TestServePurgesAndCounts: the server purges what is past keeping at start
// and every --purge-interval, and counts the rows in /metrics. With an audit
// retention of a millisecond, the bootstrap account's audit event goes.
func TestServePurgesAndCounts(t *testing.T) {
	cfg := cli.Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), LogLevel: "error",
		MailFrom:         "Watchword <no-reply@watchword.test>",
		Argon:            password.Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32},
		BootstrapAccount: "acme", BootstrapEmail: "root@acme.test", BootstrapPassword: "Tr0ubadour-Horse-Staple",
		AuditRetention: time.Millisecond, PurgeEvery: 20 * time.Millisecond}
	app, err := cli.NewApp(context.Background(), cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Listen(); err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- app.Serve() }()
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := app.Shutdown(ctx); err != nil {
			t.Error(err)
		}
		<-served
	}()
	re := regexp.MustCompile(`(?m)^watchword_purged_rows_total\{kind="audit"\} (\d+)`)
	deadline := time.Now().Add(10 * time.Second)
	for {
		res, err := http.Get(app.URL() + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if m := re.FindSubmatch(body); m != nil {
			if n, _ := strconv.Atoi(string(m[1])); n >= 1 {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no purged audit rows counted:\n%s", body)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
