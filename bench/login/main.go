// Command login measures login throughput through the HTTP API against the
// raw argon2id rate of the same machine: the password hash should be the
// only cost of a login (DESIGN.md, Performance).
//
//	go run ./bench/login -url http://127.0.0.1:8080 -account bench -password '...' -c 2,8 -d 20s
//
// For each concurrency it measures raw hashes per second (goroutines calling
// argon2id in this process, with the server idle), then logins per second
// (goroutines posting /v1/auth/login), then raw again, and prints the ratio
// of logins to the mean of the two raw runs.
//
// On a shared machine the raw rate moves between runs, so it also reports
// how busy the server's hash pool was during the login run itself (from the
// hash durations in /metrics): 1.0 means the server hashed without pause,
// and anything lower is time a login spent on something else while no other
// login could use the idle hash worker.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/watchword/watchword/internal/password"
)

func main() {
	url := flag.String("url", "http://127.0.0.1:8080", "server base URL")
	account := flag.String("account", "bench", "account to log in to (as its root user)")
	pw := flag.String("password", "", "the root user's password")
	conc := flag.String("c", "2,8", "comma-separated concurrencies")
	dur := flag.Duration("d", 20*time.Second, "duration of each measurement")
	warm := flag.Duration("warmup", 3*time.Second, "warm-up before the first measurement")
	mem := flag.Uint("argon-memory", uint(password.DefaultParams.MemoryKiB), "argon2id memory (KiB) of the raw runs: the server's")
	iter := flag.Uint("argon-iterations", uint(password.DefaultParams.Iterations), "argon2id iterations of the raw runs: the server's")
	label := flag.String("label", "", "label printed with each result (e.g. sqlite)")
	workers := flag.Int("workers", 2, "the server's hash workers (its --hash-workers, default its CPU count)")
	pid := flag.Int("pid", 0, "the server's process ID, to report its peak RSS (VmHWM); 0 leaves it out")
	flag.Parse()
	if *pw == "" {
		log.Fatal("login: -password is required")
	}
	params := password.DefaultParams
	params.MemoryKiB, params.Iterations = uint32(*mem), uint32(*iter)
	body, _ := json.Marshal(map[string]string{"account": *account, "password": *pw})
	hc := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

	if _, errs, _ := logins(hc, *url, body, 2, *warm); errs > 0 {
		log.Fatalf("login: %d errors during warm-up; is the account right?", errs)
	}
	for _, f := range strings.Split(*conc, ",") {
		c, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || c < 1 {
			log.Fatalf("login: bad concurrency %q", f)
		}
		raw1, rawCPU1 := raw(params, c, *dur)
		before, cpuBefore := hashSeconds(hc, *url)
		n, errs, lat := logins(hc, *url, body, c, *dur)
		after, cpuAfter := hashSeconds(hc, *url)
		busy := (after - before) / (dur.Seconds() * float64(min(c, *workers)))
		raw2, rawCPU2 := raw(params, c, *dur)
		rate := float64(n) / dur.Seconds()
		rawRate := (raw1 + raw2) / 2
		rawCPU := (rawCPU1 + rawCPU2) / 2
		// Server CPU per login, scrapes of /metrics included (two per run).
		cpu := (cpuAfter - cpuBefore) / float64(max(n, 1))
		q := quantiles(lat)
		rss := peakRSS(*pid)
		fmt.Printf("%-8s c=%-3d logins/s %6.1f  errors %d  raw hashes/s %6.1f (%.1f, %.1f)  ratio %.3f  hash pool busy %.3f\n",
			*label, c, rate, errs, rawRate, raw1, raw2, rate/rawRate, busy)
		fmt.Printf("%-8s        CPU/login %.2f ms, raw CPU/hash %.2f ms, beyond the hash %+.2f ms  p50 %v p99 %v  peak RSS %s\n",
			*label, cpu*1000, rawCPU*1000, (cpu-rawCPU)*1000, q(.5).Round(time.Microsecond*100), q(.99).Round(time.Microsecond*100), rss)
		_ = json.NewEncoder(os.Stderr).Encode(map[string]any{"label": *label, "concurrency": c, "logins_per_s": rate,
			"errors": errs, "raw_per_s": rawRate, "raw_runs": []float64{raw1, raw2}, "ratio": rate / rawRate,
			"hash_pool_busy": busy, "seconds": dur.Seconds(), "cpu_ms_per_login": cpu * 1000, "raw_cpu_ms_per_hash": rawCPU * 1000,
			"beyond_hash_ms": (cpu - rawCPU) * 1000, "p50_ms": ms(q(.5)), "p99_ms": ms(q(.99)), "peak_rss": rss})
	}
}

// peakRSS is the process's peak resident set (VmHWM), or "-" without a pid.
func peakRSS(pid int) string {
	if pid == 0 {
		return "-"
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "?"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return fmt.Sprintf("%d MiB", kb/1024)
		}
	}
	return "?"
}

// quantiles sorts d and returns a function reading its quantiles.
func quantiles(d []time.Duration) func(p float64) time.Duration {
	slices.Sort(d)
	return func(p float64) time.Duration {
		if len(d) == 0 {
			return 0
		}
		return d[min(len(d)-1, int(p*float64(len(d))))]
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// cpuTime is this process's CPU time so far (user and system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// raw returns argon2id hashes per second with c goroutines, and the CPU
// seconds one hash took (this process's CPU over the hashes).
func raw(p password.Params, c int, d time.Duration) (float64, float64) {
	start := cpuTime()
	var n atomic.Int64
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for range c {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				if _, err := password.Hash("Tr0ubadour-Horse-Staple", p); err != nil {
					log.Fatal(err)
				}
				n.Add(1)
			}
		})
	}
	wg.Wait()
	return float64(n.Load()) / d.Seconds(), (cpuTime() - start).Seconds() / float64(max(n.Load(), 1))
}

// logins posts logins from c goroutines for d and counts successes and
// errors (anything but a 200 with a token), with each success's latency.
func logins(hc *http.Client, url string, body []byte, c int, d time.Duration) (ok, errs int64, lat []time.Duration) {
	var nOK, nErr atomic.Int64
	var mu sync.Mutex
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var wg sync.WaitGroup
	for range c {
		wg.Go(func() {
			for ctx.Err() == nil {
				start := time.Now()
				if err := login(ctx, hc, url, body); err != nil {
					if ctx.Err() == nil {
						nErr.Add(1)
						log.Print(err)
					}
					continue
				}
				nOK.Add(1)
				mu.Lock()
				lat = append(lat, time.Since(start))
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return nOK.Load(), nErr.Load(), lat
}

func login(ctx context.Context, hc *http.Client, url string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url+"/v1/auth/login", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK || !bytes.Contains(b, []byte(`"access_token"`)) {
		return fmt.Errorf("login: %d %s", res.StatusCode, b)
	}
	return nil
}

var hashSum = regexp.MustCompile(`(?m)^watchword_password_hash_duration_seconds_sum\{op="(?:hash|verify)"\} (\S+)$`)

var cpuSeconds = regexp.MustCompile(`(?m)^process_cpu_seconds_total (\S+)$`)

// hashSeconds is the server's total time spent hashing so far, and its
// process CPU seconds, from /metrics.
func hashSeconds(hc *http.Client, url string) (float64, float64) {
	res, err := hc.Get(url + "/metrics")
	if err != nil {
		log.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		log.Fatal(err)
	}
	total := 0.0
	for _, m := range hashSum.FindAllStringSubmatch(string(b), -1) {
		v, _ := strconv.ParseFloat(m[1], 64)
		total += v
	}
	var cpu float64
	if m := cpuSeconds.FindSubmatch(b); m != nil {
		cpu, _ = strconv.ParseFloat(string(m[1]), 64)
	}
	return total, cpu
}
