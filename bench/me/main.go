// Command me measures the latency of a token-authenticated GET (/v1/me, or
// -path) at a fixed request rate (an open loop: requests leave on schedule whether or
// not earlier ones have answered, so a stall shows in the latencies instead
// of quietly lowering the rate). It reports latency from each request's
// scheduled start, from its actual send, and as the server itself measured
// it (its /metrics histogram), so that a slow generator on a shared machine
// can be told apart from a slow server.
//
//	go run ./bench/me -url http://127.0.0.1:8080 -account bench -password '...' -rate 1000 -d 30s
package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
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
	path := flag.String("path", "/v1/me", "the GET to measure (e.g. /v1/users?limit=50, /v1/me/sessions)")
	flag.Parse()
	route := strings.SplitN(*path, "?", 2)[0]
	if *pw == "" {
		log.Fatal("me: -password is required")
	}
	hc := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256, MaxIdleConns: 256}}
	token := mustLogin(hc, *url, *account, *pw)

	run(hc, *url+*path, token, *rate, *warm)
	before, cpuBefore := serverBuckets(hc, *url, route)
	lat, svc, errs, late := run(hc, *url+*path, token, *rate, *dur)
	after, cpuAfter := serverBuckets(hc, *url, route)
	server := serverQuantiles(before, after)
	cpu := (cpuAfter - cpuBefore) / float64(len(lat)) * 1000 // ms of server CPU per request (scrapes included)
	q, qs := quantiles(lat), quantiles(svc)
	fmt.Printf("%-8s GET %s at %d/s for %v: n=%d errors=%d late-starts=%d server CPU %.3f ms/request\n",
		*label, *path, *rate, *dur, len(lat), errs, late, cpu)
	fmt.Printf("%-8s   from schedule: p50 %v  p90 %v  p99 %v  p99.9 %v  max %v\n", *label, q(.50), q(.90), q(.99), q(.999), q(1))
	fmt.Printf("%-8s   from send:     p50 %v  p90 %v  p99 %v  p99.9 %v  max %v\n", *label, qs(.50), qs(.90), qs(.99), qs(.999), qs(1))
	fmt.Printf("%-8s   in the server (histogram bucket holding the quantile): p50 <= %s  p99 <= %s  p99.9 <= %s\n",
		*label, server[0], server[1], server[2])
	_ = json.NewEncoder(os.Stderr).Encode(map[string]any{"label": *label, "path": *path, "cpu_ms": cpu, "rate": *rate, "seconds": dur.Seconds(), "n": len(lat),
		"errors": errs, "late_starts": late, "p50_ms": ms(q(.50)), "p90_ms": ms(q(.90)), "p99_ms": ms(q(.99)),
		"p999_ms": ms(q(.999)), "max_ms": ms(q(1)), "send_p50_ms": ms(qs(.50)), "send_p99_ms": ms(qs(.99)),
		"server_p50_le": server[0], "server_p99_le": server[1], "server_p999_le": server[2]})
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

var cpuSeconds = regexp.MustCompile(`(?m)^process_cpu_seconds_total (\S+)$`)

// serverBuckets reads the server's cumulative latency histogram of GET
// route, and its process CPU seconds.
func serverBuckets(hc *http.Client, url, route string) (map[string]float64, float64) {
	bucket := regexp.MustCompile(`(?m)^watchword_http_request_duration_seconds_bucket\{method="GET",route="` +
		regexp.QuoteMeta(route) + `",le="([^"]+)"\} (\S+)$`)
	res, err := hc.Get(url + "/metrics")
	if err != nil {
		log.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	out := map[string]float64{}
	for _, m := range bucket.FindAllStringSubmatch(string(b), -1) {
		out[m[1]], _ = strconv.ParseFloat(m[2], 64)
	}
	var cpu float64
	if m := cpuSeconds.FindSubmatch(b); m != nil {
		cpu, _ = strconv.ParseFloat(string(m[1]), 64)
	}
	return out, cpu
}

// serverQuantiles returns, for p50, p99 and p99.9 of the requests between
// two scrapes, the upper bound of the histogram bucket that holds it.
func serverQuantiles(before, after map[string]float64) [3]string {
	type b struct {
		le    float64
		label string
		n     float64
	}
	var bs []b
	for k, v := range after {
		le, err := strconv.ParseFloat(k, 64)
		if k == "+Inf" {
			le, err = math.Inf(1), nil
		}
		if err == nil {
			bs = append(bs, b{le, k, v - before[k]})
		}
	}
	slices.SortFunc(bs, func(x, y b) int { return cmp.Compare(x.le, y.le) })
	var out [3]string
	if len(bs) == 0 {
		return out
	}
	total := bs[len(bs)-1].n
	for i, p := range []float64{.50, .99, .999} {
		for _, x := range bs {
			if x.n >= p*total {
				out[i] = x.label + "s"
				break
			}
		}
	}
	return out
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// run sends rate requests per second for d. Each latency is measured from
// the request's scheduled start, so time spent waiting to be sent counts;
// svc is measured from the moment the request was handed to the client.
func run(hc *http.Client, url, token string, rate int, d time.Duration) (lat, svc []time.Duration, errs, late int64) {
	n := int(float64(rate) * d.Seconds())
	lat, svc = make([]time.Duration, n), make([]time.Duration, n)
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
			req, _ := http.NewRequest(http.MethodGet, url, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			sent := time.Now()
			res, err := hc.Do(req)
			if err == nil {
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					err = fmt.Errorf("status %d", res.StatusCode)
				}
			}
			lat[i], svc[i] = time.Since(at), time.Since(sent)
			if err != nil {
				nErr.Add(1)
				log.Print(err)
			}
		})
	}
	wg.Wait()
	return lat, svc, nErr.Load(), nLate.Load()
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
