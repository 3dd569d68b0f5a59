package delivery_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"time"

	"github.com/watchword/watchword/internal/notify"
)

// fakeClock is a settable clock shared by the worker and the fake outbox.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// row is a message in the fake outbox.
type row struct {
	msg         notify.Message
	due         time.Time
	leasedUntil time.Time
	state       string // pending, sent, dead
	lastErr     string
	sentAt      time.Time
}

// fakeOutbox keeps the outbox in memory with the semantics the SQL stores
// promise: due and unleased rows are claimed in order, attempts count claims.
type fakeOutbox struct {
	mu    sync.Mutex
	clock func() time.Time
	rows  []*row
	// sealer, when set, seals Secret as the SQL store does.
	sealer notify.Sealer
	// renewals counts RenewOutbox calls.
	renewals int
}

var _ notify.Outbox = (*fakeOutbox)(nil)

func (o *fakeOutbox) add(n notify.Notification) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	id := "m" + strconv.Itoa(len(o.rows)+1)
	now := o.clock()
	sealed, err := notify.SealSecrets(o.sealer, id, n.Secret)
	if err != nil {
		panic(err)
	}
	n.Secret = nil
	o.rows = append(o.rows, &row{msg: notify.Message{ID: id, Notification: n, CreatedAt: now, Sealed: sealed}, due: now, state: "pending"})
	return id
}

func (o *fakeOutbox) ClaimOutbox(_ context.Context, limit int, lease time.Duration) ([]notify.Message, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	now := o.clock()
	var out []notify.Message
	for _, r := range o.rows {
		if len(out) == limit {
			break
		}
		if r.state != "pending" || r.due.After(now) || r.leasedUntil.After(now) {
			continue
		}
		r.msg.Attempts++
		r.leasedUntil = now.Add(lease)
		out = append(out, r.msg)
	}
	return out, nil
}

func (o *fakeOutbox) RenewOutbox(_ context.Context, ids []string, lease time.Duration) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.renewals++
	for _, id := range ids {
		if r := o.find(id); r != nil && r.state == "pending" && !r.leasedUntil.IsZero() {
			r.leasedUntil = o.clock().Add(lease)
		}
	}
	return nil
}

func (o *fakeOutbox) ReleaseOutbox(_ context.Context, ids []string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, id := range ids {
		if r := o.find(id); r != nil && r.state == "pending" && !r.leasedUntil.IsZero() {
			r.leasedUntil = time.Time{}
			r.msg.Attempts--
		}
	}
	return nil
}

func (o *fakeOutbox) find(id string) *row {
	for _, r := range o.rows {
		if r.msg.ID == id {
			return r
		}
	}
	return nil
}

func (o *fakeOutbox) MarkOutboxSent(_ context.Context, id string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r := o.find(id)
	if r == nil {
		return errors.New("no such message")
	}
	r.state, r.leasedUntil, r.sentAt, r.msg.Sealed = "sent", time.Time{}, o.clock(), ""
	return nil
}

func (o *fakeOutbox) MarkOutboxFailed(_ context.Context, id string, retryAt time.Time, lastErr string, dead bool) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r := o.find(id)
	if r == nil {
		return errors.New("no such message")
	}
	r.due, r.lastErr, r.leasedUntil = retryAt, lastErr, time.Time{}
	if dead {
		r.state, r.msg.Sealed = "dead", ""
	}
	return nil
}

func (o *fakeOutbox) get(id string) row {
	o.mu.Lock()
	defer o.mu.Unlock()
	return *o.find(id)
}

// outcomes records what OnOutcome reports.
type outcomes struct {
	mu  sync.Mutex
	got []string
}

func (o *outcomes) add(s string, _ notify.Notification) {
	o.mu.Lock()
	o.got = append(o.got, s)
	o.mu.Unlock()
}
func (o *outcomes) count(s string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := 0
	for _, g := range o.got {
		if g == s {
			n++
		}
	}
	return n
}
