package identity

import (
	"context"
	"strings"
	"time"

	"github.com/watchword/watchword/internal/notify"
)

// AdminGroup is the display name and builtin name of the group every account
// has whose members administer it, as Huawei IAM's admin group does. Its
// members are the users with User.Admin (and the root user): joining it
// grants administration, leaving it revokes administration.
const AdminGroup = "admin"

// AdminGroupID returns the ID of an account's built-in admin group.
func AdminGroupID(accountID string) string { return "admin-" + accountID }

// Group is a user group of an account.
type Group struct {
	ID          string
	AccountID   string
	DisplayName string
	ExternalID  string
	// Builtin names a group the service defines (AdminGroup); "" for the
	// account's own groups.
	Builtin string
	// Version grows by one with every change, membership included; it is
	// the group's ETag.
	Version   int64
	Members   []GroupMember
	CreatedAt time.Time
	UpdatedAt time.Time
}

// GroupMember is a user in a group.
type GroupMember struct {
	UserID string
	Name   string
}

// GroupRef names a group a user is in.
type GroupRef struct {
	ID          string
	DisplayName string
	Builtin     string
}

// GroupKey folds a display name for the per-account uniqueness check: two
// groups whose names differ only in case are the same name.
func GroupKey(displayName string) string { return strings.ToLower(displayName) }

// GroupFilter selects an account's groups, ordered by folded display name.
type GroupFilter struct {
	AccountID string
	// DisplayName, when set, keeps the group of that name (any case).
	DisplayName string
	// After continues after that folded name and ID; Limit caps the page.
	After After
	Limit int
}

// GroupWrite is one change to a group, applied in one transaction: the
// core reads the group, computes what it becomes (the whole member list)
// and the notifications and audit of the administration it grants or
// revokes, and the store writes it only if the group is still at
// ExpectVersion, so what the core judged is what is written.
type GroupWrite struct {
	ID            string
	AccountID     string
	ExpectVersion int64
	DisplayName   string
	ExternalID    string
	// Members is the whole member list after the change (user IDs).
	Members       []string
	Notifications []notify.Notification
	Audit         []AuditEvent
}

// GroupStore persists user groups. Every member must be an IAM user of the
// group's account; any other ID is Invalid (group.member_unknown), so an ID
// of another account reads the same as one that does not exist.
type GroupStore interface {
	// CreateGroup inserts a group with its members (the UserIDs of
	// g.Members). Errors: Conflict (group.name_taken), Invalid
	// (group.member_unknown).
	CreateGroup(ctx context.Context, g *Group, ev AuditEvent) error
	// FindGroupByID returns a group with its members. Errors: NotFound.
	FindGroupByID(ctx context.Context, id string) (*Group, error)
	// FindGroups lists an account's groups with their members.
	FindGroups(ctx context.Context, f GroupFilter) ([]*Group, error)
	// UpdateGroup applies w and returns the group as it leaves it. On the
	// admin group it sets the users' administration to their membership.
	// Errors: NotFound (group.not_found, also for another account's
	// group), Conflict (group.name_taken; group.changed_meanwhile when the
	// version is no longer ExpectVersion), Invalid (group.member_unknown;
	// group.builtin for a rename of a built-in group; user.root_protected
	// when the root user would leave admin).
	UpdateGroup(ctx context.Context, w GroupWrite) (*Group, error)
	// DeleteGroup removes a group. Errors: NotFound, Conflict
	// (group.changed_meanwhile), Invalid (group.builtin).
	DeleteGroup(ctx context.Context, id string, expectVersion int64, ev AuditEvent) error
	// FindUserGroups returns the groups a user is in, by display name.
	FindUserGroups(ctx context.Context, userID string) ([]GroupRef, error)
}
