package delivery_test

import (
	"context"
	"strings"
	"sync"
	"testing"

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
