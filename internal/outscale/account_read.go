package outscale

import "context"

// dryRunField is the DryRun member every OAPI request has.
type dryRunField struct {
	DryRun *bool `json:"DryRun"`
}

func (d *dryRunField) dryRun() bool { return d.DryRun != nil && *d.DryRun }

type readAccountsRequest struct {
	dryRunField
}

func (r *readAccountsRequest) check() error { return nil }

type readAccountsResponse struct {
	Accounts        []account       `json:"Accounts"`
	ResponseContext responseContext `json:"ResponseContext"`
}

// readAccounts answers ReadAccounts with the caller's account.
func (h *handler) readAccounts(ctx context.Context, _ *readAccountsRequest, rc responseContext) (any, error) {
	a, err := h.svc.Accounts.Get(ctx)
	if err != nil {
		return nil, err
	}
	return readAccountsResponse{Accounts: []account{toAccount(a)}, ResponseContext: rc}, nil
}
