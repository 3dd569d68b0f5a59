package password

import (
	"context"
	"time"

	"github.com/watchword/watchword/internal/fault"
)

// Pool bounds how many hashes run at once, so that a flood of logins queues
// instead of exhausting memory (each argon2id hash holds MemoryKiB while it runs).
// Callers that cannot get a slot within the queue wait get fault.Unavailable
// with a RetryAfter, which faces turn into 503 + Retry-After.
type Pool struct {
	params  Params
	slots   chan struct{}
	waiting chan struct{}
	maxWait time.Duration
	observe func(op string, d time.Duration)
	waited  func(outcome string, d time.Duration)
}

// PoolConfig sizes a Pool.
type PoolConfig struct {
	Params   Params
	Workers  int           // hashes running at once; default 2
	Queue    int           // callers allowed to wait for a slot; default 64
	MaxWait  time.Duration // how long a caller waits for a slot; default 2s
	Observer func(op string, d time.Duration)
	// OnWait, when set, hears how long each caller waited for a slot and
	// how the wait ended: WaitAcquired, WaitBusy (queue full or MaxWait
	// passed) or WaitCancelled.
	OnWait func(outcome string, d time.Duration)
}

// The outcomes PoolConfig.OnWait receives.
const (
	WaitAcquired  = "acquired"
	WaitBusy      = "busy"
	WaitCancelled = "cancelled"
)

// NewPool returns a bounded hashing pool.
func NewPool(c PoolConfig) *Pool {
	if c.Workers <= 0 {
		c.Workers = 2
	}
	if c.Queue <= 0 {
		c.Queue = 64
	}
	if c.MaxWait <= 0 {
		c.MaxWait = 2 * time.Second
	}
	if c.Params == (Params{}) {
		c.Params = DefaultParams
	}
	return &Pool{
		params:  c.Params,
		slots:   make(chan struct{}, c.Workers),
		waiting: make(chan struct{}, c.Workers+c.Queue),
		maxWait: c.MaxWait,
		observe: c.Observer,
		waited:  c.OnWait,
	}
}

// Params returns the parameters new hashes use.
func (p *Pool) Params() Params { return p.params }

func (p *Pool) acquire(ctx context.Context) error {
	select {
	case p.waiting <- struct{}{}:
	default:
		p.wait(WaitBusy, 0)
		return p.busy()
	}
	start := time.Now()
	// A free slot is taken without starting a timer: the common case.
	select {
	case p.slots <- struct{}{}:
		p.wait(WaitAcquired, 0)
		return nil
	default:
	}
	t := time.NewTimer(p.maxWait)
	defer t.Stop()
	select {
	case p.slots <- struct{}{}:
		p.wait(WaitAcquired, time.Since(start))
		return nil
	case <-t.C:
		<-p.waiting
		p.wait(WaitBusy, time.Since(start))
		return p.busy()
	case <-ctx.Done():
		<-p.waiting
		p.wait(WaitCancelled, time.Since(start))
		return cancelled(ctx.Err())
	}
}

func (p *Pool) wait(outcome string, d time.Duration) {
	if p.waited != nil {
		p.waited(outcome, d)
	}
}

// cancelled is a request that ended (client gone, deadline passed) while it
// waited for a slot. It is a fault of its own so that callers never take it
// for a failed verification: a login abandoned by its client must not count
// as a wrong password.
func cancelled(err error) error {
	return &fault.Error{Kind: fault.Unavailable, Code: "request.cancelled", Message: "the request was cancelled", Err: err}
}

func (p *Pool) release() { <-p.slots; <-p.waiting }

// Load reports how many hashes run now and how many callers wait for a
// slot, so that a gauge, or a test that must saturate the pool, can see it
// instead of guessing from elapsed time.
func (p *Pool) Load() (running, queued int) {
	running = len(p.slots)
	return running, max(0, len(p.waiting)-running)
}

func (p *Pool) busy() error {
	return &fault.Error{Kind: fault.Unavailable, Code: "hash.busy",
		Message: "the service is busy, retry shortly", RetryAfter: time.Second}
}

// Hash hashes pw with the configured argon2id parameters.
// Errors: Unavailable when the pool is saturated or ctx ends while waiting.
func (p *Pool) Hash(ctx context.Context, pw string) (string, error) {
	if err := p.acquire(ctx); err != nil {
		return "", err
	}
	defer p.release()
	start := time.Now()
	h, err := Hash(pw, p.params)
	p.record("hash", start)
	return h, err
}

// Verify checks pw against a stored hash. An empty stored hash still costs a
// full hash, so that callers may pass "" for an unknown user without timing
// revealing it. Errors: Unavailable when the pool is saturated (hash.busy)
// or ctx ends while waiting for a slot (request.cancelled); Internal for a
// stored hash of unknown format.
func (p *Pool) Verify(ctx context.Context, pw, stored string) (ok, needsRehash bool, err error) {
	if err := p.acquire(ctx); err != nil {
		return false, false, err
	}
	defer p.release()
	start := time.Now()
	defer p.record("verify", start)
	if stored == "" {
		_, _ = Hash(pw, p.params) // equalise timing with a real verification
		return false, false, nil
	}
	return Verify(pw, stored, p.params)
}

func (p *Pool) record(op string, start time.Time) {
	if p.observe != nil {
		p.observe(op, time.Since(start))
	}
}
