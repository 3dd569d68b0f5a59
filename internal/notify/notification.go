// Package notify delivers the notifications the core queues: a transactional
// outbox drained by a worker into mail (SMTP or a dev mailbox) and SMS (an
// HTTP webhook or a dev folder), rendered from per-locale, per-theme templates.
package notify

import (
	"context"
	"time"
)

// Channel is how a notification travels.
type Channel string

// The channels.
const (
	Email Channel = "email"
	SMS   Channel = "sms"
)

// Template IDs the core queues. The password-change pair keeps the names
// IBM Security Verify uses for its branding templates.
const (
	PasswordChangedShowEmail = "user_password_change_show_email"
	PasswordChangedHideEmail = "user_password_change_not_show_email"
	ResetLink                = "reset_link"
	ResetCode                = "reset_code"
	VerificationCode         = "verification_code"
	EmailChanged             = "email_changed"
	MobileChanged            = "mobile_changed"
	EmailChangeRequested     = "email_change_requested"
	MobileChangeRequested    = "mobile_change_requested"
	MFAChanged               = "mfa_changed"
	LoginVerificationChanged = "login_verification_changed"
	Lockout                  = "lockout"
	AccessKeyCreated         = "access_key_created"
	AskAdministrator         = "ask_administrator"
	AdminRightsChanged       = "admin_rights_changed"
	Invitation               = "invitation"
)

// CarriesCode reports whether template's messages carry a one-time code
// (reset, login and contact-verification codes), which metrics count as
// verification codes sent.
func CarriesCode(template string) bool {
	return template == ResetCode || template == VerificationCode
}

// Notification is one message to deliver. The core writes it to the outbox in
// the same transaction as the change it reports, so neither is lost alone.
type Notification struct {
	Channel  Channel           `json:"channel"`
	To       string            `json:"to"`
	Template string            `json:"template"`
	Locale   string            `json:"locale"`
	Theme    string            `json:"theme"`
	Data     map[string]string `json:"data"`
	// Secret holds the values that must never be stored in clear: codes,
	// tokens, links carrying a token. The core puts them here rather than
	// in Data where it builds the notification; the store seals them with
	// the keyring and erases them once the message is sent or dead.
	// Templates see Data and Secret as one map.
	Secret map[string]string `json:"-"`
	// AccountID is the account the notification concerns, so that its
	// administrators can see it if delivery fails; empty when no account is
	// known (operators still see it).
	AccountID string `json:"account_id,omitempty"`
}

// Message is a queued Notification as the outbox holds it.
type Message struct {
	ID string
	Notification
	Attempts  int // deliveries tried so far, including the one being leased
	CreatedAt time.Time
	// Sealed is Secret as the outbox holds it, sealed for this row; the
	// worker opens it (OpenSecrets) just before rendering. Claimed
	// messages carry Sealed, never Secret.
	Sealed string
}

// Outbox is the store side of the queue. Implementations must make Claim safe
// across replicas (FOR UPDATE SKIP LOCKED on PostgreSQL; one writer on SQLite).
type Outbox interface {
	// ClaimOutbox leases up to limit due, pending messages for lease; a message
	// whose lease runs out (its worker died) becomes due again.
	ClaimOutbox(ctx context.Context, limit int, lease time.Duration) ([]Message, error)
	// RenewOutbox extends the leases of ids, still pending, to lease from
	// now: a worker renews what it holds while a send runs, so that a lease
	// can be short and a dead worker's claims come back soon.
	RenewOutbox(ctx context.Context, ids []string, lease time.Duration) error
	// ReleaseOutbox hands claimed messages back untried: due again at once,
	// their claim not counted as an attempt. A worker that stops releases
	// what it claimed and did not try.
	ReleaseOutbox(ctx context.Context, ids []string) error
	// MarkOutboxSent records a delivery and erases the message's content,
	// its sealed secrets included: nothing needs it any more.
	MarkOutboxSent(ctx context.Context, id string) error
	// MarkOutboxFailed records a failed try: due again at retryAt, or dead.
	// A dead message loses its sealed secrets, so a dead letter kept for
	// administrators holds no code or token.
	MarkOutboxFailed(ctx context.Context, id string, retryAt time.Time, lastErr string, dead bool) error
}
