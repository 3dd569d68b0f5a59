package sqldb

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/watchword/watchword/internal/identity"
)

// keyset builds the WHERE and ORDER BY of one page of a list ordered by
// (col, idCol), continuing after the row whose key and ID the cursor holds
// (nil: from the start), and LIMIT limit. The row comparison lets the index
// on (…, col, id) seek to the cursor: a page costs the same anywhere in the
// list.
type keyset struct {
	where []string
	args  []any
}

// arg adds v and returns its placeholder.
func (k *keyset) arg(v any) string {
	k.args = append(k.args, v)
	return "$" + strconv.Itoa(len(k.args))
}

// and adds a condition.
func (k *keyset) and(cond string) { k.where = append(k.where, cond) }

// tail returns " WHERE … ORDER BY … LIMIT n" for the order (col, idCol) in
// direction desc, continuing after key and id when after.
func (k *keyset) tail(col, idCol string, desc, after bool, key any, id string, limit int) string {
	dir, cmp := " ASC", " > "
	if desc {
		dir, cmp = " DESC", " < "
	}
	order := col + dir + ", " + idCol + dir
	switch {
	case after && col == idCol: // the key is unique itself (a dictionary's word)
		k.and(col + cmp + k.arg(key))
		order = col + dir
	case after:
		k.and("(" + col + ", " + idCol + ")" + cmp + "(" + k.arg(key) + ", " + k.arg(id) + ")")
	}
	q := ""
	if len(k.where) > 0 {
		q = " WHERE " + strings.Join(k.where, " AND ")
	}
	return q + " ORDER BY " + order + " LIMIT " + k.arg(limit)
}

// afterTime and afterName read a cursor's key for a time- or name-ordered list.
func afterTime(a *identity.After) (bool, any, string) {
	if a == nil {
		return false, nil, ""
	}
	return true, micros(a.At), a.ID
}

func afterName(a *identity.After) (bool, any, string) {
	if a == nil {
		return false, nil, ""
	}
	return true, a.Name, a.ID
}

// collect scans every row of q with scan.
func collect[T any](ctx context.Context, db *DB, q string, args []any, scan func(interface{ Scan(...any) error }) (T, error)) ([]T, error) {
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, db.classify(err)
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, db.classify(err)
		}
		out = append(out, v)
	}
	return out, db.classify(rows.Err())
}

// FindUsersPage lists an account's users by name (a name when given).
func (db *DB) FindUsersPage(ctx context.Context, accountID string, name *string, limit int, a *identity.After) ([]*identity.User, error) {
	k := &keyset{}
	k.and("u.account_id = " + k.arg(accountID))
	if name != nil {
		k.and("u.name = " + k.arg(*name))
	}
	after, key, id := afterName(a)
	q := `SELECT ` + userColumns + userFrom + k.tail("u.name", "u.id", false, after, key, id, limit)
	return collect(ctx, db, q, k.args, func(r interface{ Scan(...any) error }) (*identity.User, error) { return scanUser(r) })
}

// FindLiveSessionsPage lists a user's sessions neither revoked nor ended at
// now, newest first.
func (db *DB) FindLiveSessionsPage(ctx context.Context, userID string, now time.Time, limit int, a *identity.After) ([]*identity.Session, error) {
	k := &keyset{}
	k.and("s.user_id = " + k.arg(userID))
	k.and("s.revoked_at IS NULL")
	n := k.arg(micros(now))
	k.and("s.expires_at > " + n + " AND s.idle_until > " + n)
	after, key, id := afterTime(a)
	q := `SELECT ` + sessionColumns + sessionFrom + k.tail("s.created_at", "s.id", true, after, key, id, limit)
	return collect(ctx, db, q, k.args, scanSession)
}

// FindAccessKeysPage lists a user's access keys, oldest first.
func (db *DB) FindAccessKeysPage(ctx context.Context, userID string, limit int, a *identity.After) ([]*identity.AccessKey, error) {
	k := &keyset{}
	k.and("user_id = " + k.arg(userID))
	after, key, id := afterTime(a)
	q := `SELECT ` + accessKeyColumns + ` FROM access_keys` + k.tail("created_at", "id", false, after, key, id, limit)
	return collect(ctx, db, q, k.args, scanAccessKey)
}

// FindAPIClientsPage lists an account's API clients by name.
func (db *DB) FindAPIClientsPage(ctx context.Context, accountID string, limit int, a *identity.After) ([]*identity.APIClient, error) {
	k := &keyset{}
	k.and("account_id = " + k.arg(accountID))
	after, key, id := afterName(a)
	q := `SELECT ` + clientColumns + ` FROM api_clients` + k.tail("name", "id", false, after, key, id, limit)
	return collect(ctx, db, q, k.args, scanClient)
}

// DictionaryWordsPage lists an account's local dictionary in order.
func (db *DB) DictionaryWordsPage(ctx context.Context, accountID string, limit int, a *identity.After) ([]string, error) {
	k := &keyset{}
	k.and("account_id = " + k.arg(accountID))
	after, key, id := afterName(a)
	q := `SELECT word FROM dictionary_words` + k.tail("word", "word", false, after, key, id, limit)
	return collect(ctx, db, q, k.args, func(r interface{ Scan(...any) error }) (string, error) {
		var w string
		err := r.Scan(&w)
		return w, err
	})
}

// FindNotificationsPage lists an account's notifications (of a status when
// given), newest first.
func (db *DB) FindNotificationsPage(ctx context.Context, accountID, status string, limit int, a *identity.After) ([]*identity.QueuedNotification, error) {
	list, err := findEntries(ctx, db.read, entryFilter{accountID: &accountID, status: status, after: a}, limit)
	return list, db.classify(err)
}
