package outscale

import (
	"context"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// icuListAccessKeysRequest accepts ICU's paging members; a user holds at
// most a handful of keys, so every answer is one untruncated page.
type icuListAccessKeysRequest struct {
	icuEnvelope
	Marker   *string `json:"Marker"`
	MaxItems *int    `json:"MaxItems"`
}

func (r *icuListAccessKeysRequest) check() error { return nil }

type icuListAccessKeysResponse struct {
	AccessKeys       []icuAccessKey   `json:"accessKeys"`
	IsTruncated      bool             `json:"isTruncated"`
	ResponseMetadata responseMetadata `json:"ResponseMetadata"`
}

// icuListAccessKeys lists the caller's keys, without their secret keys.
func (h *handler) icuListAccessKeys(ctx context.Context, _ *icuListAccessKeysRequest, md responseMetadata) (any, error) {
	keys, err := h.svc.AccessKeys.List(ctx, identity.AccessKeyFilter{})
	if err != nil {
		return nil, err
	}
	out := make([]icuAccessKey, len(keys))
	for i, k := range keys {
		out[i] = toICUAccessKey(k)
	}
	return icuListAccessKeysResponse{AccessKeys: out, ResponseMetadata: md}, nil
}

type icuGetAccessKeyRequest struct {
	icuEnvelope
	AccessKeyID string `json:"AccessKeyId"`
}

func (r *icuGetAccessKeyRequest) check() error {
	if r.AccessKeyID == "" {
		return missing("AccessKeyId")
	}
	return nil
}

// icuGetAccessKey answers one of the caller's keys.
func (h *handler) icuGetAccessKey(ctx context.Context, req *icuGetAccessKeyRequest, md responseMetadata) (any, error) {
	keys, err := h.svc.AccessKeys.List(ctx, identity.AccessKeyFilter{IDs: []string{req.AccessKeyID}})
	if err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return nil, fault.New(fault.NotFound, "access_key.not_found", "no such access key").WithField("AccessKeyId")
	}
	return icuAccessKeyResponse{AccessKey: toICUAccessKey(keys[0]), ResponseMetadata: md}, nil
}
