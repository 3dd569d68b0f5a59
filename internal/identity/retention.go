package identity

import (
	"context"
	"errors"
	"time"
)

// PurgeKind names one kind of row that accumulates with use and is deleted
// once past keeping.
type PurgeKind string

// The kinds the retention service purges.
const (
	PurgeSessions   PurgeKind = "sessions"    // expired or revoked, past the grace
	PurgeAudit      PurgeKind = "audit"       // audit events past their retention
	PurgeThrottles  PurgeKind = "throttles"   // failed-sign-in counters past every window, unlocked
	PurgeCodes      PurgeKind = "codes"       // expired verification codes
	PurgeTokens     PurgeKind = "tokens"      // expired one-time tokens (reset links, tickets)
	PurgeCaptchas   PurgeKind = "captchas"    // expired CAPTCHAs
	PurgeRateLimits PurgeKind = "rate_limits" // ended rate-limit windows
	PurgeChallenges PurgeKind = "challenges"  // expired login and proof challenges
	PurgeSignatures PurgeKind = "signatures"  // accepted request signatures past the replay window
	// Delivered notifications, and dead ones (undeliverable, kept longer
	// for administrators to see and retry).
	PurgeSentNotifications PurgeKind = "notifications_sent"
	PurgeDeadNotifications PurgeKind = "notifications_dead"
)

// RetentionStore deletes accumulated rows in batches.
type RetentionStore interface {
	// PurgeBatch deletes at most limit rows of kind that ended before
	// cutoff, in one transaction, and returns how many went. Replicas that
	// run it at the same time delete disjoint rows.
	PurgeBatch(ctx context.Context, kind PurgeKind, cutoff time.Time, limit int) (int, error)
}

// RetentionConfig says how long ended rows are kept. Zero fields take the
// defaults below.
type RetentionConfig struct {
	// Sessions is how long an expired or revoked session stays listed
	// among a user's recent sessions.
	Sessions time.Duration
	// Audit is how long an audit event is kept.
	Audit time.Duration
	// SentNotifications and DeadNotifications are how long a delivered and
	// an undeliverable notification stay listed for administrators.
	SentNotifications, DeadNotifications time.Duration
	// Batch is how many rows one purge transaction deletes at most, so
	// that SQLite's single writer is never held for long.
	Batch int
	// BatchTime is how long one purge transaction should hold the writer:
	// a batch that takes longer halves the next, down to MinPurgeBatch,
	// and one well under it doubles the next, up to Batch. On a large
	// SQLite file 1,000 session rows take about 0.25 s, which every sign-in
	// arriving meanwhile would wait out.
	BatchTime time.Duration
}

// Retention defaults.
const (
	DefaultSessionRetention = 7 * 24 * time.Hour
	DefaultAuditRetention   = 365 * 24 * time.Hour
	DefaultSentRetention    = 30 * 24 * time.Hour
	DefaultDeadRetention    = 90 * 24 * time.Hour
	DefaultPurgeBatch       = 1000
	DefaultPurgeBatchTime   = 50 * time.Millisecond
	// MinPurgeBatch is the smallest batch the pacing goes down to, so
	// that a slow disk still sees the purge progress.
	MinPurgeBatch = 50
	// throttleIdle is how long a failed-sign-in counter is kept after its
	// last change: past the longest window (a day) and the longest lockout
	// (a day, checked apart), so that purging one never forgives a failure
	// that still counts. A repeat offender's lockout doubling restarts
	// after two quiet days.
	throttleIdle = 48 * time.Hour
)

func (c RetentionConfig) withDefaults() RetentionConfig {
	if c.Sessions <= 0 {
		c.Sessions = DefaultSessionRetention
	}
	if c.Audit <= 0 {
		c.Audit = DefaultAuditRetention
	}
	if c.SentNotifications <= 0 {
		c.SentNotifications = DefaultSentRetention
	}
	if c.DeadNotifications <= 0 {
		c.DeadNotifications = DefaultDeadRetention
	}
	if c.Batch <= 0 {
		c.Batch = DefaultPurgeBatch
	}
	if c.BatchTime <= 0 {
		c.BatchTime = DefaultPurgeBatchTime
	}
	return c
}

// RetentionService deletes what accumulates with use once it is past
// keeping: ended sessions, old audit events, idle throttle counters and
// expired one-time secrets, delivered and dead notifications.
type RetentionService struct{ d *Deps }

// Purge runs every kind's purge to the end, batch by batch, and returns how
// many rows of each kind went; onBatch (if not nil) hears of each batch as it
// commits, for metrics. A failed kind does not stop the others; the errors
// are joined.
func (s *RetentionService) Purge(ctx context.Context, onBatch func(PurgeKind, int)) (map[PurgeKind]int, error) {
	cfg := s.d.Config.Retention
	now := s.d.Clock()
	cutoffs := []struct {
		kind   PurgeKind
		cutoff time.Time
	}{
		{PurgeSessions, now.Add(-cfg.Sessions)},
		{PurgeAudit, now.Add(-cfg.Audit)},
		{PurgeSentNotifications, now.Add(-cfg.SentNotifications)},
		{PurgeDeadNotifications, now.Add(-cfg.DeadNotifications)},
		{PurgeThrottles, now.Add(-throttleIdle)},
		{PurgeCodes, now}, {PurgeTokens, now}, {PurgeCaptchas, now},
		{PurgeRateLimits, now}, {PurgeChallenges, now}, {PurgeSignatures, now},
	}
	done := make(map[PurgeKind]int)
	var errs []error
	pace := purgePace{max: cfg.Batch, target: cfg.BatchTime, size: cfg.Batch}
	for _, c := range cutoffs {
		for ctx.Err() == nil {
			size := pace.size
			began := time.Now() // the real clock: pacing is about the writer, not the business time
			n, err := s.d.Store.PurgeBatch(ctx, c.kind, c.cutoff, size)
			if err != nil {
				errs = append(errs, err)
				break
			}
			pace.took(time.Since(began))
			done[c.kind] += n
			if n > 0 && onBatch != nil {
				onBatch(c.kind, n)
			}
			if n < size {
				break
			}
		}
	}
	if err := ctx.Err(); err != nil {
		errs = append(errs, err)
	}
	return done, errors.Join(errs...)
}

// purgePace sizes purge batches so that each holds the writer about target.
type purgePace struct {
	max, size int
	target    time.Duration
}

// took adjusts the next batch's size to the time the last one took.
func (p *purgePace) took(d time.Duration) {
	switch {
	case d > p.target:
		p.size = max(p.size/2, min(MinPurgeBatch, p.max))
	case d < p.target/4:
		p.size = min(p.size*2, p.max)
	}
}
