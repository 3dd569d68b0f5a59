package scim

import (
	"net/http"
	"time"

	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
)

type userResource struct {
	Schemas           []string       `json:"schemas"`
	ID                string         `json:"id"`
	UserName          string         `json:"userName"`
	DisplayName       string         `json:"displayName,omitempty"`
	Emails            []multiValue   `json:"emails,omitempty"`
	PhoneNumbers      []multiValue   `json:"phoneNumbers,omitempty"`
	PreferredLanguage string         `json:"preferredLanguage,omitempty"`
	Active            bool           `json:"active"`
	Meta              meta           `json:"meta"`
	IBM               ibmUserExtJSON `json:"urn:ietf:params:scim:schemas:extension:ibm:2.0:User"`
}

type multiValue struct {
	Value   string `json:"value"`
	Type    string `json:"type"`
	Primary bool   `json:"primary"`
}

type meta struct {
	ResourceType string    `json:"resourceType"`
	Created      time.Time `json:"created"`
	LastModified time.Time `json:"lastModified"`
	Location     string    `json:"location"`
}

type ibmUserExtJSON struct {
	UserCategory            string `json:"userCategory"`
	Realm                   string `json:"realm"`
	UnqualifiedUserName     string `json:"unqualifiedUserName"`
	TwoFactorAuthentication bool   `json:"twoFactorAuthentication"`
	EmailVerified           bool   `json:"emailVerified"`
	PwdReset                bool   `json:"pwdReset"`
	PwdChangedTime          string `json:"pwdChangedTime,omitempty"`
}

func toUserResource(u *identity.User) userResource {
	res := userResource{Schemas: []string{userSchema, ibmUserSchema}, ID: u.ID, UserName: u.Name,
		DisplayName: u.DisplayName, PreferredLanguage: u.Locale, Active: u.Enabled,
		Meta: meta{ResourceType: "User", Created: u.CreatedAt, LastModified: u.UpdatedAt, Location: "/v2.0/Users/" + u.ID},
		IBM: ibmUserExtJSON{UserCategory: "regular", Realm: "cloudIdentityRealm", UnqualifiedUserName: u.Name,
			TwoFactorAuthentication: u.LoginVerification != "" && u.LoginVerification != "off",
			EmailVerified:           u.EmailVerified, PwdReset: u.ForcePasswordChange}}
	if u.PasswordOrigin == identity.OriginFederated {
		res.IBM.UserCategory, res.IBM.Realm = "federated", u.AccountName
	}
	if !u.PasswordChangedAt.IsZero() {
		res.IBM.PwdChangedTime = u.PasswordChangedAt.UTC().Format(time.RFC3339)
	}
	if u.Email != "" {
		res.Emails = []multiValue{{Value: u.Email, Type: "work", Primary: true}}
	}
	if u.Mobile != "" {
		res.PhoneNumbers = []multiValue{{Value: u.Mobile, Type: "mobile", Primary: true}}
	}
	return res
}

// showMe is GET /v2.0/Me: the caller's own user resource, processed in
// place (RFC 7644 §3.11 option c) with Location naming the resource.
func (h *handler) showMe(w http.ResponseWriter, r *http.Request) {
	u, err := h.svc.Users.Me(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	res := toUserResource(u)
	w.Header().Set("Location", res.Meta.Location)
	httpx.WriteJSON(w, http.StatusOK, mediaType, res)
}
