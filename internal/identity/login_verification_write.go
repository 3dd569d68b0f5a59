package identity

import "github.com/watchword/watchword/internal/notify"

// LoginVerificationWrite is a change of a user's login verification method,
// applied in one transaction with the proofs it consumes, its audit event
// and its notifications (ChallengeStore.SetLoginVerification).
type LoginVerificationWrite struct {
	UserID string
	Method string
	// ChallengeIDs are the challenges that proved the change; Step, when
	// above 0, is the TOTP step that did. Each is consumed.
	ChallengeIDs []string
	Step         int64
	// RequireMFA refuses the write unless the user holds an active virtual
	// MFA device when it commits: the core sets it for totp, which cannot
	// work without one, so a device removed meanwhile is caught.
	RequireMFA    bool
	Notifications []notify.Notification
	Audit         AuditEvent
}
