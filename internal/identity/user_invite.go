package identity

import (
	"context"
	"strconv"
	"time"

	"github.com/watchword/watchword/internal/notify"
)

// maxExternalID bounds a user's externalId.
const maxExternalID = 256

// invitation is what inviting u stores and sends: a reset-link token that
// works for RecoveryConfig.InviteTTL, and the Invitation mail carrying the
// link, whose page sets the first password as a reset does (the whole
// policy applies, and the link works once). A later reset request voids it
// as it voids every reset secret.
func (s *UserService) invitation(ctx context.Context, u *User) SecretIssue {
	cfg := s.d.Config.Recovery.withDefaults()
	t, token := s.d.newTicket(u.ID, PurposeResetLink, cfg.InviteTTL)
	ev := s.d.event(ctx, "user.invite", u.AccountID, u.ID)
	return SecretIssue{UserID: u.ID, Token: t, Audit: ev, Notifications: []notify.Notification{{
		Channel: notify.Email, To: u.Email, Template: notify.Invitation, Locale: u.Locale, Theme: u.Theme, AccountID: u.AccountID,
		Data: map[string]string{"name": displayName(u), "account": u.AccountName, "user": u.Name,
			"expires_days": strconv.Itoa(int(cfg.InviteTTL.Round(24*time.Hour) / (24 * time.Hour)))},
		// The link carries the token: sealed in the outbox.
		Secret: map[string]string{"link": cfg.PublicURL + "/reset/" + token}}}}
}
