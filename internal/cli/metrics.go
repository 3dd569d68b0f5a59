package cli

import (
	"context"
	"errors"
	"flag"
	"net"
	"net/http"
	"time"
)

// metricsFlags registers --metrics-addr.
func metricsFlags(fs *flag.FlagSet, c *Config) {
	fs.Uint64Var(&c.ReadyMinFree, "ready-min-free", 64<<20,
		"/readyz answers 503 when the data directory's file system has fewer free bytes than this")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", "",
		"serve /metrics only on this address (e.g. 127.0.0.1:9090), not on --addr; empty serves it on --addr")
}

// listenMetrics binds --metrics-addr, when set, and serves /metrics there on
// its own goroutine until Shutdown: the main address then answers 404 for
// it, so the figures can stay on a private network.
func (a *App) listenMetrics() error {
	if a.Config.MetricsAddr == "" {
		return nil
	}
	l, err := net.Listen("tcp", a.Config.MetricsAddr)
	if err != nil {
		return err
	}
	a.metricsListener = l
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.Metrics.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 16 << 10}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.Log.Error("metrics listener stopped", "err", err)
		}
	}()
	a.stop = append(a.stop, func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		<-done
	})
	return nil
}

// MetricsURL is where /metrics is served.
func (a *App) MetricsURL() string {
	if a.metricsListener != nil {
		return "http://" + a.metricsListener.Addr().String() + "/metrics"
	}
	return a.URL() + "/metrics"
}
