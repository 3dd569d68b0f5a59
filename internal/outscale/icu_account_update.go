package outscale

import "context"

// icuUpdateAccountRequest has the fields OAPI's UpdateAccount has.
type icuUpdateAccountRequest struct {
	icuEnvelope
	accountFields
}

// icuUpdateAccount edits the caller's account profile.
func (h *handler) icuUpdateAccount(ctx context.Context, req *icuUpdateAccountRequest, md responseMetadata) (any, error) {
	a, err := h.svc.Accounts.Update(ctx, req.update())
	if err != nil {
		return nil, err
	}
	return icuAccountResponse{Account: toICUAccount(a), ResponseMetadata: md}, nil
}
