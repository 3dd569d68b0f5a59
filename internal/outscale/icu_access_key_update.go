package outscale

import (
	"context"

	"github.com/watchword/watchword/internal/identity"
)

// icuUpdateAccessKeyRequest changes a key's Status; unlike OAPI, leaving
// ExpirationDate out keeps the expiry as it is.
type icuUpdateAccessKeyRequest struct {
	icuEnvelope
	AccessKeyID    string  `json:"AccessKeyId"`
	Status         string  `json:"Status"`
	ExpirationDate *string `json:"ExpirationDate"`
}

func (r *icuUpdateAccessKeyRequest) check() error {
	if r.AccessKeyID == "" {
		return missing("AccessKeyId")
	}
	if r.Status == "" {
		return missing("Status")
	}
	return nil
}

// icuUpdateAccessKey changes a key's state (and expiry when given).
func (h *handler) icuUpdateAccessKey(ctx context.Context, req *icuUpdateAccessKeyRequest, md responseMetadata) (any, error) {
	state := identity.AccessKeyState(req.Status)
	upd := identity.AccessKeyUpdate{State: &state}
	if v := deref(req.ExpirationDate); v != "" {
		t, err := parseDate("ExpirationDate", v)
		if err != nil {
			return nil, err
		}
		upd.ExpiresAt = &t
	}
	k, err := h.svc.AccessKeys.Update(ctx, "", req.AccessKeyID, upd)
	if err != nil {
		return nil, err
	}
	return icuAccessKeyResponse{AccessKey: toICUAccessKey(k), ResponseMetadata: md}, nil
}
