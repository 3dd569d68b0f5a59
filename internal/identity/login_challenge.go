package identity

import (
	"context"
	"time"

	"github.com/watchword/watchword/internal/notify"
)

// The verification methods a user may require at login.
const (
	VerifyOff   = "off"
	VerifySMS   = "sms"
	VerifyEmail = "email"
	VerifyTOTP  = "totp"
)

// The purposes of a stored challenge.
const (
	// ChallengeLogin: the second step of a login, answered by CompleteLogin.
	ChallengeLogin = "login"
	// ChallengeVerificationChange: a code proving the factor a user is
	// switching login verification to (or off from).
	ChallengeVerificationChange = "verification_change"
	// ChallengeLoginPassword: a login begun with a virtual MFA passcode
	// (Keystone's totp method alone), whose password is still to come,
	// answered by CompleteWithPassword.
	ChallengeLoginPassword = "login_password"
)

// Challenge limits: a login's second step must come within five minutes,
// with at most five wrong codes.
const (
	LoginChallengeLifetime    = 5 * time.Minute
	LoginChallengeMaxAttempts = 5
)

// LoginChallenge is the pending second step of a login, returned by Login
// instead of a token. ID is an opaque receipt (256 random bits) that faces
// hand to the client: Keystone's auth receipt, the native API's challenge.
// Only its SHA-256 is stored.
type LoginChallenge struct {
	ID        string
	Method    string // sms | email | totp; password when a passcode came first
	ExpiresAt time.Time
	// Destination is where a code was sent, masked ("r•••@acme.test",
	// "+33•••••••78"); empty for totp.
	Destination string
}

// ChallengeRecord is a stored challenge: a login's second step, or a code
// for changing the login verification method.
type ChallengeRecord struct {
	ID        string // SHA-256 hex of the receipt (login), or a random ID
	Purpose   string // ChallengeLogin or ChallengeVerificationChange
	UserID    string
	AccountID string
	Method    string // the method answering it: sms | email | totp
	// Target is, for a verification change, the method being switched to.
	Target   string
	CodeHash string // for sms and email; empty for totp
	// PasswordChangedAt binds a login challenge to the password that passed
	// the first step: a password changed meanwhile voids it.
	PasswordChangedAt time.Time
	// Restricted is the restriction the session will carry
	// ("password_change"), decided at the first step.
	Restricted string
	IP         string
	Attempts   int // attempts made before the current one
	CreatedAt  time.Time
	ExpiresAt  time.Time
	UsedAt     *time.Time
	Voided     bool
}

// challengeKeep is how long spent and expired challenges stay, for audit,
// before the next challenge of their user sweeps them.
const challengeKeep = 24 * time.Hour

// ChallengeStore persists challenges.
type ChallengeStore interface {
	// CreateChallenge stores c, voiding the user's earlier unused challenges
	// of the same purpose and deleting those of the user that expired
	// before sweepBefore, and queues notes (the code), in one transaction.
	CreateChallenge(ctx context.Context, c *ChallengeRecord, sweepBefore time.Time, notes []notify.Notification) error
	// AttemptChallenge counts one attempt at a challenge and returns it, with
	// Attempts the count before this one: one statement, so parallel guesses
	// cannot exceed the limit. Errors: NotFound (challenge.not_found).
	AttemptChallenge(ctx context.Context, id string) (*ChallengeRecord, error)
	// AttemptLatestChallenge does the same for the user's newest challenge of
	// a purpose and target. Errors: NotFound (challenge.not_found).
	AttemptLatestChallenge(ctx context.Context, userID, purpose, target string) (*ChallengeRecord, error)
	// UseChallenge marks a challenge used and, when step > 0, records it as
	// the user's last TOTP step, in one transaction, so neither the
	// challenge nor the code can serve twice.
	// Errors: Invalid (verify.code_used), NotFound (mfa.not_found).
	UseChallenge(ctx context.Context, id, userID string, step int64) error
	// SetLoginVerification applies w in one transaction.
	// Errors: NotFound (user.not_found), Invalid (verify.code_used),
	// Conflict (login_verification.mfa_required: w.RequireMFA and no
	// active device).
	SetLoginVerification(ctx context.Context, w LoginVerificationWrite) error
}
