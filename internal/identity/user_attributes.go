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
// a new password, the user's fields, its attributes and the force-change
// flag. Everything is validated first (the password against the whole
// policy, for the user as the change leaves it), then written in one store
// transaction: a request refused anywhere, even on an email found taken at
// write time, changes nothing, revokes no session and queues no mail.
// Errors: Unauthenticated, Forbidden, NotFound (user.not_found), Invalid
// (validation.*), Policy, Conflict (email or name taken;
// password.changed_meanwhile when another change of the password won a
// race), Unavailable (hash pool full).
func (s *UserService) UpdateDetail(ctx context.Context, id string, ch UserChange) (*UserDetail, error) {
	d, _, err := s.updateDetail(ctx, actManageUser, id, 0, ch)
	return d, err
}

// updateDetail is UpdateDetail for act; ifVersion, when not 0, must be
// the user's version, read here and compared-and-swapped by the store. It
// also returns the evaluation of the password set (zero without one).
func (s *UserService) updateDetail(ctx context.Context, act action, id string, ifVersion int64, ch UserChange) (*UserDetail, password.Evaluation, error) {
	var eval password.Evaluation
	p, u, err := s.d.actOn(ctx, act, id)
	if err != nil {
		return nil, eval, err
	}
	if ifVersion != 0 && ifVersion != u.Version {
		return nil, eval, errUserVersion()
	}
	if err := validateAttributes(ch.Attributes); err != nil {
		return nil, eval, err
	}
	w := UserDetailWrite{UserID: u.ID, User: ch.User, Attributes: ch.Attributes, ExpectVersion: ifVersion}
	if w.User != (UserUpdate{}) {
		if err := checkUserUpdate(u, &w.User); err != nil {
			return nil, eval, err
		}
		w.UserAudit = s.d.event(ctx, "user.update", p.AccountID, u.ID)
		w.RevokeSessions = disables(w.User)
	}
	if ch.Password != nil {
		after := *u
		applyUserUpdate(&after, w.User)
		if w.Password, eval, err = (&PasswordService{d: s.d}).adminWrite(ctx, u, &after, *ch.Password, ch.ForcePasswordChange); err != nil {
			return nil, eval, err
		}
	} else {
		w.ForceChange = ch.ForcePasswordChange // of the current password
	}
	if w.Attributes != (UserAttributesUpdate{}) || w.ForceChange != nil {
		w.AttributesAudit = s.d.event(ctx, "user.attributes.update", p.AccountID, u.ID)
	}
	if _, err := s.d.Store.UpdateUserDetail(ctx, w); err != nil {
		return nil, eval, err
	}
	d, err := s.ShowDetail(ctx, id)
	return d, eval, err
}

// applyUserUpdate returns u as upd leaves it, for the rules that judge a
// new password by its user's name, email and mobile.
func applyUserUpdate(u *User, upd UserUpdate) {
	for _, f := range []struct{ dst, src *string }{{&u.Name, upd.Name}, {&u.Email, upd.Email}, {&u.Mobile, upd.Mobile},
		{&u.DisplayName, upd.DisplayName}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
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
