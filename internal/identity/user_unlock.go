package identity

import (
	"context"
	"time"
)

// Unlock lets a user of the administrator's account sign in again at once:
// their failed sign-ins and lockouts are forgotten (from every client IP,
// and for the day), and, since an
// administrator vouched for them, a dormant user (see the login policy's
// account_validity_period) becomes active again.
// Only the root user unlocks the root user: an IAM administrator who could
// would get unlimited guesses at the root user's password.
// Errors: Unauthenticated, Forbidden (user.root_protected too), NotFound
// (user.not_found).
func (s *UserService) Unlock(ctx context.Context, id string) error {
	p, _, err := s.d.actOn(ctx, actManageUser, id)
	if err != nil {
		return err
	}
	if err := s.d.clearUser(ctx, id, s.d.event(ctx, "user.unlock", p.AccountID, id)); err != nil {
		return err
	}
	// An empty update only moves updated_at, which dormancy counts from.
	_, err = s.d.Store.UpdateUser(ctx, UserWrite{UserID: id})
	return err
}

// LockedUntil returns until when a user of the administrator's account is
// locked out after failed sign-ins, from any client IP or for the day (the
// latest of those locks); zero when they are not.
// Errors: Unauthenticated, Forbidden, NotFound (user.not_found).
func (s *UserService) LockedUntil(ctx context.Context, id string) (time.Time, error) {
	if _, _, err := s.d.actOn(ctx, actAdminRead, id); err != nil {
		return time.Time{}, err
	}
	states, err := s.d.Store.FindLoginThrottlesUnder(ctx, userThrottleKey(id))
	if err != nil {
		return time.Time{}, err
	}
	var until time.Time
	for _, st := range states {
		if st.Locked(s.d.Clock()) && st.LockedUntil.After(until) {
			until = st.LockedUntil
		}
	}
	return until, nil
}
