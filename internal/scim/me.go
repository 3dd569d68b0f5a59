package scim

import (
	"net/http"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
)

// showMe is GET /v2.0/Me: the caller's own user resource, processed in
// place (RFC 7644 §3.11 option c) with Location naming the resource at
// /Users/{id}, which the caller may read too.
func (h *handler) showMe(w http.ResponseWriter, r *http.Request) {
	u, err := h.svc.Users.Me(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.writeUser(w, r, http.StatusOK, u)
}

// replaceMe is PUT /v2.0/Me: the caller's own profile, with /v1/me's rules
// (UserService.UpdateMe): displayName and preferredLanguage are replaced
// (absent clears them). What the caller cannot change here must be sent
// as it is or left out: userName, emails and phoneNumbers (changed through
// their verification flows), active, password (POST /Me/password),
// externalId.
func (h *handler) replaceMe(w http.ResponseWriter, r *http.Request) {
	body, err := h.readResource(r, userType)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	u, err := h.svc.Users.Me(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	st, err := readUserState(body)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := st.selfOnly(u, body); err != nil {
		h.fail(w, r, err)
		return
	}
	u, err = h.svc.Users.UpdateMe(r.Context(), identity.ProfileUpdate{DisplayName: &st.DisplayName, Locale: &st.Locale})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.writeUser(w, r, http.StatusOK, u)
}

// selfOnly refuses, in a PUT of the caller's own resource, a change to
// what only an administrator or a verification flow changes.
func (st userState) selfOnly(u *identity.User, body Resource) error {
	refuse := func(attr, how string) error {
		return fault.Newf(fault.Invalid, "scim.mutability", "%s cannot be changed through /Me: %s", attr, how).WithField(attr)
	}
	_, hasEmails := body["emails"]
	_, hasPhones := body["phoneNumbers"]
	switch {
	case st.Name != "" && st.Name != u.Name:
		return refuse("userName", "an administrator renames users")
	case hasEmails && !equalFoldTrim(st.Email, u.Email):
		return refuse("emails", "a code to the new address proves it (POST /v1/me/email)")
	case hasPhones && st.Mobile != u.Mobile:
		return refuse("phoneNumbers", "a code to the new number proves it (POST /v1/me/mobile)")
	case st.Active != nil && *st.Active != u.Enabled:
		return refuse("active", "an administrator enables and disables users")
	case st.Password != nil:
		return refuse("password", "POST /v2.0/Me/password changes it, with the current one")
	case st.ExternalID != "" && st.ExternalID != u.ExternalID:
		return refuse("externalId", "the provisioning identity provider sets it")
	case st.EmailVerified != nil && *st.EmailVerified != u.EmailVerified:
		return refuse(ibmUserSchema+":emailVerified", "a code to the address proves it")
	}
	return nil
}

// deleteMe is DELETE /v2.0/Me: refused. A user does not delete itself
// here; its account's administrator does (DELETE /v2.0/Users/{id}).
func (h *handler) deleteMe(w http.ResponseWriter, r *http.Request) {
	if _, err := h.svc.Users.Me(r.Context()); err != nil {
		h.fail(w, r, err)
		return
	}
	h.fail(w, r, fault.New(fault.Forbidden, "scim.delete_self",
		"a user cannot delete itself; an administrator of the account deletes users"))
}

// writeUser answers u as a User resource with its groups, projected as the
// request's attributes and excludedAttributes ask, with its ETag and its
// permanent Location.
func (h *handler) writeUser(w http.ResponseWriter, r *http.Request, status int, u *identity.User) {
	proj := ParseProjection(userType, r.URL.Query())
	var groups []identity.GroupRef
	if proj.Wants(userType, "", "groups") {
		var err error
		if groups, err = h.userGroups(r.Context(), u); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	w.Header().Set("Location", userLocation(u.ID))
	w.Header().Set("ETag", ETag(u.Version))
	httpx.WriteJSON(w, status, mediaType, proj.Apply(userType, toUserResource(u, groups)))
}
