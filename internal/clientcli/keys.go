package clientcli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"
	"github.com/watchword/watchword/internal/api/client"
)

// keysCmd manages access keys: the caller's own, or with --user another
// user's, for an administrator.
func (a *app) keysCmd() *cobra.Command {
	var user string
	c := group("keys", "create, list, update and delete access keys",
		"  watchword keys create --tag ci --save\n  watchword keys list\n  watchword keys update AK… --state INACTIVE\n  watchword keys delete AK…",
		a.keysCreateCmd(&user), a.keysListCmd(&user), a.keysUpdateCmd(&user), a.keysDeleteCmd(&user))
	c.PersistentFlags().StringVar(&user, "user", "", "another user's name (administrators)")
	return c
}

// parseExpiry reads a date (2030-01-31) or an RFC 3339 time.
func parseExpiry(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, s)
}

func (a *app) keysCreateCmd(user *string) *cobra.Command {
	var tag, expires string
	var save bool
	c := &cobra.Command{
		Use:   "create",
		Short: "create an access key; its secret key is shown this once",
		Long: `Create an access key. The secret key is shown this once. With --save, the key
and its secret are stored in the profile for 'watchword api' and 'watchword icu'.`,
		Example: "  watchword keys create --tag ci --expires 2030-01-31\n  watchword keys create --save -o json",
		Args:    noArgs, PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, _ []string) error {
			in := client.NewAccessKey{Tag: tag}
			if expires != "" {
				t, err := parseExpiry(expires)
				if err != nil {
					return usagef(c, "--expires %q: want 2030-01-31 or an RFC 3339 time", expires)
				}
				in.ExpiresAt = &t
			}
			k, s, err := call(a, func(ctx context.Context, cl *client.Client) (*client.AccessKey, error) {
				return cl.CreateAccessKey(ctx, *user, in)
			})
			if err != nil {
				return err
			}
			if save {
				if err := a.updateProfile(s.name, func(p *Profile) { p.AccessKey, p.SecretKey = k.ID, k.SecretKey }); err != nil {
					return err
				}
			}
			return a.emit(c, k, func(w io.Writer) {
				keyFields(w, k)
				fmt.Fprintf(w, "secret key:  %s\n", k.SecretKey)
				if save {
					fmt.Fprintf(w, "Saved in profile %q.\n", s.name)
				} else {
					fmt.Fprintln(w, "Store the secret key now: it is never shown again.")
				}
			})
		},
	}
	c.Flags().StringVar(&tag, "tag", "", "a label")
	c.Flags().StringVar(&expires, "expires", "", "expiry: 2030-01-31 or an RFC 3339 time (default: never)")
	c.Flags().BoolVar(&save, "save", false, "store the key and its secret in the profile")
	return c
}

func keyFields(w io.Writer, k *client.AccessKey) {
	fields(w, "access key", k.ID, "state", k.State, "tag", k.Tag, "expires", k.ExpiresAt, "created", k.CreatedAt)
}

func (a *app) keysListCmd(user *string) *cobra.Command {
	return &cobra.Command{
		Use: "list", Short: "list access keys (never their secret keys)", Example: "  watchword keys list -o json",
		Args: noArgs, PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, _ []string) error {
			keys, _, err := call(a, func(ctx context.Context, cl *client.Client) ([]client.AccessKey, error) {
				return cl.AccessKeys(ctx, *user)
			})
			if err != nil {
				return err
			}
			if keys == nil {
				keys = []client.AccessKey{}
			}
			return a.emit(c, keys, func(w io.Writer) {
				var rows [][]any
				for _, k := range keys {
					rows = append(rows, []any{k.ID, k.State, k.Tag, k.ExpiresAt, k.CreatedAt})
				}
				table(w, "ACCESS-KEY STATE TAG EXPIRES CREATED", rows)
			})
		},
	}
}

func (a *app) keysUpdateCmd(user *string) *cobra.Command {
	var state, expires, tag string
	var noExpiry bool
	c := &cobra.Command{
		Use: "update ACCESS_KEY_ID", Short: "activate, deactivate, re-tag or change the expiry of a key",
		Example: "  watchword keys update AK0123 --state INACTIVE\n  watchword keys update AK0123 --expires 2031-01-01\n  watchword keys update AK0123 --no-expiry",
		Args:    exactArgs(1), PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, args []string) error {
			in := client.AccessKeyUpdate{State: changed(c, "state", state), Tag: changed(c, "tag", tag), RemoveExpiry: noExpiry}
			if expires != "" {
				t, err := parseExpiry(expires)
				if err != nil {
					return usagef(c, "--expires %q: want 2030-01-31 or an RFC 3339 time", expires)
				}
				in.ExpiresAt = &t
			}
			if in.State == nil && in.Tag == nil && in.ExpiresAt == nil && !noExpiry {
				return usagef(c, "nothing to change: give --state, --tag, --expires or --no-expiry")
			}
			k, _, err := call(a, func(ctx context.Context, cl *client.Client) (*client.AccessKey, error) {
				return cl.UpdateAccessKey(ctx, *user, args[0], in)
			})
			if err != nil {
				return err
			}
			return a.emit(c, k, func(w io.Writer) { keyFields(w, k) })
		},
	}
	c.Flags().StringVar(&state, "state", "", "ACTIVE or INACTIVE")
	c.Flags().StringVar(&expires, "expires", "", "new expiry: 2030-01-31 or an RFC 3339 time")
	c.Flags().BoolVar(&noExpiry, "no-expiry", false, "the key no longer expires")
	c.Flags().StringVar(&tag, "tag", "", "new label")
	return c
}

func (a *app) keysDeleteCmd(user *string) *cobra.Command {
	return &cobra.Command{
		Use: "delete ACCESS_KEY_ID", Short: "delete an access key", Example: "  watchword keys delete AK0123",
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			_, _, err := call(a, func(ctx context.Context, cl *client.Client) (struct{}, error) {
				return struct{}{}, cl.DeleteAccessKey(ctx, *user, args[0])
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(a.io.Stdout, "Access key %s deleted.\n", args[0])
			return nil
		},
	}
}
