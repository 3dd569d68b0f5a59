package cli

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"runtime"
	"runtime/debug"
	"time"
)

// profilingFlags registers --pprof-addr and --memory-limit.
func profilingFlags(fs *flag.FlagSet, c *Config) {
	fs.StringVar(&c.PprofAddr, "pprof-addr", "",
		"serve Go's profiler (/debug/pprof/) on this loopback address, e.g. 127.0.0.1:6060; off when empty")
	fs.Int64Var(&c.MemoryLimit, "memory-limit", 0,
		"soft memory limit in bytes for the Go runtime (0: 256 MiB + 1.5 × hash workers × argon2id memory; GOMEMLIMIT, when set, wins)")
}

// hashWorkers is --hash-workers, or one per CPU the runtime uses: the hash
// is CPU-bound, so more workers than CPUs only queue inside the scheduler
// while each holds its argon2id memory.
func hashWorkers(c *Config) int {
	if c.HashWorkers > 0 {
		return c.HashWorkers
	}
	return runtime.GOMAXPROCS(0)
}

// memoryLimitBase is what the service needs besides its hash workers:
// connection pools, caches, requests in flight.
const memoryLimitBase = 256 << 20

// applyMemoryLimit sets the runtime's soft memory limit, so that the garbage
// collector works harder before the heap grows past what the hash pool
// needs: every argon2id hash allocates its whole memory cost, and without a
// limit the heap goal doubles with them (GOGC) on many-core machines. It
// returns the limit set, or 0 when GOMEMLIMIT decides. The limit is the
// process's, so only serve sets it, never NewApp (tests build many apps in
// one process).
func applyMemoryLimit(c *Config) int64 {
	workers := hashWorkers(c)
	if os.Getenv("GOMEMLIMIT") != "" {
		return 0
	}
	limit := c.MemoryLimit
	if limit <= 0 {
		limit = memoryLimitBase + int64(workers)*int64(c.Argon.MemoryKiB)*1024*3/2
	}
	debug.SetMemoryLimit(limit)
	return limit
}

// listenPprof serves the profiler on --pprof-addr, which must be a loopback
// address: profiles show what the process is doing, and the profiler can be
// made to spend the CPU; it is for the operator on the machine, never for
// the network.
func (a *App) listenPprof() error {
	if a.Config.PprofAddr == "" {
		return nil
	}
	host, _, err := net.SplitHostPort(a.Config.PprofAddr)
	if err != nil {
		return fmt.Errorf("--pprof-addr: %w", err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("--pprof-addr %s: the profiler listens on loopback only (127.0.0.1 or ::1)", a.Config.PprofAddr)
	}
	l, err := net.Listen("tcp", a.Config.PprofAddr)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	// A CPU profile or trace runs for its ?seconds=: no write timeout.
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, MaxHeaderBytes: 16 << 10}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.Log.Error("pprof listener stopped", "err", err)
		}
	}()
	a.pprofURL = "http://" + l.Addr().String() + "/debug/pprof/"
	a.stop = append(a.stop, func() {
		_ = srv.Close() // a profile in progress ends with the process
		<-done
	})
	return nil
}

// PprofURL is where the profiler listens; empty when off.
func (a *App) PprofURL() string { return a.pprofURL }
