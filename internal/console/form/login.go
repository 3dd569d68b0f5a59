package form

import (
	"net/http"
	"strings"

	"github.com/watchword/watchword/internal/identity"
)

// Login is the login form: an account name (with a user name for an IAM
// user) or an email address, and the password.
type Login struct {
	Account  string
	User     string
	Password string
	Next     string
	// CaptchaID and CaptchaAnswer are the security check the form shows
	// while the client's address is slowed down.
	CaptchaID     string
	CaptchaAnswer string
}

// NewLogin reads the login form.
func NewLogin(r *http.Request) Login {
	return Login{Account: value(r, "account"), User: value(r, "user"), Password: secret(r, "password"), Next: value(r, "next"),
		CaptchaID: value(r, "captcha_id"), CaptchaAnswer: value(r, "captcha_answer")}
}

// Input is the core's login input: an account field holding an @ is an
// email address.
func (f Login) Input() identity.LoginInput {
	in := identity.LoginInput{AccountName: f.Account, UserName: f.User, Password: f.Password,
		CaptchaID: f.CaptchaID, CaptchaAnswer: f.CaptchaAnswer}
	if strings.Contains(f.Account, "@") && f.User == "" {
		in.AccountName, in.Email = "", f.Account
	}
	return in
}

// LoginCode is the verification step of a login: the code sent or shown.
type LoginCode struct {
	Code string
}

// NewLoginCode reads the verification form; spaces typed into the code go.
func NewLoginCode(r *http.Request) LoginCode {
	return LoginCode{Code: strings.ReplaceAll(value(r, "code"), " ", "")}
}
