package form

import (
	"net/http"
	"strings"

	"github.com/watchword/watchword/internal/identity"
)

// Forgot is the Forgot Password form of seed 004: whose password (an
// account name, with a user name for an IAM user, or an email address, or a
// mobile number), how to receive the reset, and the CAPTCHA.
type Forgot struct {
	Account       string
	User          string
	Email         string
	Mobile        string
	Method        string // link | email | sms
	CaptchaID     string
	CaptchaAnswer string
}

// NewForgot reads the form.
func NewForgot(r *http.Request) Forgot {
	return Forgot{Account: value(r, "account"), User: value(r, "user"), Email: value(r, "email"), Mobile: value(r, "mobile"),
		Method: value(r, "method"), CaptchaID: value(r, "captcha_id"), CaptchaAnswer: value(r, "captcha_answer")}
}

// Identifier is whose password the form names.
func (f Forgot) Identifier() identity.RecoveryIdentifier {
	return identity.RecoveryIdentifier{AccountName: f.Account, UserName: f.User, Email: f.Email, Mobile: f.Mobile}
}

// Request is the core's reset request; the console always shows a CAPTCHA.
func (f Forgot) Request() identity.ResetRequest {
	return identity.ResetRequest{RecoveryIdentifier: f.Identifier(), Method: identity.RecoveryMethod(f.Method),
		RequireCaptcha: true, CaptchaID: f.CaptchaID, CaptchaAnswer: f.CaptchaAnswer}
}

// ResetCode is the form checking a reset code: the identifier again, kept
// in hidden fields, and the code.
type ResetCode struct {
	Forgot
	Code string
}

// NewResetCode reads the form; spaces typed into the code go.
func NewResetCode(r *http.Request) ResetCode {
	return ResetCode{Forgot: NewForgot(r), Code: strings.ReplaceAll(value(r, "code"), " ", "")}
}

// Check is the core's code check.
func (f ResetCode) Check() identity.ResetCodeCheck {
	return identity.ResetCodeCheck{RecoveryIdentifier: f.Identifier(), Code: f.Code}
}

// Reset is the form setting a new password with a reset link's token or a
// verified code's ticket.
type Reset struct {
	Token   string
	New     string
	Confirm string
}

// NewReset reads the form.
func NewReset(r *http.Request) Reset {
	return Reset{Token: value(r, "token"), New: secret(r, "new"), Confirm: secret(r, "confirm")}
}

// Validate checks that the confirmation repeats the password.
// Errors: Invalid (password.confirmation_mismatch, on field confirm).
func (f Reset) Validate() error { return confirmed(f.New, f.Confirm) }

// Input is the core's reset.
func (f Reset) Input() identity.PasswordReset {
	return identity.PasswordReset{Token: f.Token, Password: f.New, Confirmation: f.Confirm}
}
