package delivery

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/notify"
)

// The outcomes WorkerConfig.OnOutcome receives.
const (
	OutcomeSent  = "sent"
	OutcomeRetry = "retry"
	OutcomeDead  = "dead"
)

// WorkerConfig tunes the delivery worker. Zero fields take the defaults.
type WorkerConfig struct {
	PollInterval time.Duration // between looks for due messages when not kicked; 5s
	Batch        int           // messages claimed at once; 20
	Lease        time.Duration // how long a claim is ours, renewed while we work on it; 30s
	// Grace is how long a send in progress may finish once Run's context
	// is done (shutdown); past it the send is cut and the message retried.
	// 10s.
	Grace       time.Duration
	MaxAttempts int           // tries before a message is dead; 12
	BaseBackoff time.Duration // wait after the first failure; 1m
	MaxBackoff  time.Duration // longest wait between tries; 8h
	// Keys opens the secrets the store sealed (a *secret.Keyring); a
	// message carrying sealed secrets is not delivered without it.
	Keys   notify.Opener
	Clock  func() time.Time
	Logger *slog.Logger
	// OnOutcome, when set, is called once per try with OutcomeSent,
	// OutcomeRetry or OutcomeDead and the message tried: the hook for
	// metrics, which read its channel and template, never its secrets.
	OnOutcome func(outcome string, n notify.Notification)
}

// Worker drains the outbox: it claims due messages, renders them, hands
// them to the sender for their channel, and records the result.
type Worker struct {
	outbox   notify.Outbox
	renderer *notify.Renderer
	senders  map[notify.Channel]Sender
	cfg      WorkerConfig
	kick     chan struct{}
}

// NewWorker returns a worker over outbox with at most one sender per
// channel.
func NewWorker(outbox notify.Outbox, renderer *notify.Renderer, cfg WorkerConfig, senders ...Sender) (*Worker, error) {
	if outbox == nil || renderer == nil {
		return nil, errors.New("notify: worker needs an outbox and a renderer")
	}
	w := &Worker{outbox: outbox, renderer: renderer, senders: make(map[notify.Channel]Sender), kick: make(chan struct{}, 1)}
	for _, s := range senders {
		if _, dup := w.senders[s.Channel()]; dup {
			return nil, fmt.Errorf("notify: two senders for channel %s", s.Channel())
		}
		w.senders[s.Channel()] = s
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&cfg.PollInterval, 5*time.Second)
	def(&cfg.Lease, DefaultLease)
	def(&cfg.Grace, 10*time.Second)
	def(&cfg.BaseBackoff, time.Minute)
	def(&cfg.MaxBackoff, 8*time.Hour)
	if cfg.Batch <= 0 {
		cfg.Batch = 20
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 12
	}
	cfg.Clock = clockOrNow(cfg.Clock)
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.OnOutcome == nil {
		cfg.OnOutcome = func(string, notify.Notification) {}
	}
	w.cfg = cfg
	return w, nil
}

// DefaultLease is how long a claim is a worker's without renewal: what a
// crashed replica's claims wait before another takes them.
const DefaultLease = 30 * time.Second

// Kick wakes Run now instead of at the next poll; call it after committing
// a transaction that queued notifications. It never blocks.
func (w *Worker) Kick() {
	select {
	case w.kick <- struct{}{}:
	default: // a wake-up is already pending
	}
}

// Run delivers until ctx is done, then returns nil. Store errors are logged
// and retried at the next poll.
func (w *Worker) Run(ctx context.Context) error {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		n, err := w.DrainOnce(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			w.logDrainError(err)
		}
		if err == nil && n == w.cfg.Batch {
			continue // a full batch: more may be due already
		}
		timer.Reset(w.cfg.PollInterval)
		select {
		case <-ctx.Done():
			return nil
		case <-w.kick:
		case <-timer.C:
		}
	}
}

// logDrainError logs a store error met while draining. An unavailable store
// (PostgreSQL restarting, a full disk) is an outage the next poll retries
// and /readyz already reports: a warning, not an internal error.
func (w *Worker) logDrainError(err error) {
	if fault.KindOf(err) == fault.Unavailable {
		w.cfg.Logger.Warn("notify: drain: store unavailable, retrying", "err", err)
		return
	}
	w.cfg.Logger.Error("notify: drain", "err", err)
}

// DrainOnce claims one batch and tries each message once. It returns how
// many it tried, and the store errors it met (delivery failures are recorded
// in the outbox, not returned).
func (w *Worker) DrainOnce(ctx context.Context) (int, error) {
	msgs, err := w.outbox.ClaimOutbox(ctx, w.cfg.Batch, w.cfg.Lease)
	if err != nil {
		return 0, fmt.Errorf("notify: claim: %w", err)
	}
	if len(msgs) == 0 {
		return 0, nil
	}
	held := newHolding(msgs)
	stopRenewal := w.renew(held)
	defer stopRenewal()
	var errs []error
	tried := 0
	for _, m := range msgs {
		// Stopping, or the leases could not be kept: hand back what is
		// left, for this process after a restart or another replica.
		if ctx.Err() != nil || held.lost() {
			break
		}
		if err := w.deliver(ctx, m); err != nil {
			errs = append(errs, err)
		}
		held.done(m.ID)
		tried++
	}
	stopRenewal()
	if rest := held.ids(); len(rest) > 0 {
		rec, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if err := w.outbox.ReleaseOutbox(rec, rest); err != nil {
			errs = append(errs, fmt.Errorf("notify: release %d claims: %w", len(rest), err))
		}
	}
	return tried, errors.Join(errs...)
}

// renew extends the leases of what held still holds every third of the
// lease, in real time (whatever Clock says), until the returned function is
// called. A renewal that fails marks the leases lost: another replica may
// claim them once they lapse, so the batch stops after the message it is on.
func (w *Worker) renew(held *holding) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(w.cfg.Lease / 3)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if ids := held.ids(); len(ids) > 0 {
					if err := w.outbox.RenewOutbox(ctx, ids, w.cfg.Lease); err != nil && ctx.Err() == nil {
						w.cfg.Logger.Warn("notify: renewing claims failed", "err", err)
						held.lose()
					}
				}
			}
		}
	}()
	var once bool
	return func() {
		if !once {
			once = true
			cancel()
			<-done
		}
	}
}

// deliver tries m once and records the outcome. Only a failure to record is
// returned.
func (w *Worker) deliver(ctx context.Context, m notify.Message) error {
	// A failure to open is retried: the operator may yet give the key.
	m, err := notify.OpenSecrets(w.cfg.Keys, m)
	var r notify.Rendered
	if err == nil {
		r, err = w.renderer.Render(m.Notification)
	}
	if err == nil {
		if s := w.senders[m.Channel]; s != nil {
			sctx, cancel := graceful(ctx, w.cfg.Grace)
			err = s.Send(sctx, m, r)
			cancel()
		} else {
			// Retryable: the operator may yet configure the channel.
			err = fmt.Errorf("notify: no sender for channel %q", m.Channel)
		}
	}
	// Recording must survive shutdown: a sent message not marked sent is
	// sent again once its lease lapses.
	rec, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	log := w.cfg.Logger.With("id", m.ID, "channel", m.Channel, "template", m.Template, "attempt", m.Attempts)
	if err == nil {
		w.cfg.OnOutcome(OutcomeSent, m.Notification)
		log.Debug("notify: sent")
		return w.mark(w.outbox.MarkOutboxSent(rec, m.ID), m.ID)
	}
	attempt := max(m.Attempts, 1)
	dead := notify.IsPermanent(err) || attempt >= w.cfg.MaxAttempts
	now := w.cfg.Clock()
	retryAt := now
	if dead {
		w.cfg.OnOutcome(OutcomeDead, m.Notification)
		log.Error("notify: delivery failed for good", "err", err, "permanent", notify.IsPermanent(err))
	} else {
		retryAt = now.Add(backoff(attempt, w.cfg.BaseBackoff, w.cfg.MaxBackoff, rand.Float64()))
		w.cfg.OnOutcome(OutcomeRetry, m.Notification)
		log.Warn("notify: delivery failed, will retry", "err", err, "retry_at", retryAt)
	}
	return w.mark(w.outbox.MarkOutboxFailed(rec, m.ID, retryAt, truncate(err.Error(), 1000), dead), m.ID)
}

func (w *Worker) mark(err error, id string) error {
	if err != nil {
		return fmt.Errorf("notify: record outcome of %s: %w", id, err)
	}
	return nil
}

// truncate keeps stored error text bounded; SMTP replies can be long.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xc0 == 0x80 { // do not split a UTF-8 sequence
		n--
	}
	return s[:n]
}

// graceful returns a context that outlives ctx by grace: a send begun before
// shutdown gets that long to finish instead of being cut mid-message.
func graceful(ctx context.Context, grace time.Duration) (context.Context, context.CancelFunc) {
	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	var timer *time.Timer
	var mu sync.Mutex
	stop := context.AfterFunc(ctx, func() {
		mu.Lock()
		timer = time.AfterFunc(grace, cancel)
		mu.Unlock()
	})
	return sctx, func() {
		stop()
		mu.Lock()
		if timer != nil {
			timer.Stop()
		}
		mu.Unlock()
		cancel()
	}
}

// holding is the set of claimed messages a batch has not finished.
type holding struct {
	mu    sync.Mutex
	left  map[string]bool
	order []string
	gone  bool
}

func newHolding(msgs []notify.Message) *holding {
	h := &holding{left: make(map[string]bool, len(msgs))}
	for _, m := range msgs {
		h.left[m.ID] = true
		h.order = append(h.order, m.ID)
	}
	return h
}

func (h *holding) done(id string) { h.mu.Lock(); delete(h.left, id); h.mu.Unlock() }
func (h *holding) lose()          { h.mu.Lock(); h.gone = true; h.mu.Unlock() }
func (h *holding) lost() bool     { h.mu.Lock(); defer h.mu.Unlock(); return h.gone }

// ids lists what is still held, in claim order.
func (h *holding) ids() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, id := range h.order {
		if h.left[id] {
			out = append(out, id)
		}
	}
	return out
}
