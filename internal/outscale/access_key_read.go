package outscale

import (
	"context"

	"github.com/watchword/watchword/internal/identity"
)

type readAccessKeysRequest struct {
	dryRunField
	Filters  *accessKeyFilters `json:"Filters"`
	Tag      *string           `json:"Tag"`
	UserName *string           `json:"UserName"`
}

type accessKeyFilters struct {
	AccessKeyIDs *[]string `json:"AccessKeyIds"`
	States       *[]string `json:"States"`
}

func (r *readAccessKeysRequest) check() error { return nil }

// filter translates the request; an empty list filters nothing, as an
// absent one.
func (r *readAccessKeysRequest) filter() identity.AccessKeyFilter {
	f := identity.AccessKeyFilter{UserName: deref(r.UserName), Tag: r.Tag}
	if r.Filters == nil {
		return f
	}
	if ids := r.Filters.AccessKeyIDs; ids != nil && len(*ids) > 0 {
		f.IDs = *ids
	}
	if states := r.Filters.States; states != nil && len(*states) > 0 {
		for _, s := range *states {
			f.States = append(f.States, identity.AccessKeyState(s))
		}
	}
	return f
}

type readAccessKeysResponse struct {
	AccessKeys      []accessKey     `json:"AccessKeys"`
	ResponseContext responseContext `json:"ResponseContext"`
}

// readAccessKeys lists the caller's (or UserName's) keys, without secrets.
func (h *handler) readAccessKeys(ctx context.Context, req *readAccessKeysRequest, rc responseContext) (any, error) {
	keys, err := h.svc.AccessKeys.List(ctx, req.filter())
	if err != nil {
		return nil, err
	}
	out := make([]accessKey, len(keys))
	for i, k := range keys {
		out[i] = toAccessKey(k)
	}
	return readAccessKeysResponse{AccessKeys: out, ResponseContext: rc}, nil
}
