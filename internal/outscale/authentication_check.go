package outscale

import (
	"context"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

type checkAuthenticationRequest struct {
	dryRunField
	Login    *string `json:"Login"`
	Password *string `json:"Password"`
}

func (r *checkAuthenticationRequest) check() error {
	if r.Login == nil || *r.Login == "" {
		return missing("Login")
	}
	if r.Password == nil || *r.Password == "" {
		return missing("Password")
	}
	return nil
}

// checkAuthentication tells whether a login and password are right, through
// the core's login; the session that opens is closed at once. Credentials of
// another account than the caller's read as wrong (4120).
func (h *handler) checkAuthentication(ctx context.Context, req *checkAuthenticationRequest, rc responseContext) (any, error) {
	caller, _ := identity.PrincipalFrom(ctx)
	checked, done, err := h.loginPassword(ctx, *req.Login, *req.Password)
	if err != nil {
		return nil, err
	}
	defer done()
	if p, _ := identity.PrincipalFrom(checked); p.AccountID != caller.AccountID {
		return nil, fault.New(fault.Unauthenticated, "auth.invalid_credentials", "the login or password is incorrect")
	}
	return emptyResponse{ResponseContext: rc}, nil
}
