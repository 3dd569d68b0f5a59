package outscale

import "context"

type deleteAccessKeyRequest struct {
	dryRunField
	AccessKeyID *string `json:"AccessKeyId"`
	UserName    *string `json:"UserName"`
}

func (r *deleteAccessKeyRequest) check() error {
	if deref(r.AccessKeyID) == "" {
		return missing("AccessKeyId")
	}
	return nil
}

// deleteAccessKey removes a key of the caller (or of UserName).
func (h *handler) deleteAccessKey(ctx context.Context, req *deleteAccessKeyRequest, rc responseContext) (any, error) {
	if err := h.svc.AccessKeys.Delete(ctx, deref(req.UserName), *req.AccessKeyID); err != nil {
		return nil, err
	}
	return emptyResponse{ResponseContext: rc}, nil
}
