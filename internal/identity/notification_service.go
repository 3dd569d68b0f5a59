package identity

import (
	"context"
	"time"

	"github.com/watchword/watchword/internal/fault"
)

// The delivery states of a queued notification.
const (
	NotificationPending = "pending" // waiting for its first or next try
	NotificationSent    = "sent"    // accepted by the mail server or the SMS gateway
	NotificationDead    = "dead"    // given up on: every try failed, or one failed for good
)

// QueuedNotification is an outbox row as an administrator sees it: whom it
// was for and how delivery went. It never carries the content, which may
// hold a reset link or a one-time code.
type QueuedNotification struct {
	ID            string
	AccountID     string // "" for rows queued before accounts were recorded
	Channel       string // "email" or "sms"
	To            string
	Template      string
	Status        string // NotificationPending, NotificationSent or NotificationDead
	Attempts      int    // tries so far
	LastError     string // why the last try failed; "" after a delivery
	CreatedAt     time.Time
	NextAttemptAt time.Time
	// SecretErased is true for a dead notification that carried a code or
	// a link: those were erased when it died, so it cannot be retried and
	// the user must ask for a new one.
	SecretErased bool
}

// NotificationFilter selects an account's notifications.
type NotificationFilter struct {
	Status string // "" for every status
	Limit  int    // at most this many; 0 means DefaultNotificationLimit
}

// DefaultNotificationLimit and MaxNotificationLimit bound a listing.
const (
	DefaultNotificationLimit = 100
	MaxNotificationLimit     = 1000
)

// NotificationStore is the outbox as account administrators manage it.
type NotificationStore interface {
	// FindNotifications lists the notifications of an account, newest first.
	// Errors: Invalid when accountID is empty.
	FindNotifications(ctx context.Context, accountID string, f NotificationFilter) ([]*QueuedNotification, error)
	// RetryNotification makes a dead notification of the account pending and
	// due now, with its attempts reset, and records ev.
	// Errors: NotFound (no such notification in that account), Conflict
	// (notification.not_dead: it is pending or already sent;
	// notification.secret_erased: its code or link was erased when it died).
	RetryNotification(ctx context.Context, accountID, id string, ev AuditEvent) (*QueuedNotification, error)
}

// NotificationService shows an account's administrators the notifications
// queued for their users, above all those that could not be delivered, and
// lets them try those again.
type NotificationService struct{ d *Deps }

// List returns the caller's account's notifications with the filter's
// status, newest first. A limit above MaxNotificationLimit is lowered to it.
// Errors: Unauthenticated, Forbidden (not an administrator), Invalid
// (notification.status_invalid).
func (s *NotificationService) List(ctx context.Context, f NotificationFilter) ([]*QueuedNotification, error) {
	p, err := requireAdmin(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkNotificationStatus(f.Status); err != nil {
		return nil, err
	}
	if f.Limit <= 0 {
		f.Limit = DefaultNotificationLimit
	}
	f.Limit = min(f.Limit, MaxNotificationLimit)
	return s.d.Store.FindNotifications(ctx, p.AccountID, f)
}

// Retry queues a dead notification of the caller's account again, due now
// and with a full set of tries: the administrator has fixed what made it
// fail (a mailbox, the mail server). A notification of another account is
// reported as not found, so IDs cannot be probed. A notification that
// carried a code or a reset link is refused: its secret was erased when it
// died (it would have expired anyway), and sending it without one would
// tell the user nothing; the user asks for a new code or link instead.
// Errors: Unauthenticated, Forbidden, NotFound (notification.not_found),
// Conflict (notification.not_dead, notification.secret_erased).
func (s *NotificationService) Retry(ctx context.Context, id string) (*QueuedNotification, error) {
	p, err := requireAdmin(ctx)
	if err != nil {
		return nil, err
	}
	if id == "" {
		return nil, errNotificationNotFound()
	}
	ev := s.d.event(ctx, "notification.retry", p.AccountID, "")
	ev.Detail = map[string]string{"notification_id": id}
	return s.d.Store.RetryNotification(ctx, p.AccountID, id, ev)
}

func errNotificationNotFound() error {
	return fault.New(fault.NotFound, "notification.not_found", "no such notification")
}

// checkNotificationStatus refuses a status filter that names no status.
func checkNotificationStatus(status string) error {
	switch status {
	case "", NotificationPending, NotificationSent, NotificationDead:
		return nil
	}
	return fault.New(fault.Invalid, "notification.status_invalid", "status must be dead, pending or sent").WithField("status")
}
