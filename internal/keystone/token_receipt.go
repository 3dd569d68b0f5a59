package keystone

import (
	"errors"
	"net/http"
	"slices"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// The second-step methods. Keystone's is totp; a code the core sent by SMS
// or email answers the same receipt through methods "sms" and "email",
// whose objects have totp's shape ({"user":{...,"passcode"}}).
var secondStepMethods = []string{"totp", "sms", "email"}

// receiptBody is Keystone's answer when more methods are needed
// (keystone/receipt/handlers.py): a 401 that is not in the error format.
type receiptBody struct {
	Receipt             receiptJSON `json:"receipt"`
	RequiredAuthMethods [][]string  `json:"required_auth_methods"`
}

type receiptJSON struct {
	Methods   []string        `json:"methods"`
	User      receiptUserJSON `json:"user"`
	ExpiresAt string          `json:"expires_at"`
	IssuedAt  string          `json:"issued_at"`
}

type receiptUserJSON struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Domain idName `json:"domain"`
}

// needReceipt carries a login's pending second step out of passwordLogin.
type needReceipt struct{ res *identity.TokenLogin }

func (needReceipt) Error() string { return "a second authentication method is required" }

// passwordLogin runs the password method and, when the user's login
// verification asks for a second step, answers it with a second-step method
// of the same request (["password","totp"]) or asks for one with a receipt.
func (h *handler) passwordLogin(r *http.Request, ref identity.UserRef, pw string, id *identityJSON, scope *identity.ScopeRef) (*identity.TokenLogin, error) {
	res, err := h.svc.Auth.LoginAs(r.Context(), ref, pw, scope)
	if err != nil || res.Challenge == nil {
		return res, err
	}
	if code, second, ok := secondStep(id); ok {
		return h.svc.Auth.CompleteLoginAs(r.Context(), res.Challenge.ID, code, second, scope)
	}
	return nil, needReceipt{res}
}

// continueLogin answers the receipt of Openstack-Auth-Receipt with the
// request's missing method: a second-step method after the password, or
// the password after a TOTP passcode. The scope is not kept in the receipt:
// the request carries it again.
func (h *handler) continueLogin(r *http.Request, id *identityJSON, scope *identity.ScopeRef) (*identity.TokenLogin, error) {
	receipt := r.Header.Get("Openstack-Auth-Receipt")
	if code, ref, ok := secondStep(id); ok {
		return h.svc.Auth.CompleteLoginAs(r.Context(), receipt, code, ref, scope)
	}
	if slices.Contains(id.Methods, "password") {
		return h.svc.Auth.CompleteWithPassword(r.Context(), receipt, userRef(id.Password.User), id.Password.User.Password, scope)
	}
	return nil, fault.New(fault.Unauthenticated, "auth.second_step_required", "the receipt needs the missing method")
}

// codeFirstLogin is a TOTP passcode sent without the password: a right one
// gets a receipt asking for the password (Keystone's MissingAuthMethods).
// An SMS or email code answers only a receipt the password got.
func (h *handler) codeFirstLogin(r *http.Request, id *identityJSON) (*identity.TokenLogin, error) {
	if !slices.Contains(id.Methods, "totp") {
		return nil, fault.New(fault.Unauthenticated, "auth.receipt_required", "an SMS or email code needs an auth receipt")
	}
	u := id.TOTP.User
	res, err := h.svc.Auth.BeginWithCode(r.Context(), userRef(u), u.Passcode)
	if err != nil {
		return nil, err
	}
	return nil, needReceipt{&identity.TokenLogin{LoginResult: res}}
}

// userRef is the user a method's object names.
func userRef(u *userRefJSON) identity.UserRef {
	ref := identity.UserRef{UserID: u.ID, UserName: u.Name}
	if u.ID == "" && u.Domain != nil {
		ref.AccountID, ref.AccountName = u.Domain.ID, u.Domain.Name
	}
	return ref
}

// secondStep returns the passcode and user of the request's second-step
// method, if it has one.
func secondStep(id *identityJSON) (string, identity.UserRef, bool) {
	for _, m := range id.Methods {
		if !slices.Contains(secondStepMethods, m) {
			continue
		}
		u := id.method(m).User
		return u.Passcode, userRef(u), true
	}
	return "", identity.UserRef{}, false
}

// writeReceipt answers 401 with Openstack-Auth-Receipt, if err asks for it.
func (h *handler) writeReceipt(w http.ResponseWriter, err error) bool {
	var nr needReceipt
	if !errors.As(err, &nr) {
		return false
	}
	c, u := nr.res.Challenge, nr.res.User
	done, missing := "password", c.Method
	if c.Method == "password" { // a TOTP passcode came first
		done, missing = "totp", "totp"
	}
	w.Header().Set("Openstack-Auth-Receipt", c.ID)
	reply(w, http.StatusUnauthorized, receiptBody{
		Receipt: receiptJSON{Methods: []string{done},
			User:      receiptUserJSON{ID: u.ID, Name: u.Name, Domain: idName{ID: u.AccountID, Name: u.AccountName}},
			ExpiresAt: c.ExpiresAt.UTC().Format(tokenTime),
			IssuedAt:  c.ExpiresAt.Add(-identity.LoginChallengeLifetime).UTC().Format(tokenTime)},
		RequiredAuthMethods: [][]string{{"password", missing}}})
	return true
}
