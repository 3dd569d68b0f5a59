package identity

import (
	"context"
	"strings"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/verify"
)

// RecoveryIdentifier names whose password to recover, as seed 004's Forgot
// Password form asks: an account name (alone for the account's root user,
// with a user name for an IAM user), an email address, or a mobile number.
// With an account name, an email or mobile given too must be the user's
// (the "enter the verification information" step).
type RecoveryIdentifier struct {
	AccountName string
	UserName    string
	Email       string
	Mobile      string
}

// normalize validates the shape of id and returns it cleaned.
// Errors: Invalid (recovery.identifier_required, validation.email,
// validation.mobile, validation.name). They depend on the input only, never
// on whether anyone matches it.
func (id RecoveryIdentifier) normalize() (RecoveryIdentifier, error) {
	id.AccountName, id.UserName = strings.TrimSpace(id.AccountName), strings.TrimSpace(id.UserName)
	id.Mobile = strings.TrimSpace(id.Mobile)
	var err error
	if id.Email, err = normalizeEmail("email", id.Email); err != nil {
		return id, err
	}
	if err := validateMobile("mobile", id.Mobile); err != nil {
		return id, err
	}
	if id.AccountName == "" && id.UserName != "" {
		return id, fault.New(fault.Invalid, "recovery.identifier_required", "a user name needs its account name").WithField("account_name")
	}
	if id.AccountName == "" && id.Email == "" && id.Mobile == "" {
		return id, fault.New(fault.Invalid, "recovery.identifier_required",
			"give an account name (and user name), an email address or a mobile number").WithField("account_name")
	}
	if id.AccountName != "" {
		if err := validateName("account_name", id.AccountName); err != nil {
			return id, err
		}
		if id.UserName == "" {
			id.UserName = id.AccountName
		}
		if err := validateUserName("user_name", id.UserName); err != nil {
			return id, err
		}
	}
	return id, nil
}

// key is the identifier's rate-limit subject.
func (id RecoveryIdentifier) key() string {
	switch {
	case id.AccountName != "":
		return limitKey("name:" + id.AccountName + "/" + id.UserName)
	case id.Email != "":
		return limitKey("email:" + id.Email)
	}
	return limitKey("mobile:" + id.Mobile)
}

// resolve finds the user id names, or nil when no single user matches.
// Every path runs one lookup, so timing does not tell the cases apart.
// Errors: Internal only; "nobody" is a nil user, not an error.
func (d *Deps) resolve(ctx context.Context, id RecoveryIdentifier) (*User, error) {
	var u *User
	var err error
	switch {
	case id.AccountName != "":
		u, err = d.Store.FindUserByName(ctx, id.AccountName, id.UserName)
	case id.Email != "":
		u, err = d.Store.FindUserByEmail(ctx, id.Email)
	default:
		var list []*User
		list, err = d.Store.FindUsersByMobile(ctx, id.Mobile)
		if err == nil && len(list) == 1 {
			u = list[0]
		}
	}
	if fault.Is(err, fault.NotFound) {
		return nil, nil
	}
	if err != nil || u == nil {
		return nil, err
	}
	// With an account name, a given email or mobile must be the user's.
	if id.AccountName != "" && ((id.Email != "" && !verify.Equal(id.Email, u.Email)) ||
		(id.Mobile != "" && !verify.Equal(id.Mobile, u.Mobile))) {
		return nil, nil
	}
	return u, nil
}
