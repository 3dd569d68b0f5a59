package outscale

import "context"

// sendResetPasswordEmailRequest is OAPI's SendResetPasswordEmail (removed
// in API 1.28.5, still called by osc-sdk-go up to v2.18 and by osc-cli).
type sendResetPasswordEmailRequest struct {
	dryRunField
	Email *string `json:"Email"`
}

func (r *sendResetPasswordEmailRequest) check() error {
	if r.Email == nil || *r.Email == "" {
		return missing("Email")
	}
	return nil
}

// sendResetPasswordEmail has the core mail a reset link, ending with the
// token, to the user with this email, if there is one; the answer is the
// same either way.
func (h *handler) sendResetPasswordEmail(ctx context.Context, req *sendResetPasswordEmailRequest, rc responseContext) (any, error) {
	if err := h.svc.Recovery.SendResetLink(ctx, *req.Email); err != nil {
		return nil, err
	}
	return emptyResponse{ResponseContext: rc}, nil
}
