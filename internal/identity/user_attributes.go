package identity

import (
	"context"
	"time"

	"github.com/watchword/watchword/internal/password"
)

// UserAttributes are descriptive fields of a user that only Keystone and
// Huawei IAM show: free text and the user's ID and type in an external
// identity system. Nothing in the core acts on them.
type UserAttributes struct {
	Description string
	XUserID     string
	XUserType   string
}

// UserAttributesUpdate changes a user's attributes; nil fields stay as they are.
type UserAttributesUpdate struct {
	Description *string
	XUserID     *string
	XUserType   *string
}

// UserAttributeStore persists user attributes. It is part of Store.
type UserAttributeStore interface {
	// FindUserAttributes returns a user's attributes; zero when none were set.
	FindUserAttributes(ctx context.Context, userID string) (UserAttributes, error)
	// UpdateUserAttributes applies upd and, when forceChange is set, marks the
	// password as one to change at next login (or clears that), with ev.
	// Errors: NotFound (user.not_found).
	UpdateUserAttributes(ctx context.Context, userID string, upd UserAttributesUpdate, forceChange *bool, ev AuditEvent) error
}

// The lengths Huawei IAM allows for the attributes.
const (
	maxDescription = 255
	maxXUserID     = 128
	maxXUserType   = 64
)

// UserDetail is a user with its attributes and the facts about its
// password and sign-ins that Keystone and Huawei IAM show.
type UserDetail struct {
	*User
	Attributes UserAttributes
	// PasswordExpiresAt is when the password stops working under the
	// account's validity period; zero when it never expires.
	PasswordExpiresAt time.Time
}

// UserChange is an administrator's change to a user: its fields, its
// attributes, a new password, and whether the password must be changed at
// next login. Nil fields stay as they are.
type UserChange struct {
	User       UserUpdate
	Attributes UserAttributesUpdate
	// Password, when set, is set as by PasswordService.AdminSet.
	Password *string
	// ForcePasswordChange marks the password as one to change at next
	// login, or clears that. With Password unset it applies to the current
	// password; with Password set and this nil, the account's policy
	// (ForceChangeAfterAdminSet) decides.
	ForcePasswordChange *bool
}

// ShowDetail returns a user with its attributes, to the same callers as Show.
// Errors: those of Show.
func (s *UserService) ShowDetail(ctx context.Context, id string) (*UserDetail, error) {
	u, err := s.Show(ctx, id)
	if err != nil {
		return nil, err
	}
	attrs, err := s.d.Store.FindUserAttributes(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	acct, err := s.d.Store.FindAccountByID(ctx, u.AccountID)
	if err != nil {
		return nil, err
	}
	return &UserDetail{User: u, Attributes: attrs, PasswordExpiresAt: passwordExpiry(acct.PasswordPolicy, u)}, nil
}

// UpdateDetail applies an administrator's change to a user of its account:
// the password first (so a refused password changes nothing), then the
// user's fields, then its attributes and the force-change flag.
// Errors: Unauthenticated, Forbidden, NotFound (user.not_found), Invalid
// (validation.*), Policy, Conflict, Unavailable (hash pool full).
func (s *UserService) UpdateDetail(ctx context.Context, id string, ch UserChange) (*UserDetail, error) {
	p, u, err := s.d.actOn(ctx, actManageUser, id)
	if err != nil {
		return nil, err
	}
	if err := validateAttributes(ch.Attributes); err != nil {
		return nil, err
	}
	if ch.Password != nil {
		force := false
		if ch.ForcePasswordChange != nil {
			force = *ch.ForcePasswordChange
		} else if acct, err := s.d.Store.FindAccountByID(ctx, u.AccountID); err != nil {
			return nil, err
		} else {
			force = acct.PasswordPolicy.ForceChangeAfterAdminSet
		}
		if _, err := (&PasswordService{d: s.d}).AdminSet(ctx, id, *ch.Password, force); err != nil {
			return nil, err
		}
	}
	if ch.User != (UserUpdate{}) {
		if _, err := s.Update(ctx, id, ch.User); err != nil {
			return nil, err
		}
	}
	force := ch.ForcePasswordChange
	if ch.Password != nil {
		force = nil // AdminSet has set it
	}
	if ch.Attributes != (UserAttributesUpdate{}) || force != nil {
		ev := s.d.event(ctx, "user.attributes.update", p.AccountID, id)
		if err := s.d.Store.UpdateUserAttributes(ctx, id, ch.Attributes, force, ev); err != nil {
			return nil, err
		}
	}
	return s.ShowDetail(ctx, id)
}

func validateAttributes(a UserAttributesUpdate) error {
	for _, f := range []struct {
		field string
		v     *string
		max   int
	}{{"description", a.Description, maxDescription}, {"xuser_id", a.XUserID, maxXUserID}, {"xuser_type", a.XUserType, maxXUserType}} {
		if f.v != nil {
			if err := validateText(f.field, *f.v, f.max); err != nil {
				return err
			}
		}
	}
	return nil
}

// passwordExpiry is when u's password stops working under p's validity
// period; zero when it never expires.
func passwordExpiry(p password.Policy, u *User) time.Time {
	if p.MaxAgeDays <= 0 || u.PasswordChangedAt.IsZero() || u.PasswordOrigin != OriginLocal {
		return time.Time{}
	}
	return u.PasswordChangedAt.Add(time.Duration(p.MaxAgeDays) * 24 * time.Hour)
}
