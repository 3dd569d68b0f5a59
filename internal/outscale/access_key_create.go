package outscale

import (
	"context"

	"github.com/watchword/watchword/internal/identity"
)

type createAccessKeyRequest struct {
	dryRunField
	ExpirationDate *string `json:"ExpirationDate"`
	Tag            *string `json:"Tag"`
	UserName       *string `json:"UserName"`
}

func (r *createAccessKeyRequest) check() error { return nil }

type createAccessKeyResponse struct {
	AccessKey       accessKey       `json:"AccessKey"`
	ResponseContext responseContext `json:"ResponseContext"`
}

// createAccessKey makes an ACTIVE key and returns its secret key, once.
func (h *handler) createAccessKey(ctx context.Context, req *createAccessKeyRequest, rc responseContext) (any, error) {
	in := identity.NewAccessKey{UserName: deref(req.UserName), Tag: deref(req.Tag)}
	if v := deref(req.ExpirationDate); v != "" {
		t, err := parseDate("ExpirationDate", v)
		if err != nil {
			return nil, err
		}
		in.ExpiresAt = t
	}
	created, err := h.svc.AccessKeys.Create(ctx, in)
	if err != nil {
		return nil, err
	}
	k := toAccessKey(created.Key)
	k.SecretKey = created.SecretKey
	return createAccessKeyResponse{AccessKey: k, ResponseContext: rc}, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
