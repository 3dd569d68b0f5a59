package identity

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/notify"
)

// GroupService manages an account's user groups for its administrators
// (admin users, the root user, API clients). Membership of the built-in
// admin group is administration itself: adding a user grants it, removing
// one revokes it, with the user told and the change audited.
type GroupService struct{ d *Deps }

// Group field limits.
const (
	maxGroupName       = 256
	maxGroupExternalID = 256
	maxGroupMembers    = 10000
)

// GroupEdit is what a group is made of that its administrators change.
type GroupEdit struct {
	DisplayName string
	ExternalID  string
	// Members are user IDs.
	Members []string
}

// Page lists the administrator's account's groups by display name (only
// the one called displayName, in any case, when given).
// Errors: Unauthenticated, Forbidden, Invalid (page.limit, page.cursor).
func (s *GroupService) Page(ctx context.Context, displayName string, p Page) (Paged[*Group], error) {
	pr, err := requireAdmin(ctx)
	if err != nil {
		return Paged[*Group]{}, err
	}
	return paginate(p, "groups", func(limit int, a *After) ([]*Group, error) {
		f := GroupFilter{AccountID: pr.AccountID, DisplayName: displayName, Limit: limit}
		if a != nil {
			f.After = *a
		}
		return s.d.Store.FindGroups(ctx, f)
	}, func(g *Group) After { return After{Name: GroupKey(g.DisplayName), ID: g.ID} })
}

// Get returns a group of the administrator's account.
// Errors: Unauthenticated, Forbidden, NotFound (group.not_found, also for
// another account's group).
func (s *GroupService) Get(ctx context.Context, id string) (*Group, error) {
	_, g, err := s.d.actOnGroup(ctx, id)
	return g, err
}

// Create adds a group to the administrator's account. The built-in admin
// group exists already: its name is taken.
// Errors: Unauthenticated, Forbidden, Invalid (validation.*,
// group.member_unknown), Conflict (group.name_taken).
func (s *GroupService) Create(ctx context.Context, in GroupEdit) (*Group, error) {
	p, err := requireAdmin(ctx)
	if err != nil {
		return nil, err
	}
	if err := validateGroup(&in); err != nil {
		return nil, err
	}
	for _, id := range in.Members {
		if _, err := s.member(ctx, id); err != nil {
			return nil, err
		}
	}
	g := &Group{ID: newID(), AccountID: p.AccountID, DisplayName: in.DisplayName, ExternalID: in.ExternalID}
	for _, id := range in.Members {
		g.Members = append(g.Members, GroupMember{UserID: id})
	}
	ev := s.d.event(ctx, "group.create", p.AccountID, "")
	ev.Detail = map[string]string{"group_id": g.ID, "display_name": g.DisplayName, "members": strconv.Itoa(len(in.Members))}
	if err := s.d.Store.CreateGroup(ctx, g, ev); err != nil {
		return nil, err
	}
	return s.d.Store.FindGroupByID(ctx, g.ID)
}

// Update reads a group, passes what it is to edit and writes what edit
// returns, in one compare-and-swap on the group's version: ifVersion, when
// not 0, must be the version read (an If-Match), else a change made
// meanwhile makes it read and edit again. Joining or leaving the admin
// group grants or revokes administration; the root user never leaves it.
// Errors: Unauthenticated, Forbidden, NotFound (group.not_found), Invalid
// (validation.*, group.member_unknown, group.builtin,
// user.root_protected), Conflict (group.name_taken,
// group.version_mismatch when ifVersion is not the group's version), those
// of edit.
func (s *GroupService) Update(ctx context.Context, id string, ifVersion int64, edit func(GroupEdit) (GroupEdit, error)) (*Group, error) {
	for try := 0; ; try++ {
		g, err := s.update(ctx, id, ifVersion, edit)
		if fault.CodeOf(err) == "group.changed_meanwhile" && ifVersion != 0 {
			// The version If-Match named was the group's when read and
			// no longer was when written: the same refusal.
			return nil, errVersionMismatch()
		}
		if fault.CodeOf(err) != "group.changed_meanwhile" || try == 4 {
			return g, err
		}
	}
}

func (s *GroupService) update(ctx context.Context, id string, ifVersion int64, edit func(GroupEdit) (GroupEdit, error)) (*Group, error) {
	p, g, err := s.d.actOnGroup(ctx, id)
	if err != nil {
		return nil, err
	}
	if ifVersion != 0 && ifVersion != g.Version {
		return nil, errVersionMismatch()
	}
	before := GroupEdit{DisplayName: g.DisplayName, ExternalID: g.ExternalID, Members: []string{}}
	had := map[string]bool{}
	for _, m := range g.Members {
		before.Members = append(before.Members, m.UserID)
		had[m.UserID] = true
	}
	// edit gets its own copy of the members: one it changes in place
	// (slices.DeleteFunc) must not change what the group had.
	after, err := edit(GroupEdit{DisplayName: before.DisplayName, ExternalID: before.ExternalID, Members: slices.Clone(before.Members)})
	if err != nil {
		return nil, err
	}
	if err := validateGroup(&after); err != nil {
		return nil, err
	}
	if g.Builtin != "" && after.DisplayName != g.DisplayName {
		return nil, fault.New(fault.Invalid, "group.builtin", "a built-in group cannot be renamed").WithField("displayName")
	}
	in := map[string]bool{}
	for _, uid := range after.Members {
		in[uid] = true
	}
	w := GroupWrite{ID: g.ID, AccountID: p.AccountID, ExpectVersion: g.Version, DisplayName: after.DisplayName,
		ExternalID: after.ExternalID, Members: after.Members}
	ev := s.d.event(ctx, "group.update", p.AccountID, "")
	ev.Detail = map[string]string{"group_id": g.ID, "display_name": after.DisplayName}
	w.Audit = append(w.Audit, ev)
	changed := func(uid string, joined bool) error {
		u, err := s.member(ctx, uid)
		if err != nil {
			return err
		}
		if g.Builtin != AdminGroup || u.Root {
			return nil
		}
		return s.adminChange(ctx, &w, u, joined)
	}
	for _, uid := range after.Members {
		if !had[uid] {
			if err := changed(uid, true); err != nil {
				return nil, err
			}
		}
	}
	for _, uid := range before.Members {
		if in[uid] {
			continue
		}
		if g.Builtin == AdminGroup {
			if u, err := s.d.Store.FindUserByID(ctx, uid); err == nil && u.Root {
				return nil, fault.New(fault.Invalid, "user.root_protected", "the root user cannot leave the admin group").WithField("members")
			}
		}
		if err := changed(uid, false); err != nil {
			return nil, err
		}
	}
	return s.d.Store.UpdateGroup(ctx, w)
}

// adminChange adds to w the audit event and the notice of a user's
// administration granted or revoked.
func (s *GroupService) adminChange(ctx context.Context, w *GroupWrite, u *User, granted bool) error {
	method, action := "revoked", "user.admin.revoke"
	if granted {
		method, action = "granted", "user.admin.grant"
	}
	ev := s.d.event(ctx, action, u.AccountID, u.ID)
	ev.Detail = map[string]string{"group_id": w.ID}
	w.Audit = append(w.Audit, ev)
	w.Notifications = append(w.Notifications, securityNotice(u, notify.AdminRightsChanged, map[string]string{
		"method": method, "time": s.d.Clock().UTC().Format(time.RFC1123), "ip": RequestFrom(ctx).IP})...)
	return nil
}

// member returns the user of the caller's account id names, through the
// gate; any other ID (unknown, or another account's) is
// group.member_unknown, the same either way.
func (s *GroupService) member(ctx context.Context, id string) (*User, error) {
	_, u, err := s.d.actOn(ctx, actGroupMember, id)
	if fault.CodeOf(err) == "user.not_found" || (err == nil && strings.TrimSpace(id) == "") {
		return nil, fault.New(fault.Invalid, "group.member_unknown", "a member is not a user of this account").WithField("members")
	}
	return u, err
}

// Delete removes a group of the administrator's account (never a
// built-in one); its users stay. ifVersion, when not 0, must be the
// group's version.
// Errors: Unauthenticated, Forbidden, NotFound (group.not_found), Invalid
// (group.builtin), Conflict (group.version_mismatch).
func (s *GroupService) Delete(ctx context.Context, id string, ifVersion int64) error {
	p, g, err := s.d.actOnGroup(ctx, id)
	if err != nil {
		return err
	}
	if g.Builtin != "" {
		return fault.New(fault.Invalid, "group.builtin", "a built-in group cannot be deleted")
	}
	if ifVersion != 0 && ifVersion != g.Version {
		return errVersionMismatch()
	}
	ev := s.d.event(ctx, "group.delete", p.AccountID, "")
	ev.Detail = map[string]string{"group_id": g.ID, "display_name": g.DisplayName}
	err = s.d.Store.DeleteGroup(ctx, g.ID, ifVersion, ev)
	if fault.CodeOf(err) == "group.changed_meanwhile" {
		return errVersionMismatch()
	}
	return err
}

// UserGroups lists the groups a user of the caller's account is in; a
// user may read its own.
// Errors: Unauthenticated, Forbidden, NotFound (user.not_found).
func (s *GroupService) UserGroups(ctx context.Context, userID string) ([]GroupRef, error) {
	_, u, err := s.d.actOn(ctx, actShowUser, userID)
	if err != nil {
		return nil, err
	}
	return s.d.Store.FindUserGroups(ctx, u.ID)
}

func errVersionMismatch() error {
	return fault.New(fault.Conflict, "group.version_mismatch", "the group is no longer at the version the request names")
}

// validateGroup trims and checks a group's fields; members are deduplicated.
func validateGroup(e *GroupEdit) error {
	e.DisplayName = strings.TrimSpace(e.DisplayName)
	if e.DisplayName == "" {
		return fault.New(fault.Invalid, "validation.required", "displayName is required").WithField("displayName")
	}
	if utf8.RuneCountInString(e.DisplayName) > maxGroupName || !utf8.ValidString(e.DisplayName) {
		return fault.Newf(fault.Invalid, "validation.text", "displayName must be at most %d characters on one line", maxGroupName).WithField("displayName")
	}
	if err := validateText("displayName", e.DisplayName, 4*maxGroupName); err != nil {
		return err
	}
	if err := validateText("externalId", e.ExternalID, maxGroupExternalID); err != nil {
		return err
	}
	if len(e.Members) > maxGroupMembers {
		return fault.Newf(fault.Invalid, "validation.members", "a group has at most %d members", maxGroupMembers).WithField("members")
	}
	seen := map[string]bool{}
	out := []string{}
	for _, id := range e.Members {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	e.Members = out
	return nil
}
