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
}

// NewLogin reads the login form.
func NewLogin(r *http.Request) Login {
	return Login{Account: value(r, "account"), User: value(r, "user"), Password: secret(r, "password"), Next: value(r, "next")}
}

// Input is the core's login input: an account field holding an @ is an
// email address.
func (f Login) Input() identity.LoginInput {
	if strings.Contains(f.Account, "@") && f.User == "" {
		return identity.LoginInput{Email: f.Account, Password: f.Password}
	}
	return identity.LoginInput{AccountName: f.Account, UserName: f.User, Password: f.Password}
}

// LoginCode is the verification step of a login: the code sent or shown.
type LoginCode struct {
	Code string
}

// NewLoginCode reads the verification form; spaces typed into the code go.
func NewLoginCode(r *http.Request) LoginCode {
	return LoginCode{Code: strings.ReplaceAll(value(r, "code"), " ", "")}
}
