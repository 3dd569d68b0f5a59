package console

import (
	"net/http"
	"time"

	"github.com/watchword/watchword/internal/console/form"
	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// userPage is one user of the account, for its administrator: their
// details, a new password, unlocking, deletion.
type userPage struct {
	page
	Subject     *identity.User
	Form        form.User
	LockedUntil time.Time
	// Force is the "change at next login" box of the password form.
	Force bool
	// Device is the user's authenticator; nil when they have none.
	Device *identity.MFADevice
	// Groups are the groups the user is in.
	Groups []identity.GroupRef
	// Requirements is the policy's checklist for the password form.
	Requirements []fault.Rule
}

// showUser shows a user of the account.
func (h *handler) showUser(w http.ResponseWriter, r *http.Request) {
	p, err := h.userPage(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "user", p)
}

func (h *handler) userPage(w http.ResponseWriter, r *http.Request) (userPage, error) {
	id := r.PathValue("id")
	p := userPage{page: h.newPage(w, r, "page.user.title", "users"), Force: true}
	var err error
	if p.Subject, err = h.svc.Users.Get(r.Context(), id); err != nil {
		return p, err
	}
	if p.LockedUntil, err = h.svc.Users.LockedUntil(r.Context(), id); err != nil {
		return p, err
	}
	if p.Device, err = h.svc.MFA.Device(r.Context(), id); fault.Is(err, fault.NotFound) {
		p.Device, err = nil, nil
	}
	if err != nil {
		return p, err
	}
	if p.Groups, err = h.svc.Groups.UserGroups(r.Context(), id); err != nil {
		return p, err
	}
	if p.Requirements, err = h.svc.Passwords.Requirements(r.Context()); err != nil {
		return p, err
	}
	p.Form = form.UserFrom(p.Subject)
	return p, nil
}

// userFailed shows the user's page again with err on it.
func (h *handler) userFailed(w http.ResponseWriter, r *http.Request, err error, edit func(*userPage)) {
	if sessionGone(err) {
		h.fail(w, r, err)
		return
	}
	p, lerr := h.userPage(w, r)
	if lerr != nil {
		h.fail(w, r, lerr)
		return
	}
	if edit != nil {
		edit(&p)
	}
	h.render(w, r, h.formFailed(r, &p.page, err), "user", p)
}
