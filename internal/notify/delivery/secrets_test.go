package delivery_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/notify/delivery"
	"github.com/watchword/watchword/internal/secret"
)

func testKeyring(t *testing.T) *secret.Keyring {
	t.Helper()
	k, err := secret.NewKeyring(secret.Key{ID: "k1", Secret: make([]byte, secret.KeySize)})
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// recordingSender keeps what it was asked to send.
type recordingSender struct {
	mu   sync.Mutex
	sent []notify.Rendered
}

func (s *recordingSender) Channel() notify.Channel { return notify.Email }
func (s *recordingSender) Send(_ context.Context, _ notify.Message, r notify.Rendered) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, r)
	return nil
}

// TestWorkerOpensSealedSecrets: the outbox holds the code sealed; the worker
// opens it for the template, and without the keyring it sends nothing.
func TestWorkerOpensSealedSecrets(t *testing.T) {
	k := testKeyring(t)
	note := notify.Notification{Channel: notify.Email, To: "a@example.com", Template: notify.ResetCode, Locale: "en",
		Data: map[string]string{"name": "Alice", "expires_minutes": "15"}, Secret: map[string]string{"code": "482913"}}

	t.Run("WithKeys", func(t *testing.T) {
		rec := &recordingSender{}
		h := newHarness(t, delivery.WorkerConfig{Keys: k}, rec)
		h.outbox.sealer = k
		id := h.outbox.add(note)
		if r := h.outbox.get(id); r.msg.Sealed == "" || strings.Contains(r.msg.Sealed, "482913") || r.msg.Secret != nil {
			t.Fatalf("queued row holds %+v", r.msg)
		}
		h.drain(t, 1)
		if len(rec.sent) != 1 || !strings.Contains(rec.sent[0].Text, "482913") {
			t.Fatalf("sent %+v", rec.sent)
		}
		if r := h.outbox.get(id); r.state != "sent" || r.msg.Sealed != "" {
			t.Fatalf("after delivery: %+v", r)
		}
	})
	t.Run("WithoutKeys", func(t *testing.T) {
		rec := &recordingSender{}
		h := newHarness(t, delivery.WorkerConfig{}, rec)
		h.outbox.sealer = k
		id := h.outbox.add(note)
		h.drain(t, 1)
		if r := h.outbox.get(id); len(rec.sent) != 0 || r.state != "pending" || !strings.Contains(r.lastErr, "no keyring") {
			t.Fatalf("without keys: sent %d, row %+v", len(rec.sent), r)
		}
	})
}

// TestWorkerPurgesSentAfterRetention: sent messages go once older than the
// retention by the worker's clock; pending and dead ones stay.
func TestWorkerPurgesSentAfterRetention(t *testing.T) {
	rec := &recordingSender{}
	h := newHarness(t, delivery.WorkerConfig{MaxAttempts: 1}, rec)
	old := h.outbox.add(email("old@example.com", notify.PasswordChangedShowEmail, "en"))
	h.drain(t, 1)
	h.clock.Advance(10 * 24 * time.Hour)
	recent := h.outbox.add(email("recent@example.com", notify.PasswordChangedShowEmail, "en"))
	h.drain(t, 1)
	dead := h.outbox.add(notify.Notification{Channel: notify.Email, To: "dead@example.com", Template: "no_such_template"})
	h.drain(t, 1)
	pending := h.outbox.add(email("later@example.com", notify.PasswordChangedShowEmail, "en"))

	h.clock.Advance(20*24*time.Hour - time.Second) // old was sent 30 days less a second ago
	if n, err := h.worker.Purge(context.Background()); err != nil || n != 0 {
		t.Fatalf("purge before 30 days = %d, %v", n, err)
	}
	h.clock.Advance(2 * time.Second)
	if n, err := h.worker.Purge(context.Background()); err != nil || n != 1 {
		t.Fatalf("purge after 30 days = %d, %v", n, err)
	}
	if h.outbox.find(old) != nil {
		t.Error("the message sent 30 days ago is still there")
	}
	for _, id := range []string{recent, dead, pending} {
		if h.outbox.find(id) == nil {
			t.Errorf("%s was purged", id)
		}
	}
	h.clock.Advance(365 * 24 * time.Hour)
	if n, _ := h.worker.Purge(context.Background()); n != 1 || h.outbox.find(dead) == nil || h.outbox.find(pending) == nil {
		t.Errorf("a year on: purged %d; dead and pending must stay", n)
	}
}

// TestWorkerRunPurges: Run purges at start and every PurgeEvery.
func TestWorkerRunPurges(t *testing.T) {
	h := newHarness(t, delivery.WorkerConfig{Retention: time.Hour, PurgeEvery: time.Minute, PollInterval: time.Millisecond}, &recordingSender{})
	id := h.outbox.add(email("a@example.com", notify.PasswordChangedShowEmail, "en"))
	h.drain(t, 1)
	h.clock.Advance(2 * time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- h.worker.Run(ctx) }()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		h.outbox.mu.Lock()
		gone := h.outbox.find(id) == nil
		h.outbox.mu.Unlock()
		if gone {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if h.outbox.find(id) != nil {
		t.Fatal("Run did not purge a message sent two hours before, with a one-hour retention")
	}
}
