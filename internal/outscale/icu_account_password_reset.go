package outscale

import "context"

// icuResetAccountPasswordRequest is ICU's ResetAccountPassword, a call
// osc-cli makes without credentials. Its Password, the new one, shadows the
// envelope's, which only the password authentication method uses.
type icuResetAccountPasswordRequest struct {
	icuEnvelope
	Password *string `json:"Password"`
	Token    *string `json:"Token"`
}

func (r *icuResetAccountPasswordRequest) check() error {
	if r.Token == nil || *r.Token == "" {
		return missing("Token")
	}
	if r.Password == nil || *r.Password == "" {
		return missing("Password")
	}
	return nil
}

// icuResetAccountPasswordResponse is seed 000's answer: the account's email
// and ResponseMetadata.
type icuResetAccountPasswordResponse struct {
	Email            string           `json:"Email"`
	ResponseMetadata responseMetadata `json:"ResponseMetadata"`
}

// icuResetAccountPassword sets a new password with a mailed token, as
// resetAccountPassword does, and answers with the user's email.
func (h *handler) icuResetAccountPassword(ctx context.Context, req *icuResetAccountPasswordRequest, md responseMetadata) (any, error) {
	u, err := h.svc.Recovery.ResetWithToken(ctx, *req.Token, *req.Password)
	if err != nil {
		return nil, err
	}
	return icuResetAccountPasswordResponse{Email: u.Email, ResponseMetadata: md}, nil
}
