package identity

import (
	"context"

	"github.com/watchword/watchword/internal/fault"
)

// action is what a caller does to a target user. It says who may: the
// user itself, an administrator of the user's account, or both; whether a
// token restricted to a password change may; and whether the root user
// answers only to itself. Every service method that acts on a user it is
// given (an ID or a name) gets that user only from actOn or actOnName, so
// the decision lives here, once, and a new method cannot skip it.
type action struct {
	// self: the user itself, with a user token of its own.
	self bool
	// admin: an administrator of the user's account: the root user, an
	// admin user, or an API client of the account.
	admin bool
	// restricted: a token restricted to a password change may act on its
	// own user (never on another).
	restricted bool
	// rootOnly: on the root user, only the root user itself. Whoever
	// changes the root user's profile, password, factors, keys or lock can
	// take the whole account over, so an IAM administrator, or an API
	// client one of them created, may not.
	rootOnly bool
	// neverRoot: never on the root user, whoever asks (the root user
	// included): identity providers' connectors provision IAM users, and
	// the account's owner is not theirs to change or delete.
	neverRoot bool
	// notSelf is the refusal of a self-only action on another user of the
	// caller's account; nil means user.not_self.
	notSelf func() error
}

// The actions on users.
var (
	// actSelf and actSelfRestricted act on the caller only (self-service
	// with no target in the call); the second one also with a restricted
	// token.
	actSelf           = action{self: true}
	actSelfRestricted = action{self: true, restricted: true}
	// actShowUser reads a user: itself (restricted too), or an administrator.
	actShowUser = action{self: true, admin: true, restricted: true}
	// actAdminRead reads a user as its administrator: profile, lock, avatar.
	// The root user is listed to every administrator anyway.
	actAdminRead = action{admin: true}
	// actManageUser changes a user as its administrator: profile,
	// attributes, password, login verification, lock, deletion.
	actManageUser = action{admin: true, rootOnly: true}
	// actReadDevice reads a user's MFA device (never its secret).
	actReadDevice = action{self: true, admin: true}
	// actManageDevice creates, binds or removes a user's MFA device.
	actManageDevice = action{self: true, admin: true, rootOnly: true}
	// actReadKeys lists a user's access keys: which keys the root user
	// holds is the root user's business.
	actReadKeys = action{self: true, admin: true, rootOnly: true}
	// actManageKeys creates, changes or deletes a user's access keys.
	actManageKeys = action{self: true, admin: true, rootOnly: true}
	// actChangeOwnPassword is a password change through a path naming the
	// user: only the user itself; an administrator uses AdminSet.
	actChangeOwnPassword = action{self: true, restricted: true, notSelf: func() error {
		return fault.New(fault.Forbidden, "password.not_own",
			"only the user itself may change its password this way; an administrator sets it instead")
	}}
	// actGroupMember adds a user to a group or removes it, as its
	// administrator. Not rootOnly: the root user is in the admin group
	// always (the group refuses its removal) and other groups grant nothing.
	actGroupMember = action{admin: true}
	// actProvision changes or deletes a user as an identity provider's
	// connector does (SCIM /Users), for an administrator: never the root user.
	actProvision = action{admin: true, rootOnly: true, neverRoot: true}
	// actRequireSelf is a self-service call through a path naming the user;
	// another user of the account is user.not_self.
	actRequireSelf = action{self: true, restricted: true}
)

// actOn returns the caller and the user userID names, when the caller may
// do act to that user; an empty userID names the caller.
// Errors: Unauthenticated (auth.required); Forbidden
// (password.change_required for a restricted token,
// auth.user_token_required for an API client on a self-service action,
// auth.admin_required before any lookup, so a user cannot probe IDs,
// user.root_protected, or the action's own refusal of another user);
// NotFound (user.not_found, also for another account's user).
func (d *Deps) actOn(ctx context.Context, act action, userID string) (Principal, *User, error) {
	return d.authorize(ctx, act, userID, "")
}

// actOnName is actOn for a user named by its name in the caller's account,
// as the access-key calls name it; an empty name names the caller.
// Errors: those of actOn (user.not_found carries the field user_name).
func (d *Deps) actOnName(ctx context.Context, act action, userName string) (Principal, *User, error) {
	return d.authorize(ctx, act, "", userName)
}

func (d *Deps) authorize(ctx context.Context, act action, userID, userName string) (Principal, *User, error) {
	p, ok := PrincipalFrom(ctx)
	if !ok {
		return p, nil, fault.New(fault.Unauthenticated, "auth.required", "authentication required")
	}
	byName := userName != ""
	if act.self && p.Kind == UserToken {
		if p.Restricted != "" && !act.restricted {
			return p, nil, errRestrictedToken()
		}
		if !byName && (userID == "" || userID == p.UserID) {
			me, err := d.Store.FindUserByID(ctx, p.UserID)
			return p, me, err
		}
		if byName {
			// The caller's name is read before anything else, so that a
			// user who is no administrator learns nothing of other names.
			me, err := d.Store.FindUserByID(ctx, p.UserID)
			if err != nil {
				return p, nil, err
			}
			if me.Name == userName {
				return p, me, nil
			}
		}
	}
	if act.self && p.Kind != UserToken && userID == "" && userName == "" {
		// An API client is nobody: it has no profile, keys or devices.
		_, err := requireUser(ctx, false)
		return p, nil, err
	}
	if !act.admin {
		return p, nil, d.refuseOther(ctx, act, p, userID, userName)
	}
	if _, err := requireAdmin(ctx); err != nil {
		return p, nil, err
	}
	u, err := d.accountUser(ctx, p, userID, userName)
	if err != nil {
		return p, nil, err
	}
	if act.rootOnly && u.Root && (p.Kind != UserToken || p.UserID != u.ID) {
		return p, nil, errRootOnly()
	}
	if act.neverRoot && u.Root {
		return p, nil, fault.New(fault.Forbidden, "user.root_protected", "the root user cannot be changed or deleted this way")
	}
	return p, u, nil
}

// refuseOther answers a self-only action aimed at another user: not found
// for an unknown user or another account's, else the action's refusal.
func (d *Deps) refuseOther(ctx context.Context, act action, p Principal, userID, userName string) error {
	if _, err := requireUser(ctx, true); err != nil {
		return err
	}
	if _, err := d.accountUser(ctx, p, userID, userName); err != nil {
		return err
	}
	if act.notSelf != nil {
		return act.notSelf()
	}
	return errNotSelf()
}

// accountUser finds a user of p's account by ID or by name; another
// account's user reads as not found, as an unknown one does.
func (d *Deps) accountUser(ctx context.Context, p Principal, userID, userName string) (*User, error) {
	notFound := fault.New(fault.NotFound, "user.not_found", "no such user")
	var u *User
	var err error
	if userName != "" {
		notFound = notFound.WithField("user_name")
		var acct *Account
		if acct, err = d.Store.FindAccountByID(ctx, p.AccountID); err != nil {
			return nil, err
		}
		u, err = d.Store.FindUserByName(ctx, acct.Name, userName)
	} else {
		u, err = d.Store.FindUserByID(ctx, userID)
	}
	if fault.Is(err, fault.NotFound) || (err == nil && u.AccountID != p.AccountID) {
		return nil, notFound
	}
	return u, err
}

// actOnAccount returns the caller when it may do act to the account id
// names: only its own account, as an administrator when admin is set.
// Errors: Unauthenticated, Forbidden (password.change_required,
// auth.admin_required, account.not_own: any other ID, known or not, so
// that account IDs cannot be probed).
func (d *Deps) actOnAccount(ctx context.Context, id string, admin bool) (Principal, error) {
	p, ok := PrincipalFrom(ctx)
	if !ok {
		return p, fault.New(fault.Unauthenticated, "auth.required", "authentication required")
	}
	if admin {
		if _, err := requireAdmin(ctx); err != nil {
			return p, err
		}
	}
	if id == "" || id != p.AccountID {
		return p, errNotOwnAccount()
	}
	return p, nil
}

// actOnGroup returns the caller and the group id names, when the caller
// administers the group's account.
// Errors: Unauthenticated, Forbidden (password.change_required,
// auth.admin_required before any lookup), NotFound (group.not_found, also
// for another account's group).
func (d *Deps) actOnGroup(ctx context.Context, id string) (Principal, *Group, error) {
	p, err := requireAdmin(ctx)
	if err != nil {
		return p, nil, err
	}
	g, err := d.Store.FindGroupByID(ctx, id)
	if fault.Is(err, fault.NotFound) || (err == nil && g.AccountID != p.AccountID) {
		return p, nil, fault.New(fault.NotFound, "group.not_found", "no such group")
	}
	return p, g, err
}

func errRootOnly() error {
	return fault.New(fault.Forbidden, "user.root_protected", "only the root user can change the root user")
}

func errNotSelf() error {
	return fault.New(fault.Forbidden, "user.not_self", "only the user itself may do this")
}

func errRestrictedToken() error {
	return fault.New(fault.Forbidden, "password.change_required", "the password must be changed before anything else")
}
