package identity

import "time"

// Origin says where a user's password comes from.
type Origin string

// The password origins.
const (
	// OriginLocal: the user has a password held here.
	OriginLocal Origin = "local"
	// OriginUnset: the user came from another system and has no password yet;
	// they may establish one through Forgot Password.
	OriginUnset Origin = "unset"
	// OriginFederated: an outside identity provider manages the password;
	// changing it here is refused.
	OriginFederated Origin = "federated"
)

// User is an account's root user (its enterprise administrator, named after
// the account) or an IAM user created within it.
type User struct {
	ID                  string
	AccountID           string
	AccountName         string // joined from the account, for display and login
	Name                string
	Root                bool
	Admin               bool // may administer the account; always true for the root user
	DisplayName         string
	Email               string
	EmailVerified       bool
	Mobile              string
	MobileVerified      bool
	Locale              string
	Theme               string
	PasswordOrigin      Origin
	PasswordHash        string
	PasswordChangedAt   time.Time
	ForcePasswordChange bool
	LoginVerification   string // off | sms | email | totp
	Enabled             bool
	// ExternalID is the user's ID in an identity provider that provisions
	// it (SCIM's externalId); Watchword only keeps it.
	ExternalID string
	// Version moves by one with every change of the user, its groups
	// included (the store keeps it); it is the user's ETag.
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// IsAdmin reports whether the user administers its account.
func (u *User) IsAdmin() bool { return u.Root || u.Admin }

// UserUpdate changes a user; nil fields stay as they are.
type UserUpdate struct {
	Name           *string
	DisplayName    *string
	Email          *string
	EmailVerified  *bool
	Mobile         *string
	MobileVerified *bool
	Locale         *string
	Theme          *string
	Admin          *bool
	Enabled        *bool
	PasswordOrigin *Origin
	ExternalID     *string
}

// UserFilter selects users of one account.
type UserFilter struct {
	AccountID string
	Name      *string
	Offset    int
	Limit     int
}
