package cli_test

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/cli"
	"github.com/watchword/watchword/internal/password"
)

// TestAppShutdownRightAfterStart starts the app as `serve` does (Serve on a
// goroutine of its own) and shuts it down at once: every background worker
// must already be registered for Shutdown to stop it, and under -race the two
// goroutines must not touch the same state unsynchronised.
func TestAppShutdownRightAfterStart(t *testing.T) {
	for range 3 {
		cfg := cli.Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), LogLevel: "error", MailFrom: "Watchword <no-reply@watchword.test>",
			Argon: password.Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}}
		app, err := cli.NewApp(context.Background(), cfg, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if err := app.Listen(); err != nil {
			t.Fatal(err)
		}
		served := make(chan error, 1)
		go func() { served <- app.Serve() }()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if err := app.Shutdown(ctx); err != nil {
			t.Fatal(err)
		}
		cancel()
		if err := <-served; err != nil {
			t.Fatal(err)
		}
		if _, err := http.Get(app.URL() + "/healthz"); err == nil {
			t.Fatal("still serving after Shutdown")
		}
	}
}
