package identity

import (
	"context"

	"github.com/watchword/watchword/internal/fault"
)

// Show returns a user: the caller itself, or, for an administrator, a user
// of its account. Errors: Unauthenticated, Forbidden (another user without
// being an administrator), NotFound (user.not_found, also for another
// account's user).
func (s *UserService) Show(ctx context.Context, id string) (*User, error) {
	if id == "" {
		return nil, fault.New(fault.NotFound, "user.not_found", "no such user")
	}
	_, u, err := s.d.actOn(ctx, actShowUser, id)
	return u, err
}

// RequireSelf checks that userID names the caller, for faces whose paths
// name the user a self-service call acts on (Huawei's OS-USER/users/{id}/info).
// Errors: Unauthenticated, Forbidden (auth.user_token_required for an API
// client; user.not_self for another user of the account), NotFound
// (user.not_found: no such user in the caller's account).
func (s *UserService) RequireSelf(ctx context.Context, userID string) error {
	if userID == "" {
		return fault.New(fault.NotFound, "user.not_found", "no such user")
	}
	_, _, err := s.d.actOn(ctx, actRequireSelf, userID)
	return err
}

// ChangeFor is Change for a user named by ID, as Huawei's and Keystone's
// password calls name it in their path: only the user itself, holding a user
// token of its own, may change its password this way.
// Errors: those of Change, plus NotFound (user.not_found: no such user in the
// caller's account) and Forbidden (password.not_own: another user of the
// account, administrators included, who set passwords through AdminSet).
func (s *PasswordService) ChangeFor(ctx context.Context, userID string, in PasswordChange) (*PasswordResult, error) {
	if userID == "" {
		return nil, fault.New(fault.NotFound, "user.not_found", "no such user")
	}
	if _, _, err := s.d.actOn(ctx, actChangeOwnPassword, userID); err != nil {
		return nil, err
	}
	return s.Change(ctx, in)
}
