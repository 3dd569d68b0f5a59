// Command me measures the latency of a token-authenticated GET /v1/me at a
// fixed request rate (an open loop: requests leave on schedule whether or
// not earlier ones have answered, so a stall shows in the latencies instead
// of quietly lowering the rate).
//
//	go run ./bench/me -url http://127.0.0.1:8080 -account bench -password '...' -rate 1000 -d 30s
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	url := flag.String("url", "http://127.0.0.1:8080", "server base URL")
	account := flag.String("account", "bench", "account to log in to (as its root user)")
	pw := flag.String("password", "", "the root user's password")
	rate := flag.Int("rate", 1000, "requests per second")
	dur := flag.Duration("d", 30*time.Second, "measured duration")
	warm := flag.Duration("warmup", 3*time.Second, "warm-up at the same rate, not measured")
	label := flag.String("label", "", "label printed with the result")
	flag.Parse()
	if *pw == "" {
		log.Fatal("me: -password is required")
	}
	hc := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256, MaxIdleConns: 256}}
	token := mustLogin(hc, *url, *account, *pw)

	run(hc, *url, token, *rate, *warm)
	lat, errs, late := run(hc, *url, token, *rate, *dur)
	slices.Sort(lat)
	q := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	fmt.Printf("%-8s GET /v1/me at %d/s for %v: n=%d errors=%d late-starts=%d  p50 %v  p90 %v  p99 %v  p99.9 %v  max %v\n",
		*label, *rate, *dur, len(lat), errs, late, q(.50), q(.90), q(.99), q(.999), q(1))
	_ = json.NewEncoder(os.Stderr).Encode(map[string]any{"label": *label, "rate": *rate, "seconds": dur.Seconds(), "n": len(lat),
		"errors": errs, "late_starts": late, "p50_ms": ms(q(.50)), "p90_ms": ms(q(.90)), "p99_ms": ms(q(.99)),
		"p999_ms": ms(q(.999)), "max_ms": ms(q(1))})
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// run sends rate requests per second for d. Each latency is measured from
// the request's scheduled start, so time spent waiting to be sent counts.
func run(hc *http.Client, url, token string, rate int, d time.Duration) (lat []time.Duration, errs, late int64) {
	n := int(float64(rate) * d.Seconds())
	lat = make([]time.Duration, n)
	var nErr, nLate atomic.Int64
	interval := time.Second / time.Duration(rate)
	start := time.Now()
	var wg sync.WaitGroup
	for i := range n {
		at := start.Add(time.Duration(i) * interval)
		if wait := time.Until(at); wait > 0 {
			time.Sleep(wait)
		} else if wait < -time.Millisecond {
			nLate.Add(1) // the generator itself fell behind
		}
		wg.Go(func() {
			req, _ := http.NewRequest(http.MethodGet, url+"/v1/me", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			res, err := hc.Do(req)
			if err == nil {
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					err = fmt.Errorf("status %d", res.StatusCode)
				}
			}
			lat[i] = time.Since(at)
			if err != nil {
				nErr.Add(1)
				log.Print(err)
			}
		})
	}
	wg.Wait()
	return lat, nErr.Load(), nLate.Load()
}

func mustLogin(hc *http.Client, url, account, pw string) string {
	body, _ := json.Marshal(map[string]string{"account": account, "password": pw})
	res, err := hc.Post(url+"/v1/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		log.Fatal(err)
	}
	defer res.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		log.Fatalf("me: login failed (%d): %v", res.StatusCode, err)
	}
	return tok.AccessToken
}
