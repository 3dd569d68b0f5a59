package identity

import "time"

// AuditEvent records a sensitive action: who, what, when, from where, outcome.
type AuditEvent struct {
	ID        string
	AccountID string
	UserID    string // the user acted upon
	ActorID   string // who acted (user or client ID); empty for anonymous
	Action    string // dotted, e.g. "password.change"
	Outcome   string // "success" or a fault code
	IP        string
	Detail    map[string]string
	CreatedAt time.Time
}
