package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/api/client"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/password"
)

// TestHealthAndReadiness: /healthz says the process is alive whatever its
// store does; /readyz probes the store (a read and a write) and answers 503
// with Retry-After when it cannot serve.
func TestHealthAndReadiness(t *testing.T) {
	s := mustAPIServer(t)
	r := s.raw(t, http.MethodGet, "/healthz", "", "", nil)
	if r.Status != http.StatusOK || string(r.Body) != "{\"status\":\"ok\"}\n" || r.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("healthz: %d %q", r.Status, r.Body)
	}
	var ready struct {
		Status string
		Checks []struct {
			Name, Detail string
			OK           bool
		}
	}
	r = s.raw(t, http.MethodGet, "/readyz", "", "", nil)
	if r.Status != http.StatusOK || json.Unmarshal(r.Body, &ready) != nil || ready.Status != "ready" || len(ready.Checks) != 3 ||
		ready.Checks[0].Name != "store.read" || !ready.Checks[1].OK || ready.Checks[2].Name != "outbox" {
		t.Fatalf("readyz: %d %s", r.Status, r.Body)
	}
	if err := s.DB.Close(); err != nil {
		t.Fatal(err)
	}
	if r := s.raw(t, http.MethodGet, "/healthz", "", "", nil); r.Status != http.StatusOK {
		t.Fatalf("healthz with the store closed: %d %q (alive is not ready)", r.Status, r.Body)
	}
	r = s.raw(t, http.MethodGet, "/readyz", "", "", nil)
	if r.Status != http.StatusServiceUnavailable || r.Header.Get("Retry-After") != "5" || json.Unmarshal(r.Body, &ready) != nil ||
		ready.Status != "unavailable" || ready.Checks[0].OK || ready.Checks[1].OK {
		t.Fatalf("readyz with the store closed: %d %s", r.Status, r.Body)
	}
}

func TestMetrics(t *testing.T) {
	s := mustAPIServer(t)
	ctx := context.Background()
	for range 3 {
		if _, err := s.Root.Me(ctx); err != nil {
			t.Fatal(err)
		}
	}
	_, _ = s.Anon.Login(ctx, client.Credentials{Account: "acme", Password: "wrong"})
	for _, id := range []string{"a", "b"} {
		_, _ = s.Root.User(ctx, id)
	}
	r := s.raw(t, http.MethodGet, "/metrics", "", "", nil)
	if r.Status != http.StatusOK {
		t.Fatalf("metrics: %d", r.Status)
	}
	body := string(r.Body)
	for _, want := range []struct {
		series string
		min    float64
	}{
		{`watchword_http_requests_total{method="GET",route="/v1/me",status="200"}`, 3},
		{`watchword_http_requests_total{method="POST",route="/v1/auth/login",status="200"}`, 1}, // mustAPIServer's own login
		{`watchword_http_requests_total{method="POST",route="/v1/auth/login",status="401"}`, 1},
		// Requests are counted by route pattern, never by raw path.
		{`watchword_http_requests_total{method="GET",route="/v1/users/{id}",status="404"}`, 2},
		{`watchword_http_request_duration_seconds_count{method="GET",route="/v1/me"}`, 3},
		{`watchword_password_hash_duration_seconds_count{op="verify"}`, 2},
		{`watchword_password_hash_duration_seconds_count{op="hash"}`, 1},
		{`watchword_password_hash_duration_seconds_bucket{op="verify",le="+Inf"}`, 2},
	} {
		m := regexp.MustCompile(regexp.QuoteMeta(want.series) + ` (\S+)`).FindStringSubmatch(body)
		if m == nil {
			t.Errorf("no %s in /metrics", want.series)
			continue
		}
		if v, _ := strconv.ParseFloat(m[1], 64); v < want.min {
			t.Errorf("%s = %v, want at least %v", want.series, v, want.min)
		}
	}
	if regexp.MustCompile(`route="/v1/users/a"`).MatchString(body) {
		t.Error("a raw path leaked into the route label")
	}
}

// TestHashPoolBusy floods a pool of one worker and one queue place: the
// overflow is a 503 with Retry-After, never a 500 or a hang. Failed-login
// counting is off: a burst of sign-ins from one address past the login
// policy's threshold is refused before the pool (proof_password.go), and
// this test is about the pool.
func TestHashPoolBusy(t *testing.T) {
	heavy := password.Params{MemoryKiB: 4096, Iterations: 4, Parallelism: 1, SaltLen: 16, KeyLen: 32}
	s := mustAPIServerWith(t, serverOptions{Pool: password.PoolConfig{Params: heavy, Workers: 1, Queue: 1, MaxWait: 5 * time.Millisecond},
		Core: identity.Config{BruteForceDisabled: true}})
	const n = 12
	statuses := make(chan rawResponse, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			statuses <- s.raw(t, http.MethodPost, "/v1/auth/login", "", "application/json",
				[]byte(`{"account":"acme","password":"`+rootPassword+`"}`))
		})
	}
	wg.Wait()
	close(statuses)
	busy := 0
	for r := range statuses {
		switch r.Status {
		case http.StatusOK:
		case http.StatusServiceUnavailable:
			busy++
			mustProblem(t, r, http.StatusServiceUnavailable, "hash.busy")
			if r.Header.Get("Retry-After") != "1" {
				t.Fatalf("Retry-After: %q", r.Header.Get("Retry-After"))
			}
		default:
			t.Fatalf("status %d: %s", r.Status, r.Body)
		}
	}
	if busy == 0 {
		t.Fatal("no request was turned away by a saturated pool")
	}
}
