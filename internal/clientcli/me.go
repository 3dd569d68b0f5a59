package clientcli

import (
	"context"
	"io"

	"github.com/spf13/cobra"
	"github.com/watchword/watchword/internal/api/client"
)

// meCmd shows and changes the signed-in user.
func (a *app) meCmd() *cobra.Command {
	return group("me", "show or update the signed-in user", "  watchword me show\n  watchword me update --display-name 'Alice B.'",
		a.meShowCmd(), a.meUpdateCmd())
}

func (a *app) meShowCmd() *cobra.Command {
	return &cobra.Command{
		Use: "show", Short: "show the signed-in user", Example: "  watchword me show\n  watchword me show -o json",
		Args: noArgs, PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, _ []string) error {
			u, _, err := call(a, func(ctx context.Context, cl *client.Client) (*client.User, error) { return cl.Me(ctx) })
			if err != nil {
				return err
			}
			return a.emit(c, u, func(w io.Writer) { userFields(w, u) })
		},
	}
}

func (a *app) meUpdateCmd() *cobra.Command {
	var name, locale, theme string
	c := &cobra.Command{
		Use: "update", Short: "change your display name, locale or theme",
		Example: "  watchword me update --display-name 'Alice B.' --locale fr\n  watchword me update --theme dark",
		Args:    noArgs, PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, _ []string) error {
			var in client.ProfileUpdate
			in.DisplayName = changed(c, "display-name", name)
			in.Locale = changed(c, "locale", locale)
			in.Theme = changed(c, "theme", theme)
			if in.DisplayName == nil && in.Locale == nil && in.Theme == nil {
				return usagef(c, "nothing to change: give --display-name, --locale or --theme")
			}
			u, _, err := call(a, func(ctx context.Context, cl *client.Client) (*client.User, error) { return cl.UpdateMe(ctx, in) })
			if err != nil {
				return err
			}
			return a.emit(c, u, func(w io.Writer) { userFields(w, u) })
		},
	}
	c.Flags().StringVar(&name, "display-name", "", "display name")
	c.Flags().StringVar(&locale, "locale", "", "locale: en or fr")
	c.Flags().StringVar(&theme, "theme", "", "console theme")
	return c
}

// changed returns &v when flag was given, else nil.
func changed[T any](c *cobra.Command, flag string, v T) *T {
	if !c.Flags().Changed(flag) {
		return nil
	}
	return &v
}

// userFields prints a user for people.
func userFields(w io.Writer, u *client.User) {
	fields(w, "id", u.ID, "name", u.Name, "account", u.AccountName+" ("+u.AccountID+")", "root", u.Root, "admin", u.Admin,
		"display name", u.DisplayName, "email", verified(u.Email, u.EmailVerified), "mobile", verified(u.Mobile, u.MobileVerified),
		"locale", u.Locale, "login verification", u.LoginVerification, "password changed", u.PasswordChangedAt,
		"must change password", u.ForcePasswordChange, "enabled", u.Enabled, "created", u.CreatedAt)
}

func verified(addr string, ok bool) string {
	if addr == "" {
		return ""
	}
	if ok {
		return addr + " (verified)"
	}
	return addr + " (not verified)"
}
