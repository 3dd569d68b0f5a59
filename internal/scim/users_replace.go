package scim

import (
	"net/http"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// replaceUser is PUT /v2.0/Users/{id} (Okta sends the whole resource): the
// user becomes what the body says. Absent displayName, preferredLanguage,
// emails, phoneNumbers and externalId are cleared; absent active and
// password stay as they are (one is a state, the other write-only). The
// root user is never changed this way. If-Match naming another version is
// 412.
func (h *handler) replaceUser(w http.ResponseWriter, r *http.Request) {
	res, err := h.readResource(r, userType)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	st, err := readUserState(res)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if st.Name == "" {
		h.fail(w, r, fault.New(fault.Invalid, "scim.value", "userName is required").WithField("userName"))
		return
	}
	h.provision(w, r, func(*identity.User) (userState, error) { return st, nil })
}

// provision reads the user of the path, checks If-Match, passes the user
// to want and provisions the state it returns, compare-and-swap on the
// version read: without If-Match a change made meanwhile makes it read and
// try again (three times), with one it is 412.
func (h *handler) provision(w http.ResponseWriter, r *http.Request, want func(*identity.User) (userState, error)) {
	ctx, id := r.Context(), r.PathValue("id")
	for try := 0; ; try++ {
		u, err := h.svc.Users.Get(ctx, id)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		if err := CheckIfMatch(r, u.Version); err != nil {
			h.fail(w, r, err)
			return
		}
		st, err := want(u)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		ch, err := st.change(u, keepPassword(r))
		if err != nil {
			h.fail(w, r, err)
			return
		}
		d, eval, err := h.svc.Users.Provision(ctx, id, u.Version, ch)
		if fault.CodeOf(err) == "user.version_mismatch" && r.Header.Get("If-Match") == "" && try < 2 {
			continue
		}
		if err != nil {
			h.fail(w, r, err)
			return
		}
		setDictionaryWarning(w, eval)
		h.writeUser(w, r, http.StatusOK, d.User)
		return
	}
}
