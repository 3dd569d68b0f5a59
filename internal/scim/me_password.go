package scim

import (
	"net/http"
	"slices"
	"strings"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

const (
	changePasswordSchema = "urn:ietf:params:scim:schemas:ibm:core:2.0:ChangePassword"
	notificationSchema   = "urn:ietf:params:scim:schemas:extension:ibm:2.0:Notification"
)

// changePasswordRequest is IBM Verify's ChangePasswordV2 body.
type changePasswordRequest struct {
	Schemas         []string         `json:"schemas"`
	CurrentPassword *string          `json:"currentPassword"`
	NewPassword     *string          `json:"newPassword"`
	Notification    *notificationExt `json:"urn:ietf:params:scim:schemas:extension:ibm:2.0:Notification"`
}

// notificationExt is IBM's Notification extension. notifyPassword is read
// and ignored on purpose: Watchword never mails a password.
type notificationExt struct {
	NotifyType     string `json:"notifyType"`
	NotifyPassword *bool  `json:"notifyPassword"`
	NotifyManager  *bool  `json:"notifyManager"`
}

// changePassword is POST /v2.0/Me/password: 204 on success, with
// isv-dictionary-policy WARNLOCAL/WARNGLOBAL when a warn-mode dictionary matched.
func (h *handler) changePassword(w http.ResponseWriter, r *http.Request) {
	var in changePasswordRequest
	if err := h.decode(r, &in); err != nil {
		h.fail(w, r, err)
		return
	}
	if err := in.validate(); err != nil {
		h.fail(w, r, err)
		return
	}
	notify := identity.NotifyOptions{Theme: r.URL.Query().Get("themeId")}
	if in.Notification != nil {
		notify.None = strings.EqualFold(in.Notification.NotifyType, "NONE")
	}
	res, err := h.svc.Passwords.Change(r.Context(), identity.PasswordChange{Current: *in.CurrentPassword, New: *in.NewPassword, Notify: notify})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if hdr := res.Evaluation.Header(); hdr != "" {
		w.Header().Set("isv-dictionary-policy", hdr)
	}
	w.WriteHeader(http.StatusNoContent)
}

func (in changePasswordRequest) validate() error {
	if !slices.Contains(in.Schemas, changePasswordSchema) {
		return fault.Newf(fault.Invalid, "scim.schemas", "schemas must include %s", changePasswordSchema).WithField("schemas")
	}
	for _, s := range in.Schemas {
		if s != changePasswordSchema && s != notificationSchema {
			return fault.Newf(fault.Invalid, "scim.schemas", "unsupported schema %q", s).WithField("schemas")
		}
	}
	if in.CurrentPassword == nil {
		return fault.New(fault.Invalid, "scim.schemas", "currentPassword is required").WithField("currentPassword")
	}
	if in.NewPassword == nil {
		return fault.New(fault.Invalid, "scim.schemas", "newPassword is required").WithField("newPassword")
	}
	if in.Notification != nil && in.Notification.NotifyType != "" &&
		!strings.EqualFold(in.Notification.NotifyType, "NONE") && !strings.EqualFold(in.Notification.NotifyType, "EMAIL") {
		return fault.New(fault.Invalid, "scim.schemas", "notifyType must be EMAIL or NONE").WithField("notifyType")
	}
	if np := *in.NewPassword; strings.HasPrefix(np, ">") && strings.HasSuffix(np, "<") {
		return fault.New(fault.Invalid, "scim.schemas", "newPassword cannot begin with > and end with <").WithField("newPassword")
	}
	return nil
}
