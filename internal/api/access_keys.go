package api

import (
	"net/http"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
)

type accessKeyJSON struct {
	ID        string     `json:"id"`
	State     string     `json:"state"`
	Tag       string     `json:"tag"`
	ExpiresAt *time.Time `json:"expires_at"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	// SecretKey is present only in the answer to a creation.
	SecretKey string `json:"secret_key,omitempty"`
}

func toAccessKeyJSON(k *identity.AccessKey) accessKeyJSON {
	out := accessKeyJSON{ID: k.ID, State: string(k.State), Tag: k.Tag, CreatedAt: k.CreatedAt, UpdatedAt: k.UpdatedAt}
	if !k.ExpiresAt.IsZero() {
		t := k.ExpiresAt
		out.ExpiresAt = &t
	}
	return out
}

// accessKeyOwner is the ?user= query: an administrator acting on a user of
// the account; empty for the caller's own keys.
func accessKeyOwner(r *http.Request) string { return r.URL.Query().Get("user") }

func (h *handler) listAccessKeys(w http.ResponseWriter, r *http.Request) {
	p, err := pageParams(r)
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	page, err := h.svc.AccessKeys.Page(r.Context(), accessKeyOwner(r), p)
	writePage(w, r, h.log, page, err, toAccessKeyJSON)
}

type createAccessKeyRequest struct {
	ExpiresAt *time.Time `json:"expires_at"`
	Tag       string     `json:"tag"`
}

// createAccessKey answers the secret key once; the store keeps it sealed.
func (h *handler) createAccessKey(w http.ResponseWriter, r *http.Request) {
	var in createAccessKeyRequest
	if r.ContentLength != 0 && !h.read(w, r, &in) {
		return
	}
	nk := identity.NewAccessKey{UserName: accessKeyOwner(r), Tag: in.Tag}
	if in.ExpiresAt != nil {
		nk.ExpiresAt = *in.ExpiresAt
	}
	created, err := h.svc.AccessKeys.Create(r.Context(), nk)
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	out := toAccessKeyJSON(created.Key)
	out.SecretKey = created.SecretKey
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusCreated, "", out)
}

type updateAccessKeyRequest struct {
	State *string `json:"state"`
	// ExpiresAt sets the expiry; RemoveExpiry clears it.
	ExpiresAt    *time.Time `json:"expires_at"`
	RemoveExpiry bool       `json:"remove_expiry"`
	Tag          *string    `json:"tag"`
}

func (h *handler) updateAccessKey(w http.ResponseWriter, r *http.Request) {
	var in updateAccessKeyRequest
	if !h.read(w, r, &in) {
		return
	}
	var upd identity.AccessKeyUpdate
	if in.State != nil {
		st := identity.AccessKeyState(*in.State)
		if st != identity.AccessKeyActive && st != identity.AccessKeyInactive {
			writeError(w, r, h.log, fault.New(fault.Invalid, "access_key.state_invalid", "state must be ACTIVE or INACTIVE").WithField("state"))
			return
		}
		upd.State = &st
	}
	switch {
	case in.RemoveExpiry && in.ExpiresAt != nil:
		writeError(w, r, h.log, fault.New(fault.Invalid, "access_key.expiry_conflict", "give expires_at or remove_expiry, not both"))
		return
	case in.RemoveExpiry:
		upd.ExpiresAt = &time.Time{}
	case in.ExpiresAt != nil:
		upd.ExpiresAt = in.ExpiresAt
	}
	upd.Tag = in.Tag
	k, err := h.svc.AccessKeys.Update(r.Context(), accessKeyOwner(r), r.PathValue("id"), upd)
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, "", toAccessKeyJSON(k))
}

func (h *handler) deleteAccessKey(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.AccessKeys.Delete(r.Context(), accessKeyOwner(r), r.PathValue("id")); err != nil {
		writeError(w, r, h.log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
