package keystone

import (
	"net/http"

	"github.com/watchword/watchword/internal/identity"
)

type osUserUpdateRequest struct {
	User *osUserUpdateJSON `json:"user"`
}

func (osUserUpdateRequest) wrapper() string { return "user" }

// osUserUpdateJSON is Huawei's UpdateUserOption.
type osUserUpdateJSON struct {
	Name        *string `json:"name"`
	Password    *string `json:"password"`
	Email       *string `json:"email"`
	Areacode    *string `json:"areacode"`
	Phone       *string `json:"phone"`
	Enabled     *bool   `json:"enabled"`
	PwdStatus   *bool   `json:"pwd_status"`
	AccessMode  *string `json:"access_mode"`
	XUserID     *string `json:"xuser_id"`
	XUserType   *string `json:"xuser_type"`
	Description *string `json:"description"`
}

// updateOSUser is PUT /v3.0/OS-USER/users/{user_id} (UpdateUser), for an
// administrator.
func (h *handler) updateOSUser(w http.ResponseWriter, r *http.Request) {
	var in osUserUpdateRequest
	if !h.read(w, r, &in, true) {
		return
	}
	u := in.User
	if u == nil {
		h.writeError(w, r, invalid("huawei.missing", "user is required", ""))
		return
	}
	// Users here may always use both the console and the APIs; the other
	// access modes would need every face to enforce them.
	if u.AccessMode != nil && *u.AccessMode != accessModeDefault {
		h.writeError(w, r, invalid("huawei.access_mode", "access_mode must be default", "access_mode"))
		return
	}
	mobile, err := joinMobile(u.Areacode, u.Phone)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	d, err := h.svc.Users.UpdateDetail(r.Context(), r.PathValue("user_id"), identity.UserChange{
		User:       identity.UserUpdate{Name: u.Name, Enabled: u.Enabled, Email: u.Email, Mobile: mobile},
		Attributes: identity.UserAttributesUpdate{Description: u.Description, XUserID: u.XUserID, XUserType: u.XUserType},
		Password:   u.Password, ForcePasswordChange: u.PwdStatus})
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	reply(w, http.StatusOK, osUserBody{User: toOSUserJSON(d, h.baseURL(r))})
}
