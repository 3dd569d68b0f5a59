package clientcli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"
	"github.com/watchword/watchword/internal/api/client"
)

// auditCmd reads the account's audit trail (administrators).
func (a *app) auditCmd() *cobra.Command {
	var f client.AuditFilter
	var since, before string
	var limit int
	list := &cobra.Command{
		Use: "list", Short: "list the account's audit events, newest first",
		Example: "  watchword audit list --action auth. --outcome auth.locked\n  watchword audit list --user 0f3c… --since 24h",
		Args:    noArgs, PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, _ []string) error {
			var err error
			if f.Since, err = parseInstant("since", since); err != nil {
				return err
			}
			if f.Before, err = parseInstant("before", before); err != nil {
				return err
			}
			evs, _, err := call(a, func(ctx context.Context, cl *client.Client) ([]client.AuditEvent, error) {
				return cl.AuditEvents(ctx, f, limit)
			})
			if err != nil {
				return err
			}
			if evs == nil {
				evs = []client.AuditEvent{}
			}
			return a.emit(c, evs, func(w io.Writer) {
				var rows [][]any
				for _, ev := range evs {
					rows = append(rows, []any{ev.CreatedAt, ev.Action, ev.Outcome, ev.UserID, ev.ActorID, ev.IP})
				}
				table(w, "TIME ACTION OUTCOME USER ACTOR IP", rows)
			})
		},
	}
	list.Flags().StringVar(&f.UserID, "user", "", "events about this user ID")
	list.Flags().StringVar(&f.Action, "action", "", `an action (password.change) or a family ending in a dot ("password.")`)
	list.Flags().StringVar(&f.Outcome, "outcome", "", "success, or a fault code such as auth.invalid_credentials")
	list.Flags().StringVar(&since, "since", "", "events from this instant (RFC 3339) or this long ago (24h)")
	list.Flags().StringVar(&before, "before", "", "events before this instant (RFC 3339) or this long ago")
	list.Flags().IntVar(&limit, "limit", 50, "at most this many (0 for all)")
	return group("audit", "read the account's audit trail (administrators)",
		"  watchword audit list --action auth.", list)
}

// parseInstant reads an RFC 3339 instant or a duration back from now.
func parseInstant(flag, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t, nil
	}
	if d, err := time.ParseDuration(v); err == nil && d > 0 {
		return time.Now().Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("--%s: want an RFC 3339 instant (2026-12-05T08:00:00Z) or a duration (24h), not %q", flag, v)
}
