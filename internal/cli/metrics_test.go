package cli_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/cli"
	"github.com/watchword/watchword/internal/password"
)

// mustStartApp starts the app on free ports and stops it at the end.
func mustStartApp(t *testing.T, metricsAddr string) *cli.App {
	t.Helper()
	cfg := cli.Config{Addr: "127.0.0.1:0", MetricsAddr: metricsAddr, DataDir: t.TempDir(), LogLevel: "error",
		MailFrom: "Watchword <no-reply@watchword.test>",
		Argon:    password.Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}}
	app, err := cli.NewApp(context.Background(), cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Listen(); err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- app.Serve() }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := app.Shutdown(ctx); err != nil {
			t.Error(err)
		}
		if err := <-served; err != nil {
			t.Error(err)
		}
	})
	return app
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestMetricsOnTheirOwnListener: by default /metrics is served on the main
// address; with --metrics-addr it is served there only, and the main
// address answers 404.
func TestMetricsOnTheirOwnListener(t *testing.T) {
	t.Run("Default", func(t *testing.T) {
		app := mustStartApp(t, "")
		if status, body := get(t, app.URL()+"/metrics"); status != http.StatusOK || !strings.Contains(body, "# TYPE") {
			t.Fatalf("main /metrics: %d %.200s", status, body)
		}
		if app.MetricsURL() != app.URL()+"/metrics" || !strings.Contains(app.Banner(), app.URL()+"/metrics") {
			t.Fatalf("metrics URL %s, banner:\n%s", app.MetricsURL(), app.Banner())
		}
	})
	t.Run("OwnAddress", func(t *testing.T) {
		app := mustStartApp(t, "127.0.0.1:0")
		if status, _ := get(t, app.URL()+"/metrics"); status != http.StatusNotFound {
			t.Fatalf("main /metrics: %d, want 404", status)
		}
		if app.MetricsURL() == app.URL()+"/metrics" || !strings.Contains(app.Banner(), app.MetricsURL()) {
			t.Fatalf("metrics URL %s, banner:\n%s", app.MetricsURL(), app.Banner())
		}
		status, body := get(t, app.MetricsURL())
		if status != http.StatusOK || !strings.Contains(body, "# TYPE") {
			t.Fatalf("metrics listener: %d %.200s", status, body)
		}
		// The metrics listener serves nothing else.
		if status, _ := get(t, strings.TrimSuffix(app.MetricsURL(), "/metrics")+"/healthz"); status != http.StatusNotFound {
			t.Fatalf("metrics listener /healthz: %d", status)
		}
		if status, _ := get(t, app.URL()+"/healthz"); status != http.StatusOK {
			t.Fatalf("main /healthz: %d", status)
		}
	})
}
