package keystone

import (
	"net/http"

	"github.com/watchword/watchword/internal/identity"
)

type userUpdateRequest struct {
	User *userUpdateJSON `json:"user"`
}

func (userUpdateRequest) wrapper() string { return "user" }

// userUpdateJSON is what PATCH /v3/users/{id} accepts: Keystone's fields
// (KeystoneUpdateUserByAdmin adds pwd_status) that have a meaning here.
type userUpdateJSON struct {
	Name             *string         `json:"name"`
	Enabled          *bool           `json:"enabled"`
	Password         *string         `json:"password"`
	Description      *string         `json:"description"`
	Email            *string         `json:"email"`
	PwdStatus        *bool           `json:"pwd_status"`
	DomainID         *string         `json:"domain_id"`
	DefaultProjectID *string         `json:"default_project_id"`
	Options          *map[string]any `json:"options"`
}

// updateUser is PATCH /v3/users/{user_id}, for an administrator.
func (h *handler) updateUser(w http.ResponseWriter, r *http.Request) {
	var in userUpdateRequest
	if !h.read(w, r, &in, true) {
		return
	}
	u := in.User
	if u == nil {
		h.writeError(w, r, required("user", "user"))
		return
	}
	if err := checkImmovable(r, u.DomainID, u.DefaultProjectID, u.Options); err != nil {
		h.writeError(w, r, err)
		return
	}
	d, err := h.svc.Users.UpdateDetail(r.Context(), r.PathValue("user_id"), identity.UserChange{
		User:       identity.UserUpdate{Name: u.Name, Enabled: u.Enabled, Email: u.Email},
		Attributes: identity.UserAttributesUpdate{Description: u.Description},
		Password:   u.Password, ForcePasswordChange: u.PwdStatus})
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	reply(w, http.StatusOK, userBody{User: toUserJSON(d, h.baseURL(r))})
}

// checkImmovable refuses the Keystone fields this face cannot honour: a
// user stays in its domain (Keystone: "Cannot change Domain ID"), there are
// no projects, and no Keystone user options.
func checkImmovable(r *http.Request, domainID, projectID *string, options *map[string]any) error {
	p, _ := identity.PrincipalFrom(r.Context())
	switch {
	case domainID != nil && *domainID != p.AccountID:
		return invalid("keystone.domain", "Cannot change Domain ID", "domain_id")
	case projectID != nil && *projectID != "":
		return invalid("keystone.schema", "Invalid input for field 'default_project_id': there are no projects here", "default_project_id")
	case options != nil && len(*options) > 0:
		return invalid("keystone.schema", "Invalid input for field 'options': user options are not supported", "options")
	}
	return nil
}
