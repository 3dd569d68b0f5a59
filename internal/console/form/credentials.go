package form

import (
	"io"
	"net/http"
	"strings"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
)

// Contact is the change of an email address or mobile number (seed 003),
// over its steps: proving who one is (a code sent to a bound factor, or
// the password when none is bound), then the new address and its code.
type Contact struct {
	Channel  string // where the identity code goes: email | sms
	Code     string
	Password string
	// Ticket is the proof of identity, carried in a hidden field from the
	// first step to the second.
	Ticket  string
	Address string
}

// NewContact reads any step of the form.
func NewContact(r *http.Request) Contact {
	return Contact{Channel: value(r, "channel"), Code: code(r), Password: secret(r, "password"),
		Ticket: value(r, "ticket"), Address: value(r, "address")}
}

// ChannelOf is the channel of the identity code.
func (f Contact) ChannelOf() notify.Channel { return notify.Channel(f.Channel) }

// Proof is what proves identity: the code, or the password.
func (f Contact) Proof() identity.IdentityProof {
	return identity.IdentityProof{Code: f.Code, Password: f.Password}
}

// Change is the core's final step.
func (f Contact) Change() identity.ContactChange {
	return identity.ContactChange{Ticket: f.Ticket, Address: f.Address, Code: f.Code}
}

// Verification is the change of the login verification method, with its
// proofs: the code of the new method (of the one in use, to disable it),
// and the code of the method in use, or the password while it is off.
type Verification struct {
	Method          string // off | sms | email | totp
	Code            string
	CurrentCode     string
	CurrentPassword string
	// Factor is which method a code is sent to: new (the default) or
	// current.
	Factor string
}

// NewVerification reads the form.
func NewVerification(r *http.Request) Verification {
	return Verification{Method: value(r, "method"), Code: code(r),
		CurrentCode:     strings.ReplaceAll(value(r, "current_code"), " ", ""),
		CurrentPassword: secret(r, "current_password"), Factor: value(r, "factor")}
}

// Change is the core's input.
func (f Verification) Change() identity.LoginVerificationChange {
	return identity.LoginVerificationChange{Method: f.Method, Code: f.Code, CurrentCode: f.CurrentCode,
		CurrentPassword: f.CurrentPassword}
}

// MFA is the form binding (two consecutive codes) or unbinding (a code or
// the password) a virtual MFA device.
type MFA struct {
	First    string
	Second   string
	Code     string
	Password string
}

// NewMFA reads the form.
func NewMFA(r *http.Request) MFA {
	clean := func(name string) string { return strings.ReplaceAll(value(r, name), " ", "") }
	return MFA{First: clean("first"), Second: clean("second"), Code: code(r), Password: secret(r, "password")}
}

// Unbind is the core's proof for removing the device.
func (f MFA) Unbind() identity.MFAUnbind {
	return identity.MFAUnbind{Code: f.Code, Password: f.Password}
}

// Avatar reads the uploaded picture, which the core checks and re-encodes.
// Errors: Invalid (avatar.missing, on field avatar).
func Avatar(r *http.Request) ([]byte, error) {
	missing := fault.New(fault.Invalid, "avatar.missing", "choose a picture to upload").WithField("avatar")
	if r.MultipartForm == nil {
		return nil, missing
	}
	file, _, err := r.FormFile("avatar")
	if err != nil {
		return nil, missing
	}
	defer file.Close()
	b, err := io.ReadAll(file)
	if err != nil || len(b) == 0 {
		return nil, missing
	}
	return b, nil
}

// code is a posted code with the spaces people type into it removed.
func code(r *http.Request) string { return strings.ReplaceAll(value(r, "code"), " ", "") }
