package form

import (
	"net/http"

	"github.com/watchword/watchword/internal/identity"
)

// NewUser is the administrator's form creating an IAM user. Without a
// password the user sets one through Forgot Password.
type NewUser struct {
	Name        string
	DisplayName string
	Email       string
	Mobile      string
	Locale      string
	Admin       bool
	Password    string
	Confirm     string
	ForceChange bool
}

// ReadNewUser reads the form.
func ReadNewUser(r *http.Request) NewUser {
	return NewUser{Name: value(r, "name"), DisplayName: value(r, "display_name"), Email: value(r, "email"),
		Mobile: value(r, "mobile"), Locale: value(r, "locale"), Admin: checked(r, "admin"),
		Password: secret(r, "password"), Confirm: secret(r, "confirm"), ForceChange: checked(r, "force_change")}
}

// Validate checks that the confirmation repeats the password.
// Errors: Invalid (password.confirmation_mismatch, on field confirm).
func (f NewUser) Validate() error { return confirmed(f.Password, f.Confirm) }

// Input is the core's new user. A user created without a password is
// invited: the core mails a link that sets the first one (when the user
// has an email address).
func (f NewUser) Input() identity.NewUser {
	return identity.NewUser{Name: f.Name, DisplayName: f.DisplayName, Email: f.Email, Mobile: f.Mobile, Locale: f.Locale,
		Admin: f.Admin, Password: f.Password, ForceChange: f.ForceChange, Invite: true}
}

// User is the administrator's form editing a user.
type User struct {
	DisplayName string
	Email       string
	Mobile      string
	Locale      string
	Admin       bool
	Enabled     bool
}

// UserFrom fills the form from a user.
func UserFrom(u *identity.User) User {
	return User{DisplayName: u.DisplayName, Email: u.Email, Mobile: u.Mobile, Locale: u.Locale, Admin: u.Admin, Enabled: u.Enabled}
}

// ReadUser reads the form.
func ReadUser(r *http.Request) User {
	return User{DisplayName: value(r, "display_name"), Email: value(r, "email"), Mobile: value(r, "mobile"),
		Locale: value(r, "locale"), Admin: checked(r, "admin"), Enabled: checked(r, "enabled")}
}

// Update is the core's change: every field the form shows.
func (f User) Update() identity.UserUpdate {
	return identity.UserUpdate{DisplayName: ptr(f.DisplayName), Email: ptr(f.Email), Mobile: ptr(f.Mobile),
		Locale: ptr(f.Locale), Admin: ptr(f.Admin), Enabled: ptr(f.Enabled)}
}

// UserPassword is the administrator's form setting a user's password.
type UserPassword struct {
	Password    string
	Confirm     string
	ForceChange bool
}

// ReadUserPassword reads the form.
func ReadUserPassword(r *http.Request) UserPassword {
	return UserPassword{Password: secret(r, "password"), Confirm: secret(r, "confirm"), ForceChange: checked(r, "force_change")}
}

// Validate checks that the confirmation repeats the password.
// Errors: Invalid (password.confirmation_mismatch, on field confirm).
func (f UserPassword) Validate() error { return confirmed(f.Password, f.Confirm) }
