package outscale

import "context"

// icuSendResetPasswordEmailRequest is ICU's SendResetPasswordEmail, a call
// osc-cli makes without credentials.
type icuSendResetPasswordEmailRequest struct {
	icuEnvelope
	Email *string `json:"Email"`
}

func (r *icuSendResetPasswordEmailRequest) check() error {
	if r.Email == nil || *r.Email == "" {
		return missing("Email")
	}
	return nil
}

// icuSendResetPasswordEmail has the core mail a reset link to the user with
// this email, if any, and answers {"Return": true} either way (seed 000).
func (h *handler) icuSendResetPasswordEmail(ctx context.Context, req *icuSendResetPasswordEmailRequest, md responseMetadata) (any, error) {
	if err := h.svc.Recovery.SendResetLink(ctx, *req.Email); err != nil {
		return nil, err
	}
	return icuReturnResponse{Return: true, ResponseMetadata: md}, nil
}
