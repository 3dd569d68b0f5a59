package notify

import (
	"context"
	"errors"
)

// Sender delivers rendered notifications on one channel.
type Sender interface {
	// Channel is the channel this sender serves; the worker routes by it.
	Channel() Channel
	// Send delivers one message. An error wrapped with Permanent means a retry
	// cannot help (a refused recipient, an address that is not an address);
	// any other error is retried with backoff.
	Send(ctx context.Context, m Message, r Rendered) error
}

// permanentError marks a failure that no retry can fix.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent marks err as not worth retrying: the worker dead-letters the
// message at once instead of backing off. Permanent(nil) is nil.
func Permanent(err error) error {
	if err == nil || IsPermanent(err) {
		return err
	}
	return &permanentError{err: err}
}

// IsPermanent reports whether err, or any error it wraps, was marked with
// Permanent.
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}
