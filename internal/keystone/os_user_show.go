package keystone

import (
	"net/http"
	"time"

	"github.com/watchword/watchword/internal/identity"
)

// huaweiTime is how Huawei IAM writes times in OS-USER bodies
// ("2020-07-08 02:19:03.0").
const huaweiTime = "2006-01-02 15:04:05.0"

// accessModeDefault is the one access mode here: users may use both the
// console and the APIs.
const accessModeDefault = "default"

type osUserBody struct {
	User osUserJSON `json:"user"`
}

// osUserJSON is Huawei's ShowUserResult.
type osUserJSON struct {
	ID                string   `json:"id"`
	Name              string   `json:"name"`
	DomainID          string   `json:"domain_id"`
	Enabled           bool     `json:"enabled"`
	Description       string   `json:"description"`
	Email             string   `json:"email"`
	Areacode          string   `json:"areacode"`
	Phone             string   `json:"phone"`
	PwdStatus         bool     `json:"pwd_status"`
	AccessMode        string   `json:"access_mode"`
	XUserID           string   `json:"xuser_id"`
	XUserType         string   `json:"xuser_type"`
	IsDomainOwner     bool     `json:"is_domain_owner"`
	CreateTime        string   `json:"create_time"`
	UpdateTime        string   `json:"update_time"`
	PwdCreateTime     *string  `json:"pwd_create_time"`
	PasswordExpiresAt *string  `json:"password_expires_at"`
	Links             selfLink `json:"links"`
}

func toOSUserJSON(d *identity.UserDetail, base string) osUserJSON {
	area, phone := splitMobile(d.Mobile)
	return osUserJSON{ID: d.ID, Name: d.Name, DomainID: d.AccountID, Enabled: d.Enabled, Description: d.Attributes.Description,
		Email: d.Email, Areacode: area, Phone: phone, PwdStatus: d.ForcePasswordChange, AccessMode: accessModeDefault,
		XUserID: d.Attributes.XUserID, XUserType: d.Attributes.XUserType, IsDomainOwner: d.Root,
		CreateTime: huaweiFormat(d.CreatedAt), UpdateTime: huaweiFormat(d.UpdatedAt),
		PwdCreateTime: timeOrNull(d.PasswordChangedAt, huaweiTime), PasswordExpiresAt: timeOrNull(d.PasswordExpiresAt, huaweiTime),
		Links: selfLink{Self: base + "/v3.0/OS-USER/users/" + d.ID}}
}

func huaweiFormat(t time.Time) string { return t.UTC().Format(huaweiTime) }

// showOSUser is GET /v3.0/OS-USER/users/{user_id} (ShowUser).
func (h *handler) showOSUser(w http.ResponseWriter, r *http.Request) {
	d, err := h.svc.Users.ShowDetail(r.Context(), r.PathValue("user_id"))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	reply(w, http.StatusOK, osUserBody{User: toOSUserJSON(d, h.baseURL(r))})
}
