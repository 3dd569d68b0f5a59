// Package bench holds Watchword's benchmarks: in-process Go benchmarks of
// the costs beyond the password hash (this file), and load programs that
// drive the real binary over HTTP (login/, me/, run.sh). BENCHMARKS.md at
// the repository root records the results.
package bench_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/api"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/metrics"
	"github.com/watchword/watchword/internal/password"
	"github.com/watchword/watchword/internal/server"
	"github.com/watchword/watchword/internal/store/storetest"
)

const benchPassword = "Bench-Horse-Battery-2026"

// mustStack is the whole HTTP stack over a real core, with hashing so cheap
// that what remains is everything a request costs beyond the hash.
func mustStack(b *testing.B, open storetest.Opener) (http.Handler, string) {
	b.Helper()
	db := open(b, time.Now)
	m := metrics.New()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	pool := password.NewPool(password.PoolConfig{Observer: m.ObserveHash, Queue: 1024,
		Params: password.Params{MemoryKiB: 8, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}})
	svc := identity.New(identity.Deps{Store: db, Hasher: pool, Log: log})
	if _, _, err := svc.Accounts.Create(context.Background(), identity.NewAccount{Name: "bench", Email: "ops@bench.test", Password: benchPassword}); err != nil {
		b.Fatal(err)
	}
	res, err := svc.Auth.Login(context.Background(), identity.LoginInput{AccountName: "bench", Password: benchPassword})
	if err != nil {
		b.Fatal(err)
	}
	return server.Handler(server.Config{}, server.Faces{API: api.New(api.Config{}, svc, log)}, db, m, log), res.Token
}

// BenchmarkMe is the server-side cost of a token-authenticated GET /v1/me:
// middleware, token check, user lookup, JSON.
func BenchmarkMe(b *testing.B) {
	for name, open := range storetest.Dialects() {
		b.Run(name, func(b *testing.B) {
			h, token := mustStack(b, open)
			b.ReportAllocs()
			defer reportCPU(b)()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					r := httptest.NewRequest(http.MethodGet, "/v1/me", nil)
					r.Header.Set("Authorization", "Bearer "+token)
					w := httptest.NewRecorder()
					h.ServeHTTP(w, r)
					if w.Code != http.StatusOK {
						b.Fatalf("%d %s", w.Code, w.Body)
					}
				}
			})
		})
	}
}

// BenchmarkLoginBeyondHash is the cost of POST /v1/auth/login with a
// near-free hash: lookups, session write, audit, JSON.
func BenchmarkLoginBeyondHash(b *testing.B) {
	body := `{"account":"bench","password":"` + benchPassword + `"}`
	for name, open := range storetest.Dialects() {
		b.Run(name, func(b *testing.B) {
			h, _ := mustStack(b, open)
			b.ReportAllocs()
			defer reportCPU(b)()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					r := httptest.NewRequest(http.MethodPost, "/v1/auth/login", strings.NewReader(body))
					r.Header.Set("Content-Type", "application/json")
					w := httptest.NewRecorder()
					h.ServeHTTP(w, r)
					if w.Code != http.StatusOK {
						b.Fatalf("%d %s", w.Code, w.Body)
					}
				}
			})
		})
	}
}

// BenchmarkLoginInProcess is logins at the default argon2id parameters with
// 2 hash workers, called on the core directly from c goroutines (no HTTP). It
// reports logins/s, the mean hash time measured by the pool over the same
// window, and how busy the two workers were: logins/s is bound by
// 2 / hash time, and busy says how close the login path came to that bound.
func BenchmarkLoginInProcess(b *testing.B) {
	for name, open := range storetest.Dialects() {
		for _, c := range []int{2, 8} {
			b.Run(name+"/c="+strconv.Itoa(c), func(b *testing.B) {
				var hashNs atomic.Int64
				pool := password.NewPool(password.PoolConfig{Workers: 2, Queue: 64,
					Observer: func(_ string, d time.Duration) { hashNs.Add(int64(d)) }})
				svc := identity.New(identity.Deps{Store: open(b, time.Now), Hasher: pool})
				in := identity.LoginInput{AccountName: "bench", Password: benchPassword}
				if _, _, err := svc.Accounts.Create(context.Background(), identity.NewAccount{Name: "bench", Email: "ops@bench.test", Password: benchPassword}); err != nil {
					b.Fatal(err)
				}
				hashNs.Store(0)
				var next atomic.Int64
				start := time.Now()
				b.ResetTimer()
				var wg sync.WaitGroup
				for range c {
					wg.Go(func() {
						for next.Add(1) <= int64(b.N) {
							if _, err := svc.Auth.Login(context.Background(), in); err != nil {
								b.Error(err)
								return
							}
						}
					})
				}
				wg.Wait()
				b.StopTimer()
				elapsed := time.Since(start)
				b.ReportMetric(float64(b.N)/elapsed.Seconds(), "logins/s")
				b.ReportMetric(float64(hashNs.Load())/float64(b.N)/1e6, "hash-ms")
				b.ReportMetric(float64(hashNs.Load())/float64(elapsed)/float64(min(c, 2)), "busy")
			})
		}
	}
}

// BenchmarkArgon2id is the raw hash at the default parameters, for the ratio.
func BenchmarkArgon2id(b *testing.B) {
	defer reportCPU(b)()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := password.Hash(benchPassword, password.DefaultParams); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// reportCPU reports the process's CPU time (user+system) per operation, a
// figure that holds on a shared machine where wall time does not. Call the
// returned function when the measured loop is done. The CPU of the database
// server (PostgreSQL) is not counted.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	b.ResetTimer()
	return func() {
		b.StopTimer()
		b.ReportMetric(float64((cpuTime()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
