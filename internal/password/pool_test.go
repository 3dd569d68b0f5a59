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

// waits records what PoolConfig.OnWait hears.
type waits struct {
	mu  sync.Mutex
	got map[string][]time.Duration
}

func (w *waits) add(outcome string, d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.got == nil {
		w.got = map[string][]time.Duration{}
	}
	w.got[outcome] = append(w.got[outcome], d)
}

func (w *waits) of(outcome string) []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.got[outcome]...)
}

// TestPoolReportsWaits: OnWait hears every caller's wait for a slot once,
// with how it ended: a free slot at once (0), a slot after the running
// hash finished (the time it waited), busy when the queue is full, and
// cancelled when the caller gives up.
func TestPoolReportsWaits(t *testing.T) {
	w := &waits{}
	p := password.NewPool(password.PoolConfig{Params: password.Params{MemoryKiB: 8, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 16},
		Workers: 1, Queue: 1, MaxWait: time.Minute, OnWait: w.add})
	slow, err := password.Hash("x", password.Params{MemoryKiB: 1024, Iterations: 300, Parallelism: 1, SaltLen: 16, KeyLen: 32})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() { _, _, _ = p.Verify(context.Background(), "x", slow) })
	waitLoad(t, p, 1, 0)
	wg.Go(func() { _, _, _ = p.Verify(context.Background(), "x", slow) })
	waitLoad(t, p, 1, 1)
	if _, _, err := p.Verify(context.Background(), "x", slow); fault.CodeOf(err) != "hash.busy" {
		t.Fatalf("third caller: %v", err)
	}
	wg.Wait()
	got := w.of(password.WaitAcquired)
	if len(got) != 2 || got[0] != 0 || got[1] <= 0 {
		t.Errorf("acquired waits %v, want one at 0 and one that waited", got)
	}
	if got := w.of(password.WaitBusy); len(got) != 1 {
		t.Errorf("busy waits %v, want one", got)
	}

	// A caller whose request ends while it waits.
	wg.Go(func() { _, _, _ = p.Verify(context.Background(), "x", slow) })
	waitLoad(t, p, 1, 0)
	ctx, cancel := context.WithCancel(context.Background())
	wg.Go(func() { _, _, _ = p.Verify(ctx, "x", slow) })
	waitLoad(t, p, 1, 1)
	cancel()
	wg.Wait()
	if got := w.of(password.WaitCancelled); len(got) != 1 || got[0] <= 0 {
		t.Errorf("cancelled waits %v, want one", got)
	}
}
