package outscale

import "context"

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

// checkAuthentication tells whether a login and password are right,
// through the core, which opens no session and refuses another account's
// credentials as wrong ones (4120).
func (h *handler) checkAuthentication(ctx context.Context, req *checkAuthenticationRequest, rc responseContext) (any, error) {
	if _, err := h.svc.Auth.CheckCredentials(ctx, loginInput(*req.Login, *req.Password)); err != nil {
		return nil, err
	}
	return emptyResponse{ResponseContext: rc}, nil
}
