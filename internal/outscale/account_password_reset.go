package outscale

import "context"

// resetAccountPasswordRequest is OAPI's ResetAccountPassword (removed in
// API 1.28.5): the token that ends the mailed link, and the new password.
type resetAccountPasswordRequest struct {
	dryRunField
	Password *string `json:"Password"`
	Token    *string `json:"Token"`
}

func (r *resetAccountPasswordRequest) check() error {
	if r.Token == nil || *r.Token == "" {
		return missing("Token")
	}
	if r.Password == nil || *r.Password == "" {
		return missing("Password")
	}
	return nil
}

// resetAccountPassword sets a new password with a mailed token. The core
// applies the account's policy, refuses the current password, spends the
// token, revokes every session and sends the password-changed mail. OAPI
// answers with ResponseContext only.
func (h *handler) resetAccountPassword(ctx context.Context, req *resetAccountPasswordRequest, rc responseContext) (any, error) {
	if _, err := h.svc.Recovery.ResetWithToken(ctx, *req.Token, *req.Password); err != nil {
		return nil, err
	}
	return emptyResponse{ResponseContext: rc}, nil
}
