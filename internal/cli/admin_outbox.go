package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"time"

	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/store/sqldb"
)

// outboxLine is one row of `admin outbox`, one JSON object per line so that
// scripts can filter with jq. The content is left out: it may hold a reset
// link or a code.
type outboxLine struct {
	ID            string     `json:"id"`
	AccountID     string     `json:"account_id"`
	Channel       string     `json:"channel"`
	Recipient     string     `json:"recipient"`
	Template      string     `json:"template"`
	Status        string     `json:"status"`
	Attempts      int        `json:"attempts"`
	LastError     string     `json:"last_error"`
	CreatedAt     time.Time  `json:"created_at"`
	NextAttemptAt *time.Time `json:"next_attempt_at"` // null unless pending
}

// runAdminOutbox prints the outbox rows of every account, or of one, newest
// first: the operator's view of what was sent and, above all, of what could
// not be (--status dead).
func runAdminOutbox(ctx context.Context, args []string, env Env) error {
	var c Config
	fs := flag.NewFlagSet("admin outbox", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	storeFlags(fs, &c)
	status := fs.String("status", "", "only rows with this status: dead, pending or sent (default all)")
	account := fs.String("account", "", "only rows of this account ID")
	limit := fs.Int("limit", identity.DefaultNotificationLimit, "at most this many rows")
	bound := storeBound()
	bindEnv(fs, bound)
	if err := configureStore(fs, args, env, bound); err != nil {
		return err
	}
	switch *status {
	case "", identity.NotificationDead, identity.NotificationPending, identity.NotificationSent:
	default:
		return fmt.Errorf("--status %q: want dead, pending or sent", *status)
	}
	if *limit <= 0 {
		return fmt.Errorf("--limit must be positive")
	}
	db, err := openStore(ctx, &c)
	if err != nil {
		return err
	}
	defer db.Close()
	var rows []*identity.QueuedNotification
	if *account != "" {
		rows, err = db.FindNotifications(ctx, *account, identity.NotificationFilter{Status: *status, Limit: *limit})
	} else {
		var all []sqldb.OutboxEntry
		all, err = db.FindOutbox(ctx, *status, *limit)
		for i := range all {
			rows = append(rows, &all[i])
		}
	}
	if err != nil {
		return err
	}
	enc := json.NewEncoder(env.Stdout)
	for _, n := range rows {
		line := outboxLine{ID: n.ID, AccountID: n.AccountID, Channel: n.Channel, Recipient: n.To, Template: n.Template,
			Status: n.Status, Attempts: n.Attempts, LastError: n.LastError, CreatedAt: n.CreatedAt}
		if n.Status == identity.NotificationPending {
			next := n.NextAttemptAt
			line.NextAttemptAt = &next
		}
		if err := enc.Encode(line); err != nil {
			return err
		}
	}
	return nil
}
