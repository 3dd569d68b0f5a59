package delivery_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/notify/delivery"
)

// blockingSender holds each send until released or its context ends.
type blockingSender struct {
	started chan string
	release chan struct{}
	sent    atomic.Int32
}

func newBlockingSender() *blockingSender {
	return &blockingSender{started: make(chan string, 10), release: make(chan struct{})}
}

func (s *blockingSender) Channel() notify.Channel { return notify.Email }
func (s *blockingSender) Send(ctx context.Context, m notify.Message, _ notify.Rendered) error {
	s.started <- m.ID
	select {
	case <-s.release:
		s.sent.Add(1)
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// runUntilFirstSend starts Run on three queued messages and returns when the
// first send has begun, with the function that stops Run and waits for it.
func runUntilFirstSend(t *testing.T, h *harness, s *blockingSender) (ids []string, stop func() time.Duration) {
	t.Helper()
	for _, to := range []string{"a@example.com", "b@example.com", "c@example.com"} {
		ids = append(ids, h.outbox.add(email(to, notify.PasswordChangedShowEmail, "en")))
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = h.worker.Run(ctx); close(done) }()
	select {
	case <-s.started:
	case <-time.After(10 * time.Second):
		t.Fatal("no send began")
	}
	return ids, func() time.Duration {
		start := time.Now()
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("Run did not return")
		}
		return time.Since(start)
	}
}

// TestShutdownFinishesTheSendInProgress: a shutdown during a send lets it
// finish (it is marked sent), and hands the batch's other claims back at
// once: unleased, their claim not counted as an attempt.
func TestShutdownFinishesTheSendInProgress(t *testing.T) {
	s := newBlockingSender()
	h := newHarness(t, delivery.WorkerConfig{Grace: 5 * time.Second, PollInterval: time.Hour}, s)
	ids, stop := runUntilFirstSend(t, h, s)
	go func() { time.Sleep(100 * time.Millisecond); close(s.release) }()
	stop()
	if r := h.outbox.get(ids[0]); r.state != "sent" || s.sent.Load() != 1 {
		t.Fatalf("the send in progress: %s (sent %d); want it finished", r.state, s.sent.Load())
	}
	for _, id := range ids[1:] {
		r := h.outbox.get(id)
		if r.state != "pending" || !r.leasedUntil.IsZero() || r.msg.Attempts != 0 {
			t.Fatalf("%s after shutdown: %s lease %v attempts %d; want pending, released, no attempt", id, r.state, r.leasedUntil, r.msg.Attempts)
		}
	}
}

// TestShutdownCutsASendPastGrace: a send that outlasts the grace is cut and
// retried later, never lost or marked dead.
func TestShutdownCutsASendPastGrace(t *testing.T) {
	s := newBlockingSender()
	h := newHarness(t, delivery.WorkerConfig{Grace: 50 * time.Millisecond, PollInterval: time.Hour}, s)
	ids, stop := runUntilFirstSend(t, h, s)
	if took := stop(); took > 5*time.Second {
		t.Fatalf("shutdown took %v with a 50ms grace", took)
	}
	r := h.outbox.get(ids[0])
	if r.state != "pending" || r.lastErr == "" || s.sent.Load() != 0 {
		t.Fatalf("the cut send: %s %q; want pending with its error, for a retry", r.state, r.lastErr)
	}
}

// TestLeasesRenewedWhileSending: claims are renewed while a slow send runs,
// so a short lease never lets another replica take them mid-batch.
func TestLeasesRenewedWhileSending(t *testing.T) {
	s := newBlockingSender()
	h := newHarness(t, delivery.WorkerConfig{Lease: 60 * time.Millisecond, PollInterval: time.Hour}, s)
	_, stop := runUntilFirstSend(t, h, s)
	time.Sleep(300 * time.Millisecond)
	h.outbox.mu.Lock()
	renewals := h.outbox.renewals
	h.outbox.mu.Unlock()
	close(s.release)
	stop()
	if renewals < 3 {
		t.Fatalf("%d renewals in 300ms of a 60ms lease; want one every 20ms", renewals)
	}
}
