package identity

import (
	"context"
	"time"

	"github.com/watchword/watchword/internal/notify"
)

// Purpose names what a one-time code or token is for. A code's hash is bound
// to its purpose, and every lookup names one, so a proof made for one step
// never passes another.
type Purpose string

// The purposes of codes and tokens.
const (
	// PurposeReset: a code sent by Forgot Password.
	PurposeReset Purpose = "reset"
	// PurposeResetLink: the token ending a mailed reset link.
	PurposeResetLink Purpose = "reset_link"
	// PurposeResetTicket: handed out for a verified reset code; sets the password.
	PurposeResetTicket Purpose = "reset_ticket"
	// PurposeEmailIdentity, PurposeMobileIdentity: a code sent to a bound
	// factor to prove who is changing the email or mobile.
	PurposeEmailIdentity  Purpose = "email_identity"
	PurposeMobileIdentity Purpose = "mobile_identity"
	// PurposeEmailTicket, PurposeMobileTicket: handed out once identity is
	// proved; allows binding a new address of that kind.
	PurposeEmailTicket  Purpose = "email_ticket"
	PurposeMobileTicket Purpose = "mobile_ticket"
	// PurposeEmailBind, PurposeMobileBind: a code sent to the new address.
	PurposeEmailBind  Purpose = "email_bind"
	PurposeMobileBind Purpose = "mobile_bind"
)

// VerificationCode is a stored one-time code: only its keyed hash is kept.
type VerificationCode struct {
	ID      string
	UserID  string
	Purpose Purpose
	Channel notify.Channel
	// Target is where the code went; for a bind code it is the address the
	// code will bind.
	Target string
	Hash   string
	// Attempts counts the checks made so far. AttemptCode returns it
	// including the attempt being made.
	Attempts  int
	ExpiresAt time.Time
	UsedAt    *time.Time
	Voided    bool // a newer code for the same purpose replaced it
	CreatedAt time.Time
}

// OneTimeToken is a stored high-entropy token (a reset link or a ticket):
// only its SHA-256 is kept.
type OneTimeToken struct {
	Hash      string
	UserID    string
	Purpose   Purpose
	ExpiresAt time.Time
	UsedAt    *time.Time
	Voided    bool // a newer token for the same purpose replaced it
	CreatedAt time.Time
}

// Captcha is a stored CAPTCHA challenge. The answer is kept, so that any
// replica can render the image and audio; it is never sent to a client.
type Captcha struct {
	ID         string
	Answer     string
	AnswerHash string
	ExpiresAt  time.Time
	CreatedAt  time.Time
}

// SecretIssue is one issue of a code or token, applied in one transaction.
type SecretIssue struct {
	// UserID is whose secrets these are. Empty when nothing is issued (no
	// one matched, or no one may receive it): the voiding then matches no
	// row and only the notifications (an administrator's) and the audit
	// event are written, so the work matches a real issue.
	UserID string
	// Void lists purposes whose unused codes and tokens of UserID are voided
	// before the new ones are stored: a new request voids earlier ones.
	Void          []Purpose
	Code          *VerificationCode // optional
	Token         *OneTimeToken     // optional
	Notifications []notify.Notification
	Audit         AuditEvent
}

// ContactBind binds a verified email or mobile to a user, in one transaction.
type ContactBind struct {
	UserID  string
	Kind    ContactKind
	Address string
	// TicketHash and TicketPurpose name the identity ticket to consume.
	TicketHash    string
	TicketPurpose Purpose
	// CodeID is the bind code to consume.
	CodeID string
	// AccountContact also writes the address to the user's account, as its
	// email or mobile number: the core sets it for the root user, whose
	// contact is the account's.
	AccountContact bool
	Notifications  []notify.Notification
	Audit          AuditEvent
}

// RecoveryStore persists what recovery and verification need. It is part of Store.
type RecoveryStore interface {
	// FindUsersByMobile returns the users bound to a mobile number.
	FindUsersByMobile(ctx context.Context, mobile string) ([]*User, error)

	// IssueSecret voids, stores the new code and token, and queues the
	// notifications and the audit event, in one transaction.
	// Errors: NotFound (user.not_found) for an unknown UserID.
	IssueSecret(ctx context.Context, w SecretIssue) error
	// AttemptCode counts one attempt on the user's current code of purpose
	// (the unused, unvoided one, else the newest) and returns it, Attempts
	// including this attempt. The count and the read are one statement, so
	// parallel guesses cannot exceed the limit.
	// Errors: NotFound (verify.code_not_found), also for an empty userID.
	AttemptCode(ctx context.Context, userID string, purpose Purpose) (*VerificationCode, error)
	// RedeemCode marks a code used and stores ticket (voiding the user's
	// earlier unused tickets of its purpose), with ev, in one transaction.
	// Errors: Invalid (verify.code_used) when the code was used or voided
	// meanwhile.
	RedeemCode(ctx context.Context, codeID string, ticket *OneTimeToken, ev AuditEvent) error
	// FindToken returns a token by hash. Errors: NotFound (verify.token_not_found).
	FindToken(ctx context.Context, hash string) (*OneTimeToken, error)
	// ResetPassword consumes the reset token of tokenHash, which must be of
	// tokenPurpose, and applies w (whose Void names the user's other reset
	// secrets), in one transaction.
	// The write is a compare-and-swap on w.ExpectHash, as SetPassword's.
	// Errors: Invalid (verify.token_invalid) when the token was used, voided
	// or expired meanwhile, or another password write won the race (it
	// voided the token); NotFound (user.not_found).
	ResetPassword(ctx context.Context, tokenHash string, tokenPurpose Purpose, w PasswordWrite) error
	// BindContact consumes the ticket and the code, binds the address as
	// verified (the account's too with w.AccountContact) and queues the
	// notifications, in one transaction; it returns the updated user.
	// Errors: Invalid (verify.token_invalid, verify.code_used), Conflict
	// (email.taken), NotFound (user.not_found).
	BindContact(ctx context.Context, w ContactBind) (*User, error)

	// CreateCaptcha stores a challenge. Errors: Conflict (ID taken).
	CreateCaptcha(ctx context.Context, c *Captcha) error
	// FindCaptcha returns a challenge. Errors: NotFound (captcha.not_found).
	FindCaptcha(ctx context.Context, id string) (*Captcha, error)
	// TakeCaptcha deletes a challenge and returns it: each gets one answer.
	// Errors: NotFound (captcha.not_found).
	TakeCaptcha(ctx context.Context, id string) (*Captcha, error)

	// HitRateLimit counts one request against key in a fixed window of the
	// given length, starting a new window when the last one has ended, and
	// returns the count in the window and when the window ends. One atomic
	// upsert, so every replica shares the count.
	HitRateLimit(ctx context.Context, key string, window time.Duration) (count int, resetAt time.Time, err error)
}
