package api

import (
	"net/http"

	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
)

func (h *handler) listUsers(w http.ResponseWriter, r *http.Request) {
	var name *string
	if v := r.URL.Query().Get("name"); v != "" {
		name = &v
	}
	p, err := pageParams(r)
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	page, err := h.svc.Users.Page(r.Context(), name, p)
	writePage(w, r, h.log, page, err, toUserJSON)
}

type createUserRequest struct {
	Name        string `json:"name"`
	DisplayName string `json:"display_name"`
	Email       string `json:"email"`
	Mobile      string `json:"mobile"`
	Locale      string `json:"locale"`
	Admin       bool   `json:"admin"`
	Password    string `json:"password"`
	ForceChange bool   `json:"force_password_change"`
	Federated   bool   `json:"federated"`
	// Invite mails a user created without a password a link to choose one.
	Invite bool `json:"invite"`
}

func (h *handler) createUser(w http.ResponseWriter, r *http.Request) {
	var in createUserRequest
	if !h.read(w, r, &in) {
		return
	}
	nu := identity.NewUser{Name: in.Name, DisplayName: in.DisplayName, Email: in.Email, Mobile: in.Mobile,
		Locale: in.Locale, Admin: in.Admin, Password: in.Password, ForceChange: in.ForceChange, Invite: in.Invite}
	if in.Federated {
		nu.Origin = identity.OriginFederated
	}
	u, err := h.svc.Users.Create(r.Context(), nu)
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	w.Header().Set("Location", "/v1/users/"+u.ID)
	httpx.WriteJSON(w, http.StatusCreated, "", toUserJSON(u))
}

func (h *handler) showUser(w http.ResponseWriter, r *http.Request) {
	u, err := h.svc.Users.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	refs, err := h.svc.Groups.UserGroups(r.Context(), u.ID)
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	out := toUserJSON(u)
	groups := []groupRefJSON{}
	for _, g := range refs {
		groups = append(groups, groupRefJSON{ID: g.ID, DisplayName: g.DisplayName, Builtin: g.Builtin})
	}
	out.Groups = &groups
	httpx.WriteJSON(w, http.StatusOK, "", out)
}

type updateUserRequest struct {
	Name           *string `json:"name"`
	DisplayName    *string `json:"display_name"`
	Email          *string `json:"email"`
	EmailVerified  *bool   `json:"email_verified"`
	Mobile         *string `json:"mobile"`
	MobileVerified *bool   `json:"mobile_verified"`
	Locale         *string `json:"locale"`
	Theme          *string `json:"theme"`
	Admin          *bool   `json:"admin"`
	Enabled        *bool   `json:"enabled"`
}

func (h *handler) updateUser(w http.ResponseWriter, r *http.Request) {
	var in updateUserRequest
	if !h.read(w, r, &in) {
		return
	}
	u, err := h.svc.Users.Update(r.Context(), r.PathValue("id"), identity.UserUpdate{Name: in.Name,
		DisplayName: in.DisplayName, Email: in.Email, EmailVerified: in.EmailVerified, Mobile: in.Mobile,
		MobileVerified: in.MobileVerified, Locale: in.Locale, Theme: in.Theme, Admin: in.Admin, Enabled: in.Enabled})
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, "", toUserJSON(u))
}

func (h *handler) deleteUser(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.Users.Delete(r.Context(), r.PathValue("id")); err != nil {
		writeError(w, r, h.log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

type setPasswordRequest struct {
	Password    string `json:"password"`
	ForceChange bool   `json:"force_password_change"`
}

func (h *handler) setUserPassword(w http.ResponseWriter, r *http.Request) {
	var in setPasswordRequest
	if !h.read(w, r, &in) {
		return
	}
	res, err := h.svc.Passwords.AdminSet(r.Context(), r.PathValue("id"), in.Password, in.ForceChange)
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	writePasswordResult(w, res)
}
