package identity

import (
	"context"
	"time"
)

// AuditFilter narrows an account's audit trail. Zero fields do not filter.
type AuditFilter struct {
	UserID string // events about this user (the one acted upon)
	// Action is an action ("password.change") or a family, by its prefix
	// ending in a dot ("password." matches every password action).
	Action string
	// Outcome is "success" or a fault code ("auth.invalid_credentials").
	Outcome       string
	Since, Before time.Time // Since ≤ created < Before
}

// AuditStore reads the audit trail, written with each change it records.
type AuditStore interface {
	// FindAuditPage lists an account's events matching f, newest first, up
	// to limit after a's event (from the newest when a is nil).
	FindAuditPage(ctx context.Context, accountID string, f AuditFilter, limit int, a *After) ([]AuditEvent, error)
}

// AuditService shows administrators their account's audit trail: sign-ins
// and their failures, lockouts, password changes and resets, factor and
// contact changes, key and user management.
type AuditService struct{ d *Deps }

// Page lists the administrator's account's events matching f, newest first.
// Errors: Unauthenticated, Forbidden, Invalid (page.limit, page.cursor).
func (s *AuditService) Page(ctx context.Context, f AuditFilter, p Page) (Paged[AuditEvent], error) {
	pr, err := requireAdmin(ctx)
	if err != nil {
		return Paged[AuditEvent]{}, err
	}
	return paginate(p, "audit", func(limit int, a *After) ([]AuditEvent, error) {
		return s.d.Store.FindAuditPage(ctx, pr.AccountID, f, limit, a)
	}, func(ev AuditEvent) After { return After{At: ev.CreatedAt, ID: ev.ID} })
}
