package cli_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/cli"
	"github.com/watchword/watchword/internal/password"
)

// TestPprofOnLoopbackOnly: --pprof-addr serves the profiler on loopback,
// announced in the banner, and refuses any other address.
func TestPprofOnLoopbackOnly(t *testing.T) {
	cfg := func(addr string) cli.Config {
		return cli.Config{Addr: "127.0.0.1:0", PprofAddr: addr, DataDir: t.TempDir(), LogLevel: "error",
			MailFrom: "Watchword <no-reply@watchword.test>",
			Argon:    password.Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}}
	}
	for _, addr := range []string{"0.0.0.0:0", "192.0.2.1:6060", "[::]:0", "nohost"} {
		app, err := cli.NewApp(context.Background(), cfg(addr), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if err := app.Listen(); err == nil || !strings.Contains(err.Error(), "pprof-addr") {
			t.Errorf("--pprof-addr %s: %v, want a refusal", addr, err)
		}
		app.DB.Close()
	}

	app, err := cli.NewApp(context.Background(), cfg("127.0.0.1:0"), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Listen(); err != nil {
		t.Fatal(err)
	}
	go app.Serve()
	defer app.Shutdown(context.Background())
	if !strings.Contains(app.Banner(), app.PprofURL()) || app.PprofURL() == "" {
		t.Fatalf("banner does not name the profiler:\n%s", app.Banner())
	}
	res, err := http.Get(app.PprofURL() + "goroutine?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "goroutine profile:") {
		t.Fatalf("profile: %d %.200s", res.StatusCode, body)
	}
	// The main address does not serve it.
	if res, err := http.Get(app.URL() + "/debug/pprof/"); err != nil || res.StatusCode != http.StatusNotFound {
		t.Fatalf("main address serves the profiler: %v %v", res.StatusCode, err)
	}
}
