package identity

import (
	"context"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/password"
)

// Provision applies an identity provider connector's change (SCIM PUT and
// PATCH on /Users) to a user of the administrator's account, as
// UpdateDetail does, with two differences: the root user is never its
// target, whoever calls (user.root_protected), and ifVersion, when not 0,
// is the version the connector read (If-Match): the change applies only
// to that version, compared again in the store's transaction.
// It also returns the policy's evaluation of a password set (zero without
// one), whose warnings a face may report.
// Errors: those of UpdateDetail; Forbidden (user.root_protected); Conflict
// (user.version_mismatch).
func (s *UserService) Provision(ctx context.Context, id string, ifVersion int64, ch UserChange) (*UserDetail, password.Evaluation, error) {
	return s.updateDetail(ctx, actProvision, id, ifVersion, ch)
}

// Deprovision deletes a user of the administrator's account for an
// identity provider's connector (SCIM DELETE /Users/{id}): never the root
// user; ifVersion, when not 0, must be the user's version.
// Errors: Unauthenticated, Forbidden (user.root_protected), NotFound
// (user.not_found, also for another account's user), Conflict
// (user.version_mismatch).
func (s *UserService) Deprovision(ctx context.Context, id string, ifVersion int64) error {
	p, u, err := s.d.actOn(ctx, actProvision, id)
	if err != nil {
		return err
	}
	if ifVersion != 0 && ifVersion != u.Version {
		return errUserVersion()
	}
	return s.d.Store.DeleteUser(ctx, u.ID, s.d.event(ctx, "user.delete", p.AccountID, u.ID))
}

func errUserVersion() error {
	return fault.New(fault.Conflict, "user.version_mismatch", "the user is no longer at the version the request names")
}
