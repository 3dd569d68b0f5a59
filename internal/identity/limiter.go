package identity

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/watchword/watchword/internal/fault"
)

// limiter counts requests per key in fixed windows kept in the store, so that
// every replica shares one count.
type limiter struct{ d *Deps }

// Allow counts one request against key and refuses it past limit requests in
// the current window. Refused requests count too, so hammering does not
// reopen the window early; the window still ends on time. On refusal it
// returns how long until the window ends.
// Errors: RateLimited (rate_limit.exceeded, with RetryAfter), Invalid
// (rate_limit.invalid) for a non-positive limit or window, Internal.
func (l *limiter) Allow(ctx context.Context, key string, limit int, window time.Duration) (time.Duration, error) {
	if limit <= 0 || window <= 0 {
		return 0, fault.New(fault.Invalid, "rate_limit.invalid", "a rate limit needs a positive count and window")
	}
	n, resetAt, err := l.d.Store.HitRateLimit(ctx, key, window)
	if err != nil {
		return 0, err
	}
	if n <= limit {
		return 0, nil
	}
	wait := resetAt.Sub(l.d.Clock())
	// Retry-After is in whole seconds; never tell a client to retry at once.
	wait = max(wait.Round(time.Second), time.Second)
	return wait, &fault.Error{Kind: fault.RateLimited, Code: "rate_limit.exceeded",
		Message: "too many requests; try again later", RetryAfter: wait}
}

// allow applies one configured limit; a negative count switches it off, and
// an empty subject (no client IP known) is not counted.
func (l *limiter) allow(ctx context.Context, scope, subject string, rl RateLimit) error {
	if rl.Count < 0 || subject == "" {
		return nil
	}
	_, err := l.Allow(ctx, scope+":"+subject, rl.Count, rl.Window)
	return err
}

// limitKey hashes an identifier for use in a rate-limit key, so the table
// never holds email addresses or phone numbers.
func limitKey(identifier string) string {
	sum := sha256.Sum256([]byte(identifier))
	return hex.EncodeToString(sum[:16])
}
