package outscale

import (
	"context"

	"github.com/watchword/watchword/internal/identity"
)

type icuCreateAccessKeyRequest struct {
	icuEnvelope
}

func (r *icuCreateAccessKeyRequest) check() error { return nil }

// icuCreateAccessKey makes an ACTIVE key and returns its secret key, once.
func (h *handler) icuCreateAccessKey(ctx context.Context, _ *icuCreateAccessKeyRequest, md responseMetadata) (any, error) {
	created, err := h.svc.AccessKeys.Create(ctx, identity.NewAccessKey{})
	if err != nil {
		return nil, err
	}
	k := toICUAccessKey(created.Key)
	k.SecretAccessKey = created.SecretKey
	return icuAccessKeyResponse{AccessKey: k, ResponseMetadata: md}, nil
}
