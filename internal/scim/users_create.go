package scim

import (
	"net/http"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// createUser is POST /v2.0/Users: a new IAM user of the caller's account,
// 201 with its resource, Location and ETag. A password, when sent, meets
// the account's whole policy (PWD_* scimTypes otherwise) and must be
// changed at the first sign-in unless the usershouldnotneedtoresetpassword
// header is true, as on IBM Verify. Without one, a user with an email is
// mailed an invitation to choose it, unless the body's IBM Notification
// extension says notifyType NONE. active false creates it disabled;
// userCategory federated marks a user whose password an outside provider
// manages. A taken userName or email is 409 uniqueness. A password a
// warn-mode dictionary matched sets isv-dictionary-policy WARNLOCAL or
// WARNGLOBAL on the 201, as IBM Verify does (and on PUT's and PATCH's 200).
func (h *handler) createUser(w http.ResponseWriter, r *http.Request) {
	res, raw, err := h.readResourceRaw(r, userType)
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
	nu := identity.NewUser{Name: st.Name, DisplayName: st.DisplayName, Email: st.Email, Mobile: st.Mobile, Locale: st.Locale,
		ExternalID: st.ExternalID, Disabled: st.Active != nil && !*st.Active, EmailVerified: st.EmailVerified != nil && *st.EmailVerified}
	if st.Federated != nil && *st.Federated {
		nu.Origin = identity.OriginFederated
	}
	if st.Password != nil {
		nu.Password, nu.ForceChange = *st.Password, !keepPassword(r)
	} else {
		nu.Invite = !notifyNone(raw)
	}
	u, eval, err := h.svc.Users.CreateEvaluated(r.Context(), nu)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	setDictionaryWarning(w, eval)
	h.writeUser(w, r, http.StatusCreated, u)
}
