package identity

import (
	"context"
	"time"
)

// PageStore reads lists one keyset page at a time. Each method returns up to
// limit rows after a's row (from the start when a is nil), in the list's
// order.
type PageStore interface {
	// FindUsersPage lists an account's users by name (only name, if given).
	FindUsersPage(ctx context.Context, accountID string, name *string, limit int, a *After) ([]*User, error)
	// FindLiveSessionsPage lists a user's sessions live at now, newest first.
	FindLiveSessionsPage(ctx context.Context, userID string, now time.Time, limit int, a *After) ([]*Session, error)
	// FindAccessKeysPage lists a user's access keys, oldest first.
	FindAccessKeysPage(ctx context.Context, userID string, limit int, a *After) ([]*AccessKey, error)
	// FindAPIClientsPage lists an account's API clients by name.
	FindAPIClientsPage(ctx context.Context, accountID string, limit int, a *After) ([]*APIClient, error)
	// DictionaryWordsPage lists an account's local dictionary in order.
	DictionaryWordsPage(ctx context.Context, accountID string, limit int, a *After) ([]string, error)
	// FindNotificationsPage lists an account's notifications (of status,
	// unless empty), newest first.
	FindNotificationsPage(ctx context.Context, accountID, status string, limit int, a *After) ([]*QueuedNotification, error)
}

// Page lists the administrator's account's users by name (only the one
// called name, when given), a page at a time.
// Errors: Unauthenticated, Forbidden, Invalid (page.limit, page.cursor).
func (s *UserService) Page(ctx context.Context, name *string, p Page) (Paged[*User], error) {
	pr, err := requireAdmin(ctx)
	if err != nil {
		return Paged[*User]{}, err
	}
	return paginate(p, "users", func(limit int, a *After) ([]*User, error) {
		return s.d.Store.FindUsersPage(ctx, pr.AccountID, name, limit, a)
	}, func(u *User) After { return After{Name: u.Name, ID: u.ID} })
}

// SessionsPage lists the calling user's live sessions, newest first.
// Errors: Unauthenticated, Forbidden, Invalid (page.limit, page.cursor).
func (s *AuthService) SessionsPage(ctx context.Context, p Page) (Paged[*Session], error) {
	pr, err := requireUser(ctx, true)
	if err != nil {
		return Paged[*Session]{}, err
	}
	now := s.d.Clock()
	return paginate(p, "sessions", func(limit int, a *After) ([]*Session, error) {
		return s.d.Store.FindLiveSessionsPage(ctx, pr.UserID, now, limit, a)
	}, func(x *Session) After { return After{At: x.CreatedAt, ID: x.ID} })
}

// Page lists the access keys of userName (the caller when empty), oldest
// first, without their secrets.
// Errors: Unauthenticated, Forbidden (user.root_protected too), NotFound
// (user.not_found), Invalid (page.limit, page.cursor).
func (s *AccessKeyService) Page(ctx context.Context, userName string, p Page) (Paged[*AccessKey], error) {
	_, u, err := s.d.actOnName(ctx, actReadKeys, userName)
	if err != nil {
		return Paged[*AccessKey]{}, err
	}
	page, err := paginate(p, "access_keys", func(limit int, a *After) ([]*AccessKey, error) {
		return s.d.Store.FindAccessKeysPage(ctx, u.ID, limit, a)
	}, func(k *AccessKey) After { return After{At: k.CreatedAt, ID: k.ID} })
	for _, k := range page.Items {
		k.SealedSecret = ""
	}
	return page, err
}

// ClientsPage lists the administrator's account's API clients by name.
// Errors: Unauthenticated, Forbidden, Invalid (page.limit, page.cursor).
func (s *AuthService) ClientsPage(ctx context.Context, p Page) (Paged[*APIClient], error) {
	pr, err := requireAdmin(ctx)
	if err != nil {
		return Paged[*APIClient]{}, err
	}
	page, err := paginate(p, "api_clients", func(limit int, a *After) ([]*APIClient, error) {
		return s.d.Store.FindAPIClientsPage(ctx, pr.AccountID, limit, a)
	}, func(c *APIClient) After { return After{Name: c.Name, ID: c.ID} })
	for _, c := range page.Items {
		c.SecretHash = ""
	}
	return page, err
}

// Page lists the account's local dictionary in order.
// Errors: Unauthenticated, Forbidden, Invalid (page.limit, page.cursor).
func (s *DictionaryService) Page(ctx context.Context, p Page) (Paged[string], error) {
	pr, err := requireAdmin(ctx)
	if err != nil {
		return Paged[string]{}, err
	}
	return paginate(p, "dictionary", func(limit int, a *After) ([]string, error) {
		return s.d.Store.DictionaryWordsPage(ctx, pr.AccountID, limit, a)
	}, func(w string) After { return After{Name: w, ID: w} })
}

// Page lists the account's notifications (of status, unless empty),
// newest first, without content.
// Errors: Unauthenticated, Forbidden, Invalid (notification.status_invalid,
// page.limit, page.cursor).
func (s *NotificationService) Page(ctx context.Context, status string, p Page) (Paged[*QueuedNotification], error) {
	pr, err := requireAdmin(ctx)
	if err != nil {
		return Paged[*QueuedNotification]{}, err
	}
	if err := checkNotificationStatus(status); err != nil {
		return Paged[*QueuedNotification]{}, err
	}
	return paginate(p, "notifications", func(limit int, a *After) ([]*QueuedNotification, error) {
		return s.d.Store.FindNotificationsPage(ctx, pr.AccountID, status, limit, a)
	}, func(n *QueuedNotification) After { return After{At: n.CreatedAt, ID: n.ID} })
}
