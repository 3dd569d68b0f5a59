package identity

import (
	"context"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/password"
)

// Store persists the core's state. Each method is one transaction: a change,
// its audit event and its notifications commit together or not at all.
// Lookups that find nothing return fault.NotFound; unique-constraint
// violations return fault.Conflict; anything else reads as fault.Internal.
type Store interface {
	DictionaryStore

	AccessKeyStore
	SignatureReplayStore
	RecoveryStore
	TokenScopeStore
	UserAttributeStore
	LoginPolicyStore
	LoginThrottleStore
	MFAStore
	RecoveryCodeStore
	ChallengeStore
	SessionRevokeStore
	AvatarStore
	NotificationStore
	RetentionStore
	PageStore
	GroupStore
	AuditStore
	// Ping reports whether the store answers.
	Ping(ctx context.Context) error

	// CreateAccount inserts an account and its root user.
	// Errors: Conflict when the name or email is taken.
	CreateAccount(ctx context.Context, a *Account, root *User, ev AuditEvent) error
	// FindAccountByID returns an account. Errors: NotFound.
	FindAccountByID(ctx context.Context, id string) (*Account, error)
	// UpdateAccount applies w. Errors: NotFound; Internal
	// (account.contact_unproven) when w.Update sets the email or mobile.
	UpdateAccount(ctx context.Context, id string, w AccountWrite) (*Account, error)
	// SetPasswordPolicy replaces an account's password policy. Errors: NotFound.
	SetPasswordPolicy(ctx context.Context, accountID string, p password.Policy, ev AuditEvent) error

	// CreateUser inserts an IAM user. Errors: Conflict (name or email taken), NotFound (account).
	CreateUser(ctx context.Context, u *User, ev AuditEvent) error
	// InviteUser inserts an IAM user as CreateUser does and, in the same
	// transaction, what invite holds: its set-password token and the mail
	// carrying it. Errors: those of CreateUser.
	InviteUser(ctx context.Context, u *User, ev AuditEvent, invite SecretIssue) error
	// FindUserByID returns a user. Errors: NotFound.
	FindUserByID(ctx context.Context, id string) (*User, error)
	// FindUserByName returns the user of an account by account name and user name. Errors: NotFound.
	FindUserByName(ctx context.Context, accountName, userName string) (*User, error)
	// FindUserByEmail returns the user with that (normalised) email. Errors: NotFound.
	FindUserByEmail(ctx context.Context, email string) (*User, error)
	// FindUsers lists the users of an account and the total matching.
	FindUsers(ctx context.Context, f UserFilter) ([]*User, int, error)
	// UpdateUser applies w. Errors: NotFound, Conflict (name or email taken).
	UpdateUser(ctx context.Context, w UserWrite) (*User, error)
	// DeleteUser removes an IAM user and everything it owns. Errors: NotFound.
	DeleteUser(ctx context.Context, id string, ev AuditEvent) error

	// SetPassword stores a new password hash, compare-and-swap on
	// w.ExpectHash: history, the voiding of the user's codes and tokens of
	// w.Void, revocation of other sessions, notifications and audit in one
	// transaction. Errors: NotFound, Conflict (password.changed_meanwhile)
	// when the stored hash is no longer w.ExpectHash.
	SetPassword(ctx context.Context, w PasswordWrite) error
	// UpdateUserDetail applies an administrator's whole change to a user in
	// one transaction: the password write when there is one (as SetPassword),
	// the user's fields, its attributes and the force-change flag, every
	// audit event and notification. Any error leaves all of it undone.
	// Errors: NotFound, Conflict (email or name taken,
	// password.changed_meanwhile, user.version_mismatch).
	UpdateUserDetail(ctx context.Context, w UserDetailWrite) (*User, error)
	// UpdatePasswordPolicy reads an account's password policy, passes it to
	// change and stores what change returns, in one transaction that holds
	// the account's row: concurrent updates apply one after the other, none
	// lost. An error from change is returned and nothing is written.
	// Errors: NotFound, those of change.
	UpdatePasswordPolicy(ctx context.Context, accountID string, change func(password.Policy) (password.Policy, error), ev AuditEvent) (password.Policy, error)
	// RehashPassword replaces a user's hash with a stronger one, only if the
	// stored hash is still old (a concurrent change wins). Errors: none for a lost race.
	RehashPassword(ctx context.Context, userID, old, new string) error
	// PasswordHistory returns up to n most recent earlier hashes, newest first.
	PasswordHistory(ctx context.Context, userID string, n int) ([]string, error)

	// CreateSession stores a session (and its audit event).
	CreateSession(ctx context.Context, s *Session, ev AuditEvent) error
	// FindSessionByTokenHash returns the session of a token. Errors: NotFound.
	FindSessionByTokenHash(ctx context.Context, hash string) (*Session, error)
	// TouchSession moves a session's last-seen and idle deadline forward.
	TouchSession(ctx context.Context, id string, seen, idleUntil time.Time) error
	// FindSessions lists a user's sessions that are not revoked.
	FindSessions(ctx context.Context, userID string) ([]*Session, error)
	// RevokeSession revokes one session. Errors: NotFound.
	RevokeSession(ctx context.Context, id string, ev AuditEvent) error

	// CreateAPIClient stores an API client. Errors: Conflict.
	CreateAPIClient(ctx context.Context, c *APIClient, ev AuditEvent) error
	// FindAPIClientByID returns an API client. Errors: NotFound.
	FindAPIClientByID(ctx context.Context, id string) (*APIClient, error)
	// DeleteAPIClient removes a client and revokes its tokens. Errors: NotFound.
	DeleteAPIClient(ctx context.Context, id string, ev AuditEvent) error

	// AddAuditEvent records an event on its own (failed logins, refusals).
	AddAuditEvent(ctx context.Context, ev AuditEvent) error
	// FindAuditEvents lists an account's events, newest first.
	FindAuditEvents(ctx context.Context, accountID string, limit int) ([]AuditEvent, error)
}

// AccountWrite is one account update, applied in one transaction: the
// profile fields, the codes that start pending contact changes, their
// notifications and the audit event commit together or not at all.
type AccountWrite struct {
	// Update holds the profile fields to set. Its Email and MobileNumber must
	// be nil: the account's email and mobile are the root user's, and they
	// change only through BindContact, once the new address is proven.
	Update AccountUpdate
	// Codes are bind codes sent to new addresses; each voids its user's
	// earlier unused codes of the same purpose, as IssueSecret does.
	Codes         []*VerificationCode
	Notifications []notify.Notification
	Audit         AuditEvent
}

// PasswordWrite is one password change, applied in one transaction.
type PasswordWrite struct {
	UserID string
	Hash   string
	// ExpectHash is the stored hash the change was decided on (the one whose
	// password was proved, or read before the policy's checks; empty for a
	// user without a password). The write applies only while it is still
	// stored, so of two concurrent changes one loses instead of both
	// succeeding and one password being silently lost.
	ExpectHash string
	// ForceChange marks the password as one to change at next login
	// (an administrator set it).
	ForceChange bool
	// KeepSessionID survives; every other session of the user is revoked.
	KeepSessionID string
	// Unrestrict lifts the kept session's restriction: it was restricted to
	// changing the password, which this write changes.
	Unrestrict bool
	// HistoryKeep is how many earlier hashes to keep for the history rule.
	HistoryKeep int
	// Void are the purposes of the user's unused codes and tokens that the
	// change voids (the reset secrets, so that a link sent before the change
	// cannot undo it).
	Void          []Purpose
	Notifications []notify.Notification
	Audit         AuditEvent
}

// UserWrite is one change to a user's fields, applied in one transaction.
// The store writes what the core decided; it judges nothing.
type UserWrite struct {
	UserID string
	Update UserUpdate
	// RevokeSessions revokes every live session of the user: the core
	// sets it when the change disables the user.
	RevokeSessions bool
	Notifications  []notify.Notification
	Audit          AuditEvent
}

// UserDetailWrite is an administrator's change to a user, everything of one
// request, applied in one transaction (Store.UpdateUserDetail).
type UserDetailWrite struct {
	UserID string
	// ExpectVersion, when not 0, is the user's version the change was
	// decided on (an If-Match): the write applies only while it is still
	// the stored one, else nothing is written (user.version_mismatch).
	ExpectVersion int64
	// Password, when set, is written first, as by SetPassword.
	Password *PasswordWrite
	// User is applied when not zero, with UserAudit.
	User      UserUpdate
	UserAudit AuditEvent
	// RevokeSessions revokes every live session of the user, as
	// UserWrite's does.
	RevokeSessions bool
	// Attributes and ForceChange are applied when either is set, with
	// AttributesAudit. ForceChange marks the current password as one to
	// change at next login, or clears that.
	Attributes      UserAttributesUpdate
	ForceChange     *bool
	AttributesAudit AuditEvent
}

// CodePasswordChangedMeanwhile is the code of the store's Conflict for a
// password write whose ExpectHash is no longer stored: another change won
// the race.
const CodePasswordChangedMeanwhile = "password.changed_meanwhile"

// lostPasswordRace reports whether err is a password write's lost race.
func lostPasswordRace(err error) bool { return fault.CodeOf(err) == CodePasswordChangedMeanwhile }
