package delivery

import (
	"context"

	"github.com/watchword/watchword/internal/notify"
)

// Sender delivers rendered notifications on one channel.
type Sender interface {
	// Channel is the channel this sender serves; the worker routes by it.
	Channel() notify.Channel
	// Send delivers one message. An error wrapped with notify.Permanent means a retry
	// cannot help (a refused recipient, an address that is not an address);
	// any other error is retried with backoff.
	Send(ctx context.Context, m notify.Message, r notify.Rendered) error
}
