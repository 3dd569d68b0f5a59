package password_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/password"
)

// waitLoad polls the pool until it reports running hashes and queued
// callers as given, or fails after a deadline.
func waitLoad(t *testing.T, p *password.Pool, running, queued int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		r, q := p.Load()
		if r == running && q == queued {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("pool load %d running, %d queued; want %d, %d", r, q, running, queued)
		}
	}
}

// TestPoolLoad saturates a pool of one worker and one waiting place: Load
// reports both held, a third caller is refused at once as busy, and the
// pool is empty again once they finish.
func TestPoolLoad(t *testing.T) {
	p := password.NewPool(password.PoolConfig{Params: password.Params{MemoryKiB: 8, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 16},
		Workers: 1, Queue: 1, MaxWait: time.Minute})
	if r, q := p.Load(); r != 0 || q != 0 {
		t.Fatalf("idle pool load %d, %d", r, q)
	}
	slow, err := password.Hash("x", password.Params{MemoryKiB: 1024, Iterations: 300, Parallelism: 1, SaltLen: 16, KeyLen: 32})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() { _, _, _ = p.Verify(context.Background(), "x", slow) })
	waitLoad(t, p, 1, 0)
	wg.Go(func() { _, _, _ = p.Verify(context.Background(), "x", slow) })
	waitLoad(t, p, 1, 1)
	_, _, err = p.Verify(context.Background(), "x", slow)
	if fault.CodeOf(err) != "hash.busy" {
		t.Fatalf("third caller on a saturated pool: %v", err)
	}
	wg.Wait()
	waitLoad(t, p, 0, 0)
}
