package form

import (
	"net/http"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// PasswordChange is the change-password form of seed 000: the current
// password, the new one, and the new one again.
type PasswordChange struct {
	Current string
	New     string
	Confirm string
}

// NewPasswordChange reads the change-password form.
func NewPasswordChange(r *http.Request) PasswordChange {
	return PasswordChange{Current: secret(r, "current"), New: secret(r, "new"), Confirm: secret(r, "confirm")}
}

// Validate checks that the confirmation repeats the new password.
// Errors: Invalid (password.confirmation_mismatch, on field confirm).
func (f PasswordChange) Validate() error {
	return confirmed(f.New, f.Confirm)
}

// Input is the core's password change.
func (f PasswordChange) Input() identity.PasswordChange {
	return identity.PasswordChange{Current: f.Current, New: f.New}
}

// confirmed checks a password's confirmation.
func confirmed(pw, confirm string) error {
	if pw != confirm {
		return fault.New(fault.Invalid, "password.confirmation_mismatch", "the password and its confirmation differ").WithField("confirm")
	}
	return nil
}

// PasswordCandidate is the body of the live check: the password typed so
// far, and on the reset page the link's token (or the code's ticket).
type PasswordCandidate struct {
	Password string `json:"password"`
	Token    string `json:"token,omitempty"`
}
