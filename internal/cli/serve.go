package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// runServe runs the service until SIGINT or SIGTERM, then shuts down
// gracefully: in-flight requests finish before the store closes.
func runServe(ctx context.Context, args []string, env Env) error {
	var c Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	set, err := serveSettings(fs, &c, args, env)
	if err != nil {
		return err
	}
	log := newLogger(env.Stderr, c.LogLevel)
	for _, w := range set.warnings {
		log.Warn("configuration: " + w)
	}
	// Catch signals before anything announces the server: a supervisor that
	// reads the banner and stops us at once must get a graceful shutdown,
	// not the default action that kills the process.
	ctx, cancel := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer cancel()
	app, err := NewApp(ctx, c, env.Stderr)
	if err != nil {
		return err
	}
	if limit := applyMemoryLimit(&c); limit > 0 {
		log.Info("memory limit set", "bytes", limit, "hash_workers", hashWorkers(&c))
	}
	if err := app.Listen(); err != nil {
		app.DB.Close()
		return err
	}
	fmt.Fprint(env.Stdout, app.Banner())
	done := make(chan error, 1)
	go func() { done <- app.Serve() }()
	// SIGHUP rereads the TLS certificate (a renewal). It is caught only
	// when there is one, so that without TLS it keeps its usual meaning.
	hup := make(chan os.Signal, 1)
	if c.TLSCert != "" {
		signal.Notify(hup, syscall.SIGHUP)
		defer signal.Stop(hup)
	}
	for {
		select {
		case err := <-done:
			return err
		case <-hup:
			app.ReloadTLS()
			continue
		case <-ctx.Done():
		}
		break
	}
	app.Log.Info("shutting down")
	sctx, scancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer scancel()
	if err := app.Shutdown(sctx); err != nil {
		return err
	}
	return <-done
}
