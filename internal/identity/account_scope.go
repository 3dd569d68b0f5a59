package identity

import (
	"context"

	"github.com/watchword/watchword/internal/fault"
)

// Find returns the account id names when it is the caller's, for faces whose
// paths name the account (Huawei's domain_id).
// Errors: Unauthenticated, Forbidden (account.not_own: any other ID, known
// or not, so that account IDs cannot be probed).
func (s *AccountService) Find(ctx context.Context, id string) (*Account, error) {
	if _, err := s.d.actOnAccount(ctx, id, false); err != nil {
		return nil, err
	}
	return s.d.Store.FindAccountByID(ctx, id)
}

// errNotOwnAccount refuses any account but the caller's.
func errNotOwnAccount() error {
	return fault.New(fault.Forbidden, "account.not_own", "the account is not the caller's")
}

// LoginPolicyOf returns the login policy of the account id names, which
// must be the caller's, defaults filled in.
// Errors: Unauthenticated, Forbidden (account.not_own).
func (s *AccountService) LoginPolicyOf(ctx context.Context, id string) (LoginPolicy, error) {
	if _, err := s.Find(ctx, id); err != nil {
		return LoginPolicy{}, err
	}
	return s.LoginPolicy(ctx)
}
