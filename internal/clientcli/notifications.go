package clientcli

import (
	"context"
	"io"

	"github.com/spf13/cobra"
	"github.com/watchword/watchword/internal/api/client"
)

// notificationsCmd shows the account's outbox and retries dead letters.
func (a *app) notificationsCmd() *cobra.Command {
	var status string
	var limit int
	list := &cobra.Command{
		Use: "list", Short: "list the account's notifications, newest first (never their content)",
		Example: "  watchword notifications list --status dead", Args: noArgs, PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, _ []string) error {
			ns, _, err := call(a, func(ctx context.Context, cl *client.Client) ([]client.Notification, error) {
				return cl.Notifications(ctx, status, limit)
			})
			if err != nil {
				return err
			}
			if ns == nil {
				ns = []client.Notification{}
			}
			return a.emit(c, ns, func(w io.Writer) {
				var rows [][]any
				for _, n := range ns {
					rows = append(rows, []any{n.ID, n.Channel, n.Recipient, n.Template, n.Status, n.Attempts, n.CreatedAt, n.LastError})
				}
				table(w, "ID CHANNEL RECIPIENT TEMPLATE STATUS ATTEMPTS CREATED LAST-ERROR", rows)
			})
		},
	}
	list.Flags().StringVar(&status, "status", "", "dead, pending or sent (default all)")
	list.Flags().IntVar(&limit, "limit", 0, "at most this many")
	retry := &cobra.Command{
		Use: "retry ID", Short: "queue a dead notification again", Example: "  watchword notifications retry 0f3c…",
		Args: exactArgs(1), PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, args []string) error {
			n, _, err := call(a, func(ctx context.Context, cl *client.Client) (*client.Notification, error) {
				return cl.RetryNotification(ctx, args[0])
			})
			if err != nil {
				return err
			}
			return a.emit(c, n, func(w io.Writer) {
				fields(w, "id", n.ID, "recipient", n.Recipient, "status", n.Status, "next attempt", n.NextAttemptAt)
			})
		},
	}
	return group("notifications", "list the account's notifications and retry dead ones",
		"  watchword notifications list --status dead\n  watchword notifications retry ID", list, retry)
}
