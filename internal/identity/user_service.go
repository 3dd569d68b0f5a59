package identity

import (
	"context"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/password"
)

// UserService reads and edits users: the caller's own profile, and the
// account's IAM users for an administrator.
type UserService struct{ d *Deps }

// ProfileUpdate is what a user may change of their own profile. Email and
// mobile are changed through verification flows, not here.
type ProfileUpdate struct {
	DisplayName *string
	Locale      *string
	Theme       *string
}

// Me returns the calling user. Errors: Unauthenticated, Forbidden (client token).
func (s *UserService) Me(ctx context.Context) (*User, error) {
	return s.d.callingUser(ctx, true)
}

// UpdateMe changes the calling user's own profile.
// Errors: Unauthenticated, Forbidden, Invalid.
func (s *UserService) UpdateMe(ctx context.Context, in ProfileUpdate) (*User, error) {
	p, err := requireUser(ctx, false)
	if err != nil {
		return nil, err
	}
	if err := validateProfile(in.DisplayName, in.Locale, in.Theme); err != nil {
		return nil, err
	}
	upd := UserUpdate{DisplayName: in.DisplayName, Locale: in.Locale, Theme: in.Theme}
	return s.d.Store.UpdateUser(ctx, UserWrite{UserID: p.UserID, Update: upd, Audit: s.d.event(ctx, "user.profile.update", p.AccountID, p.UserID)})
}

// NewUser is the input of Create.
type NewUser struct {
	Name        string
	DisplayName string
	Email       string
	Mobile      string
	Locale      string
	Admin       bool
	// Password, when set, becomes the user's password; ForceChange makes the
	// user change it at first login. Without a password the origin is unset:
	// the user establishes one through Forgot Password.
	Password    string
	ForceChange bool
	Origin      Origin // federated to mark an externally managed user
	// ExternalID is the user's ID in the identity provider that
	// provisions it.
	ExternalID string
	// Invite, for an enabled user created without a password who has an
	// email, mails a link to choose one (Invitation), in the same
	// transaction.
	Invite bool
	// Disabled creates the user unable to sign in.
	Disabled bool
	// EmailVerified marks the email as proven: the identity provider that
	// provisions the user vouches for it.
	EmailVerified bool
}

// Create adds an IAM user to the administrator's account.
// Errors: Unauthenticated, Forbidden, Invalid, Policy, Conflict.
func (s *UserService) Create(ctx context.Context, in NewUser) (*User, error) {
	u, _, err := s.CreateEvaluated(ctx, in)
	return u, err
}

// CreateEvaluated is Create, also returning the policy's evaluation of the
// password given (zero without one), whose warnings (a warn-mode
// dictionary) a face may report. Errors: those of Create.
func (s *UserService) CreateEvaluated(ctx context.Context, in NewUser) (*User, password.Evaluation, error) {
	var eval password.Evaluation
	u, err := s.create(ctx, in, &eval)
	return u, eval, err
}

func (s *UserService) create(ctx context.Context, in NewUser, eval *password.Evaluation) (*User, error) {
	p, err := requireAdmin(ctx)
	if err != nil {
		return nil, err
	}
	acct, err := s.d.Store.FindAccountByID(ctx, p.AccountID)
	if err != nil {
		return nil, err
	}
	if err := validateUserName("name", in.Name); err != nil {
		return nil, err
	}
	if err := validateText("externalId", in.ExternalID, maxExternalID); err != nil {
		return nil, err
	}
	if in.Name == acct.Name {
		return nil, fault.New(fault.Conflict, "user.name_taken", "a user with this name already exists").WithField("name")
	}
	email, err := normalizeEmail("email", in.Email)
	if err != nil {
		return nil, err
	}
	if err := validateMobile("mobile", in.Mobile); err != nil {
		return nil, err
	}
	if err := validateProfile(&in.DisplayName, &in.Locale, nil); err != nil {
		return nil, err
	}
	now := s.d.Clock()
	u := &User{ID: newID(), AccountID: acct.ID, AccountName: acct.Name, Name: in.Name, Admin: in.Admin,
		DisplayName: in.DisplayName, Email: email, Mobile: in.Mobile, Locale: in.Locale,
		EmailVerified: in.EmailVerified && email != "", PasswordOrigin: OriginUnset, LoginVerification: "off",
		Enabled: !in.Disabled, ExternalID: in.ExternalID, Version: 1, CreatedAt: now, UpdatedAt: now}
	switch {
	case in.Origin == OriginFederated:
		u.PasswordOrigin = OriginFederated
	case in.Password != "":
		// The whole policy, dictionaries included, as every password set.
		pw := password.Normalize(in.Password)
		if *eval, err = (&PasswordService{d: s.d}).evaluate(ctx, acct, u, pw); err != nil {
			return nil, err
		}
		if u.PasswordHash, err = s.d.Hasher.Hash(ctx, pw); err != nil {
			return nil, err
		}
		u.PasswordOrigin, u.PasswordChangedAt, u.ForcePasswordChange = OriginLocal, now, in.ForceChange
	}
	ev := s.d.event(ctx, "user.create", acct.ID, u.ID)
	if in.Invite && u.Enabled && u.PasswordOrigin == OriginUnset && u.Email != "" {
		err = s.d.Store.InviteUser(ctx, u, ev, s.invitation(ctx, u))
	} else {
		err = s.d.Store.CreateUser(ctx, u, ev)
	}
	if err != nil {
		return nil, err
	}
	return u, nil
}

// Get returns a user of the administrator's account.
// Errors: Unauthenticated, Forbidden, NotFound (also for another account's user).
func (s *UserService) Get(ctx context.Context, id string) (*User, error) {
	_, u, err := s.d.actOn(ctx, actAdminRead, id)
	return u, err
}

// List returns the users of the administrator's account.
func (s *UserService) List(ctx context.Context, f UserFilter) ([]*User, int, error) {
	p, err := requireAdmin(ctx)
	if err != nil {
		return nil, 0, err
	}
	f.AccountID = p.AccountID
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	return s.d.Store.FindUsers(ctx, f)
}

// Update changes a user of the administrator's account; only the root user
// changes the root user.
// Errors: Unauthenticated, Forbidden (user.root_protected too), NotFound,
// Invalid, Conflict.
func (s *UserService) Update(ctx context.Context, id string, upd UserUpdate) (*User, error) {
	p, u, err := s.d.actOn(ctx, actManageUser, id)
	if err != nil {
		return nil, err
	}
	if err := checkUserUpdate(u, &upd); err != nil {
		return nil, err
	}
	return s.d.Store.UpdateUser(ctx, UserWrite{UserID: id, Update: upd, RevokeSessions: disables(upd),
		Audit: s.d.event(ctx, "user.update", p.AccountID, id)})
}

// disables reports whether upd disables its user, whose sessions then end:
// a disabled user keeps no access it already had.
func disables(upd UserUpdate) bool { return upd.Enabled != nil && !*upd.Enabled }

// checkUserUpdate validates an administrator's change to u, normalising
// the email in upd. Errors: Invalid (validation.*, user.root_rename,
// user.root_protected).
func checkUserUpdate(u *User, upd *UserUpdate) error {
	if upd.Name != nil {
		if u.Root && *upd.Name != u.Name {
			return fault.New(fault.Invalid, "user.root_rename", "the root user is named after its account and cannot be renamed").WithField("name")
		}
		if err := validateUserName("name", *upd.Name); err != nil {
			return err
		}
		// The account's name is its root user's: no IAM user may take it
		// (Create refuses it too).
		if !u.Root && *upd.Name == u.AccountName {
			return fault.New(fault.Conflict, "user.name_taken", "a user with this name already exists").WithField("name")
		}
	}
	if u.Root && ((upd.Admin != nil && !*upd.Admin) || (upd.Enabled != nil && !*upd.Enabled)) {
		return fault.New(fault.Invalid, "user.root_protected", "the root user cannot be disabled or lose administration")
	}
	if upd.Email != nil {
		e, err := normalizeEmail("email", *upd.Email)
		if err != nil {
			return err
		}
		upd.Email = &e
	}
	if upd.Mobile != nil {
		if err := validateMobile("mobile", *upd.Mobile); err != nil {
			return err
		}
	}
	if upd.ExternalID != nil {
		if err := validateText("externalId", *upd.ExternalID, maxExternalID); err != nil {
			return err
		}
	}
	if err := checkRootContactAsUser(u, *upd); err != nil {
		return err
	}
	return validateProfile(upd.DisplayName, upd.Locale, upd.Theme)
}

// Delete removes an IAM user of the administrator's account.
// Errors: Unauthenticated, Forbidden (user.root_protected for anyone but
// the root user), NotFound, Invalid (user.root_protected: the root user
// itself cannot be deleted either).
func (s *UserService) Delete(ctx context.Context, id string) error {
	p, u, err := s.d.actOn(ctx, actManageUser, id)
	if err != nil {
		return err
	}
	if u.Root {
		return fault.New(fault.Invalid, "user.root_protected", "the root user cannot be deleted")
	}
	return s.d.Store.DeleteUser(ctx, id, s.d.event(ctx, "user.delete", p.AccountID, id))
}

func validateProfile(displayName, locale, theme *string) error {
	if displayName != nil {
		if err := validateText("display_name", *displayName, 128); err != nil {
			return err
		}
	}
	if locale != nil {
		if err := validateLocale(*locale); err != nil {
			return err
		}
	}
	if theme != nil && *theme != "" {
		if err := validateName("theme", *theme); err != nil {
			return err
		}
	}
	return nil
}
