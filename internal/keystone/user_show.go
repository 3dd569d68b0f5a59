package keystone

import (
	"net/http"

	"github.com/watchword/watchword/internal/identity"
)

type userBody struct {
	User userJSON `json:"user"`
}

// userJSON is Keystone's user (user-show-response.json) with the fields
// Huawei's KeystoneShowUserResult adds (pwd_status, access_mode).
type userJSON struct {
	DomainID          string         `json:"domain_id"`
	Enabled           bool           `json:"enabled"`
	ID                string         `json:"id"`
	Links             selfLink       `json:"links"`
	Name              string         `json:"name"`
	PasswordExpiresAt *string        `json:"password_expires_at"`
	Description       string         `json:"description"`
	Email             string         `json:"email,omitempty"`
	Options           map[string]any `json:"options"`
	PwdStatus         bool           `json:"pwd_status"`
	AccessMode        string         `json:"access_mode"`
}

type selfLink struct {
	Self string `json:"self"`
}

func toUserJSON(d *identity.UserDetail, base string) userJSON {
	return userJSON{DomainID: d.AccountID, Enabled: d.Enabled, ID: d.ID, Links: selfLink{Self: base + "/v3/users/" + d.ID},
		Name: d.Name, PasswordExpiresAt: timeOrNull(d.PasswordExpiresAt, userTime), Description: d.Attributes.Description,
		Email: d.Email, Options: map[string]any{}, PwdStatus: d.ForcePasswordChange, AccessMode: accessModeDefault}
}

// showUser is GET /v3/users/{user_id}: the caller itself, or a user of the
// administrator's account.
func (h *handler) showUser(w http.ResponseWriter, r *http.Request) {
	d, err := h.svc.Users.ShowDetail(r.Context(), r.PathValue("user_id"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	reply(w, http.StatusOK, userBody{User: toUserJSON(d, h.baseURL(r))})
}
