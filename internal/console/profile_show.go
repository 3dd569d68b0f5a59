package console

import (
	"net/http"

	"github.com/watchword/watchword/internal/console/form"
	"github.com/watchword/watchword/internal/identity"
)

// profilePage is "Profile and access keys": the account, the user's own
// profile, and the user's access keys.
type profilePage struct {
	page
	Account *identity.Account
	Keys    []*identity.AccessKey
	Profile form.Profile
	NewKey  form.AccessKey
	// Created is the key just made, its secret shown this once.
	Created *identity.CreatedAccessKey
}

// showProfile shows the profile and access keys page.
func (h *handler) showProfile(w http.ResponseWriter, r *http.Request) {
	p, err := h.profilePage(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "profile", p)
}

// profilePage loads what the profile page shows.
func (h *handler) profilePage(w http.ResponseWriter, r *http.Request) (profilePage, error) {
	p := profilePage{page: h.newPage(w, r, "page.profile.title", "profile")}
	var err error
	if p.Account, err = h.svc.Accounts.Get(r.Context()); err != nil {
		return p, err
	}
	if p.Keys, err = h.svc.AccessKeys.List(r.Context(), identity.AccessKeyFilter{}); err != nil {
		return p, err
	}
	p.Profile = form.ProfileFrom(p.User)
	return p, nil
}

// profileFailed shows the profile page again with err on its form.
func (h *handler) profileFailed(w http.ResponseWriter, r *http.Request, err error, edit func(*profilePage)) {
	p, lerr := h.profilePage(w, r)
	if lerr != nil {
		h.fail(w, r, lerr)
		return
	}
	if edit != nil {
		edit(&p)
	}
	if sessionGone(err) {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, h.formFailed(r, &p.page, err), "profile", p)
}
