package outscale

import "context"

type icuDeleteAccessKeyRequest struct {
	icuEnvelope
	AccessKeyID string `json:"AccessKeyId"`
}

func (r *icuDeleteAccessKeyRequest) check() error {
	if r.AccessKeyID == "" {
		return missing("AccessKeyId")
	}
	return nil
}

// icuDeleteAccessKey removes one of the caller's keys.
func (h *handler) icuDeleteAccessKey(ctx context.Context, req *icuDeleteAccessKeyRequest, md responseMetadata) (any, error) {
	if err := h.svc.AccessKeys.Delete(ctx, "", req.AccessKeyID); err != nil {
		return nil, err
	}
	return icuReturnResponse{Return: true, ResponseMetadata: md}, nil
}
