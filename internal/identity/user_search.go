package identity

import (
	"context"

	"github.com/watchword/watchword/internal/fault"
)

// UserQuery filters Search, as Keystone's GET /v3/users filters do.
type UserQuery struct {
	// Name, when set, keeps only the user of that exact name.
	Name *string
	// AccountID, when set, keeps only users of that account: another
	// account than the caller's gives nothing (it is never looked up).
	AccountID string
	// Enabled, when set, keeps only users enabled (or disabled).
	Enabled *bool
}

// Search lists, by name, the users the caller may see that match q, with
// their attributes and password expiry (as ShowDetail shows one): every
// user of the account for its administrators, only the caller itself for
// anyone else (a user token restricted to a password change included). It
// returns at most limit users (1 to 10·MaxPageSize), reading the account a
// page at a time, and says whether more matched.
// Errors: Unauthenticated, Invalid (page.limit).
func (s *UserService) Search(ctx context.Context, q UserQuery, limit int) ([]*UserDetail, bool, error) {
	users, more, err := s.search(ctx, q, limit)
	if err != nil || len(users) == 0 {
		return nil, more, err
	}
	acct, err := s.d.Store.FindAccountByID(ctx, users[0].AccountID)
	if err != nil {
		return nil, false, err
	}
	out := make([]*UserDetail, len(users))
	for i, u := range users {
		attrs, err := s.d.Store.FindUserAttributes(ctx, u.ID)
		if err != nil {
			return nil, false, err
		}
		out[i] = &UserDetail{User: u, Attributes: attrs, PasswordExpiresAt: passwordExpiry(acct.PasswordPolicy, u)}
	}
	return out, more, nil
}

func (s *UserService) search(ctx context.Context, q UserQuery, limit int) ([]*User, bool, error) {
	p, ok := PrincipalFrom(ctx)
	if !ok {
		return nil, false, fault.New(fault.Unauthenticated, "auth.required", "authentication required")
	}
	if limit < 1 || limit > 10*MaxPageSize {
		return nil, false, errPage("page.limit", "the limit is out of range")
	}
	if q.AccountID != "" && q.AccountID != p.AccountID {
		return nil, false, nil
	}
	keep := func(u *User) bool {
		return (q.Name == nil || u.Name == *q.Name) && (q.Enabled == nil || u.Enabled == *q.Enabled)
	}
	if p.Kind == UserToken && (!p.Admin || p.Restricted != "") {
		me, err := s.d.Store.FindUserByID(ctx, p.UserID)
		if err != nil || !keep(me) {
			return nil, false, err
		}
		return []*User{me}, false, nil
	}
	var out []*User
	page := Page{Limit: MaxPageSize}
	for {
		got, err := s.Page(ctx, q.Name, page)
		if err != nil {
			return nil, false, err
		}
		for _, u := range got.Items {
			if !keep(u) {
				continue
			}
			if len(out) == limit {
				return out, true, nil
			}
			out = append(out, u)
		}
		if got.Next == "" {
			return out, false, nil
		}
		page.Cursor = got.Next
	}
}
