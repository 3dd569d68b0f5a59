package outscale

import (
	"context"
	"time"

	"github.com/watchword/watchword/internal/identity"
)

type updateAccessKeyRequest struct {
	dryRunField
	AccessKeyID         *string `json:"AccessKeyId"`
	ClearExpirationDate *bool   `json:"ClearExpirationDate"`
	ClearTag            *bool   `json:"ClearTag"`
	ExpirationDate      *string `json:"ExpirationDate"`
	State               *string `json:"State"`
	Tag                 *string `json:"Tag"`
	UserName            *string `json:"UserName"`
}

// check requires AccessKeyId and State (7000 without either, as Outscale).
func (r *updateAccessKeyRequest) check() error {
	if deref(r.AccessKeyID) == "" {
		return missing("AccessKeyId")
	}
	if r.State == nil {
		return missing("State")
	}
	return nil
}

// update translates the request. Outscale's rule: an UpdateAccessKey without
// ExpirationDate (or with ClearExpirationDate) leaves the key not expiring.
func (r *updateAccessKeyRequest) update() (identity.AccessKeyUpdate, error) {
	state := identity.AccessKeyState(*r.State)
	upd := identity.AccessKeyUpdate{State: &state, ExpiresAt: &time.Time{}}
	if v := deref(r.ExpirationDate); v != "" && (r.ClearExpirationDate == nil || !*r.ClearExpirationDate) {
		t, err := parseDate("ExpirationDate", v)
		if err != nil {
			return upd, err
		}
		upd.ExpiresAt = &t
	}
	switch {
	case r.ClearTag != nil && *r.ClearTag:
		upd.Tag = new(string)
	case r.Tag != nil:
		upd.Tag = r.Tag
	}
	return upd, nil
}

type updateAccessKeyResponse struct {
	AccessKey       accessKey       `json:"AccessKey"`
	ResponseContext responseContext `json:"ResponseContext"`
}

// updateAccessKey changes a key's state, expiry and tag.
func (h *handler) updateAccessKey(ctx context.Context, req *updateAccessKeyRequest, rc responseContext) (any, error) {
	upd, err := req.update()
	if err != nil {
		return nil, err
	}
	k, err := h.svc.AccessKeys.Update(ctx, deref(req.UserName), *req.AccessKeyID, upd)
	if err != nil {
		return nil, err
	}
	return updateAccessKeyResponse{AccessKey: toAccessKey(k), ResponseContext: rc}, nil
}
