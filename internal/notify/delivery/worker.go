package delivery

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

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
	Lease        time.Duration // how long a claim is ours; 5m
	MaxAttempts  int           // tries before a message is dead; 12
	BaseBackoff  time.Duration // wait after the first failure; 1m
	MaxBackoff   time.Duration // longest wait between tries; 8h
	// Keys opens the secrets the store sealed (a *secret.Keyring); a
	// message carrying sealed secrets is not delivered without it.
	Keys   notify.Opener
	Clock  func() time.Time
	Logger *slog.Logger
	// OnOutcome, when set, is called once per try with OutcomeSent,
	// OutcomeRetry or OutcomeDead: the hook for metrics.
	OnOutcome func(outcome string)
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
	def(&cfg.Lease, 5*time.Minute)
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
		cfg.OnOutcome = func(string) {}
	}
	w.cfg = cfg
	return w, nil
}

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
			w.cfg.Logger.Error("notify: drain", "err", err)
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

// DrainOnce claims one batch and tries each message once. It returns how
// many it tried, and the store errors it met (delivery failures are recorded
// in the outbox, not returned).
func (w *Worker) DrainOnce(ctx context.Context) (int, error) {
	msgs, err := w.outbox.ClaimOutbox(ctx, w.cfg.Batch, w.cfg.Lease)
	if err != nil {
		return 0, fmt.Errorf("notify: claim: %w", err)
	}
	// Lease time is real time, whatever Clock says.
	start := time.Now()
	var errs []error
	tried := 0
	for _, m := range msgs {
		// Past half the lease, another replica may soon claim what is left;
		// leave it to that replica rather than risk sending it twice.
		if ctx.Err() != nil || time.Since(start) > w.cfg.Lease/2 {
			break
		}
		if err := w.deliver(ctx, m); err != nil {
			errs = append(errs, err)
		}
		tried++
	}
	return tried, errors.Join(errs...)
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
			err = s.Send(ctx, m, r)
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
		w.cfg.OnOutcome(OutcomeSent)
		log.Debug("notify: sent")
		return w.mark(w.outbox.MarkOutboxSent(rec, m.ID), m.ID)
	}
	attempt := max(m.Attempts, 1)
	dead := notify.IsPermanent(err) || attempt >= w.cfg.MaxAttempts
	now := w.cfg.Clock()
	retryAt := now
	if dead {
		w.cfg.OnOutcome(OutcomeDead)
		log.Error("notify: delivery failed for good", "err", err, "permanent", notify.IsPermanent(err))
	} else {
		retryAt = now.Add(backoff(attempt, w.cfg.BaseBackoff, w.cfg.MaxBackoff, rand.Float64()))
		w.cfg.OnOutcome(OutcomeRetry)
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
