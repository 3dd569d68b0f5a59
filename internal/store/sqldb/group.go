package sqldb

import (
	"context"
	"database/sql"
	"sort"
	"strconv"
	"strings"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

const groupColumns = `id, account_id, display_name, external_id, builtin, version, created_at, updated_at`

func scanGroup(row interface{ Scan(...any) error }) (*identity.Group, error) {
	var g identity.Group
	var created, updated int64
	if err := row.Scan(&g.ID, &g.AccountID, &g.DisplayName, &g.ExternalID, &g.Builtin, &g.Version, &created, &updated); err != nil {
		return nil, err
	}
	g.CreatedAt, g.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &g, nil
}

func groupNotFound() error { return notFound("group.not_found", "no such group") }

// loadMembers fills g.Members, by user name. The admin group's members are
// the account's administrators: is_admin is the one record of the right.
func loadMembers(ctx context.Context, q queryer, g *identity.Group) error {
	query, arg := `SELECT u.id, u.name FROM user_group_members m JOIN users u ON u.id = m.user_id
		WHERE m.group_id = $1 ORDER BY u.name`, g.ID
	if g.Builtin == identity.AdminGroup {
		query, arg = `SELECT id, name FROM users WHERE account_id = $1 AND (is_root OR is_admin) ORDER BY name`, g.AccountID
	}
	rows, err := q.QueryContext(ctx, query, arg)
	if err != nil {
		return err
	}
	defer rows.Close()
	g.Members = []identity.GroupMember{}
	for rows.Next() {
		var m identity.GroupMember
		if err := rows.Scan(&m.UserID, &m.Name); err != nil {
			return err
		}
		g.Members = append(g.Members, m)
	}
	return rows.Err()
}

func findGroup(ctx context.Context, q queryer, id string) (*identity.Group, error) {
	g, err := scanGroup(q.QueryRowContext(ctx, `SELECT `+groupColumns+` FROM user_groups WHERE id = $1`, id))
	if err == sql.ErrNoRows {
		return nil, groupNotFound()
	}
	if err != nil {
		return nil, err
	}
	return g, loadMembers(ctx, q, g)
}

// FindGroupByID returns a group with its members.
func (db *DB) FindGroupByID(ctx context.Context, id string) (*identity.Group, error) {
	g, err := findGroup(ctx, db.read, id)
	return g, db.classify(err)
}

// FindGroups lists a page of an account's groups by folded display name.
func (db *DB) FindGroups(ctx context.Context, f identity.GroupFilter) ([]*identity.Group, error) {
	where, args := `account_id = $1 AND (display_key > $2 OR (display_key = $2 AND id > $3))`, []any{f.AccountID, f.After.Name, f.After.ID}
	if f.DisplayName != "" {
		where += ` AND display_key = $4`
		args = append(args, identity.GroupKey(f.DisplayName))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = identity.DefaultPageSize
	}
	args = append(args, limit)
	rows, err := db.read.QueryContext(ctx, `SELECT `+groupColumns+` FROM user_groups WHERE `+where+
		` ORDER BY display_key, id LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, db.classify(err)
	}
	var out []*identity.Group
	for rows.Next() {
		g, err := scanGroup(rows)
		if err != nil {
			rows.Close()
			return nil, db.classify(err)
		}
		out = append(out, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, db.classify(err)
	}
	for _, g := range out {
		if err := loadMembers(ctx, db.read, g); err != nil {
			return nil, db.classify(err)
		}
	}
	return out, nil
}

// FindUserGroups returns the groups a user is in, by display name.
func (db *DB) FindUserGroups(ctx context.Context, userID string) ([]identity.GroupRef, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT g.id, g.display_name, g.builtin, g.display_key FROM user_groups g
		JOIN user_group_members m ON m.group_id = g.id WHERE m.user_id = $1
		UNION ALL
		SELECT g.id, g.display_name, g.builtin, g.display_key FROM user_groups g JOIN users u ON u.account_id = g.account_id
		WHERE u.id = $1 AND g.builtin = 'admin' AND (u.is_root OR u.is_admin)
		ORDER BY 4`, userID)
	if err != nil {
		return nil, db.classify(err)
	}
	defer rows.Close()
	out := []identity.GroupRef{}
	for rows.Next() {
		var r identity.GroupRef
		var key string
		if err := rows.Scan(&r.ID, &r.DisplayName, &r.Builtin, &key); err != nil {
			return nil, db.classify(err)
		}
		out = append(out, r)
	}
	return out, db.classify(rows.Err())
}

// CreateGroup inserts a group and its members.
func (db *DB) CreateGroup(ctx context.Context, g *identity.Group, ev identity.AuditEvent) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		if err := checkGroupNameFree(ctx, tx, g.AccountID, g.DisplayName, ""); err != nil {
			return err
		}
		ids := memberIDs(g.Members)
		if err := checkMembers(ctx, tx, g.AccountID, ids); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_groups (id, account_id, display_name, display_key, external_id,
			builtin, version, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,1,$7,$7)`,
			g.ID, g.AccountID, g.DisplayName, identity.GroupKey(g.DisplayName), g.ExternalID, g.Builtin, now); err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `INSERT INTO user_group_members (group_id, user_id, added_at) VALUES ($1,$2,$3)`,
				g.ID, id, now); err != nil {
				return err
			}
		}
		return db.insertAudit(ctx, tx, ev, now)
	})
}

// insertAdminGroup gives a new account its built-in admin group.
func insertAdminGroup(ctx context.Context, tx *sql.Tx, accountID string, now int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO user_groups (id, account_id, display_name, display_key, builtin, created_at, updated_at)
		VALUES ($1,$2,$3,$3,$3,$4,$4)`, identity.AdminGroupID(accountID), accountID, identity.AdminGroup, now)
	return err
}

// UpdateGroup writes a group as the core computed it, if it is still at
// the version the core read.
func (db *DB) UpdateGroup(ctx context.Context, w identity.GroupWrite) (*identity.Group, error) {
	var out *identity.Group
	err := db.update(ctx, func(tx *sql.Tx, now int64) error {
		g, err := findGroup(ctx, tx, w.ID)
		if err != nil {
			return err
		}
		if g.AccountID != w.AccountID {
			return groupNotFound()
		}
		// Claim the version in one conditional write before anything else:
		// on PostgreSQL two transactions may both have read it, and only the
		// row lock this takes lets one of them through.
		res, err := tx.ExecContext(ctx, `UPDATE user_groups SET version=version+1 WHERE id=$1 AND version=$2`, g.ID, w.ExpectVersion)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return fault.New(fault.Conflict, "group.changed_meanwhile", "the group was changed meanwhile")
		}
		if g.Builtin != "" && w.DisplayName != g.DisplayName {
			return fault.New(fault.Invalid, "group.builtin", "a built-in group cannot be renamed").WithField("displayName")
		}
		if identity.GroupKey(w.DisplayName) != identity.GroupKey(g.DisplayName) {
			if err := checkGroupNameFree(ctx, tx, g.AccountID, w.DisplayName, g.ID); err != nil {
				return err
			}
		}
		want := dedupe(w.Members)
		if err := checkMembers(ctx, tx, g.AccountID, want); err != nil {
			return err
		}
		if err := writeMembers(ctx, tx, g, want, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE user_groups SET display_name=$2, display_key=$3, external_id=$4,
			updated_at=$5 WHERE id=$1`, g.ID, w.DisplayName, identity.GroupKey(w.DisplayName), w.ExternalID, now); err != nil {
			return err
		}
		for _, ev := range w.Audit {
			if err := db.insertAudit(ctx, tx, ev, now); err != nil {
				return err
			}
		}
		if err := db.insertNotifications(ctx, tx, w.Notifications, now); err != nil {
			return err
		}
		out, err = findGroup(ctx, tx, g.ID)
		return err
	})
	return out, err
}

// writeMembers makes the group's members exactly want. On the admin group
// that is each user's is_admin: the root user must stay in it.
func writeMembers(ctx context.Context, tx *sql.Tx, g *identity.Group, want []string, now int64) error {
	in := map[string]bool{}
	for _, id := range want {
		in[id] = true
	}
	had := map[string]bool{}
	for _, m := range g.Members {
		had[m.UserID] = true
	}
	if g.Builtin == identity.AdminGroup {
		var root string
		if err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE account_id=$1 AND is_root`, g.AccountID).Scan(&root); err != nil && err != sql.ErrNoRows {
			return err
		}
		if root != "" && !in[root] {
			return fault.New(fault.Invalid, "user.root_protected", "the root user cannot leave the admin group").WithField("members")
		}
	}
	for id := range had {
		if in[id] {
			continue
		}
		q := `DELETE FROM user_group_members WHERE group_id=$1 AND user_id=$2`
		args := []any{g.ID, id}
		if g.Builtin == identity.AdminGroup {
			q, args = `UPDATE users SET is_admin=FALSE, updated_at=$2 WHERE id=$1 AND NOT is_root`, []any{id, now}
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
	}
	for _, id := range want {
		if had[id] {
			continue
		}
		q := `INSERT INTO user_group_members (group_id, user_id, added_at) VALUES ($1,$2,$3)`
		args := []any{g.ID, id, now}
		if g.Builtin == identity.AdminGroup {
			q, args = `UPDATE users SET is_admin=TRUE, updated_at=$2 WHERE id=$1`, []any{id, now}
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}

// DeleteGroup removes a group; its memberships go with it.
func (db *DB) DeleteGroup(ctx context.Context, id string, expectVersion int64, ev identity.AuditEvent) error {
	return db.update(ctx, func(tx *sql.Tx, now int64) error {
		g, err := scanGroup(tx.QueryRowContext(ctx, `SELECT `+groupColumns+` FROM user_groups WHERE id = $1`, id))
		if err == sql.ErrNoRows || (err == nil && g.AccountID != ev.AccountID) {
			return groupNotFound()
		}
		if err != nil {
			return err
		}
		if g.Builtin != "" {
			return fault.New(fault.Invalid, "group.builtin", "a built-in group cannot be deleted")
		}
		if expectVersion != 0 && g.Version != expectVersion {
			return fault.New(fault.Conflict, "group.changed_meanwhile", "the group was changed meanwhile")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM user_groups WHERE id = $1`, id); err != nil {
			return err
		}
		return db.insertAudit(ctx, tx, ev, now)
	})
}

// bumpUserGroups moves the version of every group a user is in (the admin
// group when it is an administrator): a user's creation with
// administration, its deletion or a change of its administration changes
// those groups' members, so their ETags must change too.
func bumpUserGroups(ctx context.Context, tx *sql.Tx, userID string, admin bool, accountID string, now int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE user_groups SET version=version+1, updated_at=$2
		WHERE id IN (SELECT group_id FROM user_group_members WHERE user_id=$1)`, userID, now); err != nil {
		return err
	}
	if !admin {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE user_groups SET version=version+1, updated_at=$2 WHERE id=$1`,
		identity.AdminGroupID(accountID), now)
	return err
}

func checkGroupNameFree(ctx context.Context, tx *sql.Tx, accountID, name, exceptID string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM user_groups WHERE account_id=$1 AND display_key=$2 AND id<>$3`,
		accountID, identity.GroupKey(name), exceptID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fault.New(fault.Conflict, "group.name_taken", "a group with this name already exists").WithField("displayName")
	}
	return nil
}

// checkMembers refuses any ID that is not a user of the account, the same
// way whether it names another account's user or none.
func checkMembers(ctx context.Context, tx *sql.Tx, accountID string, ids []string) error {
	for _, id := range ids {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE id=$1 AND account_id=$2`, id, accountID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fault.New(fault.Invalid, "group.member_unknown", "a member is not a user of this account").WithField("members")
		}
	}
	return nil
}

func memberIDs(ms []identity.GroupMember) []string {
	ids := make([]string, 0, len(ms))
	for _, m := range ms {
		ids = append(ids, m.UserID)
	}
	return dedupe(ids)
}

func dedupe(ids []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, id := range ids {
		if id = strings.TrimSpace(id); id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}
