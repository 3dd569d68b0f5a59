package outscale

import "context"

type icuReadAccountRequest struct {
	icuEnvelope
}

func (r *icuReadAccountRequest) check() error { return nil }

// icuReadAccount answers ReadAccount (and its older name GetAccount).
func (h *handler) icuReadAccount(ctx context.Context, _ *icuReadAccountRequest, md responseMetadata) (any, error) {
	a, err := h.svc.Accounts.Get(ctx)
	if err != nil {
		return nil, err
	}
	return icuAccountResponse{Account: toICUAccount(a), ResponseMetadata: md}, nil
}
