package clientcli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/watchword/watchword/internal/api/client"
)

// sessionsCmd lists and revokes the signed-in user's sessions.
func (a *app) sessionsCmd() *cobra.Command {
	return group("sessions", "list and revoke your sessions",
		"  watchword sessions list\n  watchword sessions revoke SESSION_ID\n  watchword sessions revoke --others",
		a.sessionsListCmd(), a.sessionsRevokeCmd())
}

func (a *app) sessionsListCmd() *cobra.Command {
	return &cobra.Command{
		Use: "list", Short: "list your live sessions; * marks this one", Example: "  watchword sessions list -o json",
		Args: noArgs, PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, _ []string) error {
			list, _, err := call(a, func(ctx context.Context, cl *client.Client) ([]client.Session, error) { return cl.Sessions(ctx) })
			if err != nil {
				return err
			}
			if list == nil {
				list = []client.Session{}
			}
			return a.emit(c, list, func(w io.Writer) {
				var rows [][]any
				for _, s := range list {
					id := " " + s.ID
					if s.Current {
						id = "*" + s.ID
					}
					rows = append(rows, []any{id, s.Method, s.IP, s.CreatedAt, s.LastSeenAt, s.ExpiresAt})
				}
				table(w, "SESSION METHOD IP CREATED LAST-SEEN EXPIRES", rows)
			})
		},
	}
}

func (a *app) sessionsRevokeCmd() *cobra.Command {
	var others bool
	c := &cobra.Command{
		Use: "revoke [SESSION_ID]", Short: "revoke one session, or with --others every session but this one",
		Example: "  watchword sessions revoke 3f2a…\n  watchword sessions revoke --others",
		Args: func(c *cobra.Command, args []string) error {
			if others == (len(args) == 1) || len(args) > 1 {
				return usagef(c, "give one SESSION_ID, or --others")
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			if others {
				n, _, err := call(a, func(ctx context.Context, cl *client.Client) (int, error) { return cl.RevokeOtherSessions(ctx) })
				if err != nil {
					return err
				}
				fmt.Fprintf(a.io.Stdout, "%d other session(s) revoked.\n", n)
				return nil
			}
			_, _, err := call(a, func(ctx context.Context, cl *client.Client) (struct{}, error) {
				return struct{}{}, cl.RevokeSession(ctx, args[0])
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(a.io.Stdout, "Session %s revoked.\n", args[0])
			return nil
		},
	}
	c.Flags().BoolVar(&others, "others", false, "revoke every session but this one")
	return c
}
