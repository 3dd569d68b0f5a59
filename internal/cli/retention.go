package cli

import (
	"context"
	"flag"
	"time"

	"github.com/watchword/watchword/internal/identity"
)

// retentionFlags registers how long accumulated rows are kept.
func retentionFlags(fs *flag.FlagSet, c *Config) {
	fs.DurationVar(&c.SessionRetention, "session-retention", identity.DefaultSessionRetention,
		"how long an expired or revoked session stays listed among recent sessions before it is deleted")
	fs.DurationVar(&c.AuditRetention, "audit-retention", identity.DefaultAuditRetention,
		"how long an audit event is kept")
	fs.DurationVar(&c.NotifyDeadRetention, "notify-dead-retention", identity.DefaultDeadRetention,
		"how long a dead (undeliverable) notification stays listed for administrators before it is deleted")
	fs.DurationVar(&c.PurgeEvery, "purge-interval", defaultPurgeEvery,
		"how often ended sessions, old audit events, idle counters and expired codes are deleted")
}

// defaultPurgeEvery keeps each run small: at 400 sign-ins a second, ten
// minutes end about 240,000 sessions, which go in a few hundred short batches.
const defaultPurgeEvery = 10 * time.Minute

// retentionConfig is the core's view of the retention flags.
func retentionConfig(c *Config) identity.RetentionConfig {
	return identity.RetentionConfig{Sessions: c.SessionRetention, Audit: c.AuditRetention,
		SentNotifications: c.NotifyRetention, DeadNotifications: c.NotifyDeadRetention}
}

// startPurge deletes what is past keeping every interval (and once at
// start), in the background, and returns the function that stops it. Every
// replica runs it: batches pick disjoint rows, so two replicas never delete
// the same rows twice or wait on each other.
func (a *App) startPurge(every time.Duration) (stop func()) {
	if every <= 0 {
		every = defaultPurgeEvery
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	purge := func() {
		n, err := a.Services.Retention.Purge(ctx, func(kind identity.PurgeKind, rows int) {
			a.Metrics.CountPurged(string(kind), rows)
		})
		if err != nil && ctx.Err() == nil {
			a.Log.Warn("retention purge failed", "err", err)
		}
		for kind, rows := range n {
			if rows > 0 {
				a.Log.Debug("retention purge", "kind", string(kind), "rows", rows)
			}
		}
	}
	go func() {
		defer close(done)
		purge()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				purge()
			}
		}
	}()
	return func() { cancel(); <-done }
}
