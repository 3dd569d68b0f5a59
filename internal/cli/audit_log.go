package cli

import (
	"context"
	"log/slog"

	"github.com/watchword/watchword/internal/identity"
)

// auditLogger writes each committed audit event as one info line, so an
// operator's log shipping sees sign-ins, failures, lockouts and every
// sensitive change without querying the database. Events carry no secrets
// (the core never puts one in an event); the line names the event's ID, the
// same as GET /v1/account/audit shows, to join the two.
func auditLogger(log *slog.Logger) func(identity.AuditEvent) {
	return func(ev identity.AuditEvent) {
		attrs := []slog.Attr{
			slog.String("event_id", ev.ID),
			slog.String("action", ev.Action),
			slog.String("outcome", ev.Outcome),
			slog.String("account_id", ev.AccountID),
		}
		for _, kv := range [][2]string{{"user_id", ev.UserID}, {"actor_id", ev.ActorID}, {"ip", ev.IP}} {
			if kv[1] != "" {
				attrs = append(attrs, slog.String(kv[0], kv[1]))
			}
		}
		if len(ev.Detail) > 0 {
			attrs = append(attrs, slog.Any("detail", ev.Detail))
		}
		log.LogAttrs(context.Background(), slog.LevelInfo, "audit", attrs...)
	}
}
