package scim

import (
	"context"
	"strings"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// userJSON is the User resource as the face answers it.
type userJSON struct {
	Schemas           []string       `json:"schemas"`
	ID                string         `json:"id"`
	ExternalID        string         `json:"externalId,omitempty"`
	UserName          string         `json:"userName"`
	DisplayName       string         `json:"displayName,omitempty"`
	PreferredLanguage string         `json:"preferredLanguage,omitempty"`
	Active            bool           `json:"active"`
	Emails            []multiJSON    `json:"emails,omitempty"`
	PhoneNumbers      []multiJSON    `json:"phoneNumbers,omitempty"`
	Groups            []groupRefJSON `json:"groups,omitempty"`
	Meta              metaJSON       `json:"meta"`
	IBM               ibmUserJSON    `json:"urn:ietf:params:scim:schemas:extension:ibm:2.0:User"`
}

type multiJSON struct {
	Value   string `json:"value"`
	Type    string `json:"type"`
	Primary bool   `json:"primary"`
}

type groupRefJSON struct {
	Value   string `json:"value"`
	Ref     string `json:"$ref"`
	Display string `json:"display"`
	Type    string `json:"type"`
}

// metaJSON is a resource's meta (RFC 7643 §3.1).
type metaJSON struct {
	ResourceType string `json:"resourceType"`
	Created      string `json:"created"`
	LastModified string `json:"lastModified"`
	Location     string `json:"location"`
	Version      string `json:"version"`
}

type ibmUserJSON struct {
	UserCategory            string `json:"userCategory"`
	Realm                   string `json:"realm"`
	UnqualifiedUserName     string `json:"unqualifiedUserName"`
	TwoFactorAuthentication bool   `json:"twoFactorAuthentication"`
	EmailVerified           bool   `json:"emailVerified"`
	PwdReset                bool   `json:"pwdReset"`
	PwdChangedTime          string `json:"pwdChangedTime,omitempty"`
}

// userLocation is the permanent location of a user: /Me answers with it.
func userLocation(id string) string { return "/v2.0/Users/" + id }

// scimTime is a time as SCIM's xsd:dateTime.
func scimTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// toUserResource returns u as a User resource, in the groups given.
func toUserResource(u *identity.User, groups []identity.GroupRef) Resource {
	out := userJSON{Schemas: []string{userSchema, ibmUserSchema}, ID: u.ID, ExternalID: u.ExternalID, UserName: u.Name,
		DisplayName: u.DisplayName, PreferredLanguage: u.Locale, Active: u.Enabled,
		Meta: metaJSON{ResourceType: "User", Created: scimTime(u.CreatedAt), LastModified: scimTime(u.UpdatedAt),
			Location: userLocation(u.ID), Version: ETag(u.Version)},
		IBM: ibmUserJSON{UserCategory: "regular", Realm: "cloudIdentityRealm", UnqualifiedUserName: u.Name,
			TwoFactorAuthentication: u.LoginVerification != "" && u.LoginVerification != "off",
			EmailVerified:           u.EmailVerified, PwdReset: u.ForcePasswordChange}}
	if u.PasswordOrigin == identity.OriginFederated {
		out.IBM.UserCategory, out.IBM.Realm = "federated", u.AccountName
	}
	if !u.PasswordChangedAt.IsZero() {
		out.IBM.PwdChangedTime = scimTime(u.PasswordChangedAt)
	}
	if u.Email != "" {
		out.Emails = []multiJSON{{Value: u.Email, Type: "work", Primary: true}}
	}
	if u.Mobile != "" {
		out.PhoneNumbers = []multiJSON{{Value: u.Mobile, Type: "mobile", Primary: true}}
	}
	for _, g := range groups {
		out.Groups = append(out.Groups, groupRefJSON{Value: g.ID, Ref: "/v2.0/Groups/" + g.ID, Display: g.DisplayName, Type: "direct"})
	}
	return ToResource(out)
}

// userState is what a User resource sent by a client sets: the fields a
// user has here, read from the resource's canonical members.
type userState struct {
	Name, DisplayName, Locale, Email, Mobile, ExternalID string
	Active                                               *bool
	Password                                             *string
	EmailVerified                                        *bool
	Federated                                            *bool // userCategory, when sent
}

// readUserState reads res (normalized, or patched). Only the first email of
// type work (else the primary one, else the first) and the first mobile
// number are kept: a user has one of each here.
// Errors: Invalid (scim.value: userCategory neither regular nor federated).
func readUserState(res Resource) (userState, error) {
	st := userState{Name: StringAt(res, "userName"), DisplayName: StringAt(res, "displayName"),
		Locale: StringAt(res, "preferredLanguage"), ExternalID: StringAt(res, "externalId"),
		Email: primaryValue(res, "emails", "work"), Mobile: primaryValue(res, "phoneNumbers", "mobile")}
	if b, ok := res["active"].(bool); ok {
		st.Active = &b
	}
	if p, ok := res["password"].(string); ok {
		st.Password = &p
	}
	if ext, ok := res[ibmUserSchema].(map[string]any); ok {
		if b, ok := ext["emailVerified"].(bool); ok {
			st.EmailVerified = &b
		}
		if c, ok := ext["userCategory"].(string); ok {
			switch strings.ToLower(c) {
			case "regular":
				st.Federated = new(bool)
			case "federated":
				f := true
				st.Federated = &f
			default:
				return st, errValue(ibmUserSchema+":userCategory", "regular or federated")
			}
		}
	}
	return st, nil
}

// change returns the core change that turns u into st; password writes
// honour IBM's usershouldnotneedtoresetpassword header (keepPassword).
// Errors: Invalid (scim.mutability: userCategory changed, which is set at
// creation only).
func (st userState) change(u *identity.User, keepPassword bool) (identity.UserChange, error) {
	var ch identity.UserChange
	set := func(dst **string, cur, want string) {
		if cur != want {
			*dst = &want
		}
	}
	set(&ch.User.Name, u.Name, st.Name)
	set(&ch.User.DisplayName, u.DisplayName, st.DisplayName)
	set(&ch.User.Locale, u.Locale, st.Locale)
	set(&ch.User.ExternalID, u.ExternalID, st.ExternalID)
	if !strings.EqualFold(u.Email, strings.TrimSpace(st.Email)) {
		ch.User.Email = &st.Email
		// A new address is unproven unless the provider vouches for it.
		f := false
		ch.User.EmailVerified = &f
	}
	set(&ch.User.Mobile, u.Mobile, st.Mobile)
	if ch.User.Mobile != nil {
		f := false
		ch.User.MobileVerified = &f
	}
	if st.EmailVerified != nil && (*st.EmailVerified != u.EmailVerified || ch.User.Email != nil) {
		ch.User.EmailVerified = st.EmailVerified
	}
	if st.Active != nil && *st.Active != u.Enabled {
		ch.User.Enabled = st.Active
	}
	if st.Federated != nil && *st.Federated != (u.PasswordOrigin == identity.OriginFederated) {
		return ch, fault.New(fault.Invalid, "scim.mutability", "userCategory is set at creation only").WithField("userCategory")
	}
	if st.Password != nil {
		ch.Password = st.Password
		if !keepPassword {
			// IBM Verify's default: a password an administrator sets is
			// changed at the next sign-in. With the header, the account's
			// policy decides (ForceChangeAfterAdminSet).
			force := true
			ch.ForcePasswordChange = &force
		}
	}
	return ch, nil
}

// userGroups returns the groups of u, for its resource.
func (h *handler) userGroups(ctx context.Context, u *identity.User) ([]identity.GroupRef, error) {
	return h.svc.Groups.UserGroups(ctx, u.ID)
}
