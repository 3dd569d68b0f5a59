package clientcli

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	"github.com/watchword/watchword/internal/api/client"
)

// usersCmd manages the account's users (administrators).
func (a *app) usersCmd() *cobra.Command {
	return group("users", "list, show, create, update and delete the account's users",
		"  watchword users list\n  watchword users create bob --email bob@acme.test\n  watchword users update bob --admin=true\n  watchword users delete bob",
		a.usersListCmd(), a.usersShowCmd(), a.usersCreateCmd(), a.usersUpdateCmd(), a.usersDeleteCmd(), a.usersSetPasswordCmd())
}

// userID matches a user ID; anything else names a user.
var userID = regexp.MustCompile(`^[0-9a-f]{32}$`)

// resolveUser turns a user ID or name into an ID.
func resolveUser(ctx context.Context, cl *client.Client, ref string) (string, error) {
	if userID.MatchString(ref) {
		return ref, nil
	}
	l, err := cl.Users(ctx, client.UserFilter{Name: ref})
	if err != nil {
		return "", err
	}
	for _, u := range l.Items {
		if u.Name == ref {
			return u.ID, nil
		}
	}
	return "", fmt.Errorf("no user named %q in the account", ref)
}

// onUser runs fn on the user ref names.
func onUser[T any](a *app, ref string, fn func(ctx context.Context, cl *client.Client, id string) (T, error)) (T, error) {
	v, _, err := call(a, func(ctx context.Context, cl *client.Client) (T, error) {
		id, err := resolveUser(ctx, cl, ref)
		if err != nil {
			var zero T
			return zero, err
		}
		return fn(ctx, cl, id)
	})
	return v, err
}

func (a *app) usersListCmd() *cobra.Command {
	var f client.UserFilter
	c := &cobra.Command{
		Use: "list", Short: "list users", Example: "  watchword users list --name bo -o json",
		Args: noArgs, PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, _ []string) error {
			l, _, err := call(a, func(ctx context.Context, cl *client.Client) (*client.UserList, error) { return cl.Users(ctx, f) })
			if err != nil {
				return err
			}
			return a.emit(c, l, func(w io.Writer) {
				var rows [][]any
				for _, u := range l.Items {
					rows = append(rows, []any{u.ID, u.Name, u.Email, u.Admin, u.Enabled, u.LoginVerification})
				}
				table(w, "ID NAME EMAIL ADMIN ENABLED LOGIN-VERIFICATION", rows)
				if l.NextCursor != "" {
					fmt.Fprintf(c.ErrOrStderr(), "more: watchword users list --cursor %s\n", l.NextCursor)
				}
			})
		},
	}
	c.Flags().StringVar(&f.Name, "name", "", "only names containing this")
	c.Flags().IntVar(&f.Limit, "limit", 0, "page size (at most 200; default 50)")
	c.Flags().StringVar(&f.Cursor, "cursor", "", "continue after the page that printed this next cursor")
	return c
}

func (a *app) usersShowCmd() *cobra.Command {
	return &cobra.Command{
		Use: "show USER", Short: "show a user (by ID or name)", Example: "  watchword users show bob",
		Args: exactArgs(1), PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, args []string) error {
			u, err := onUser(a, args[0], func(ctx context.Context, cl *client.Client, id string) (*client.User, error) { return cl.User(ctx, id) })
			if err != nil {
				return err
			}
			return a.emit(c, u, func(w io.Writer) {
				userFields(w, u)
				if u.Groups != nil {
					var names []string
					for _, g := range *u.Groups {
						names = append(names, g.DisplayName)
					}
					fields(w, "groups", strings.Join(names, ", "))
				}
			})
		},
	}
}

func (a *app) usersCreateCmd() *cobra.Command {
	var in client.NewUser
	var withPassword bool
	var src secretSource
	c := &cobra.Command{
		Use:   "create NAME",
		Short: "create a user",
		Long: `Create an IAM user. Without --with-password the user has no password yet and
sets one through 'watchword password forgot'. With it, the password is asked
without echo (or read with --password-stdin).`,
		Example: "  watchword users create bob --email bob@acme.test\n  watchword users create carol --with-password --force-change --admin",
		Args:    exactArgs(1), PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, args []string) error {
			in.Name = args[0]
			if withPassword || src.stdin || src.flag != "" {
				pw, err := a.newPassword(src, "Password for "+in.Name+": ")
				if err != nil {
					return err
				}
				in.Password = pw
			}
			u, _, err := call(a, func(ctx context.Context, cl *client.Client) (*client.User, error) { return cl.CreateUser(ctx, in) })
			if err != nil {
				return err
			}
			return a.emit(c, u, func(w io.Writer) { userFields(w, u) })
		},
	}
	c.Flags().StringVar(&in.DisplayName, "display-name", "", "display name")
	c.Flags().StringVar(&in.Email, "email", "", "email")
	c.Flags().StringVar(&in.Mobile, "mobile", "", "mobile, E.164")
	c.Flags().StringVar(&in.Locale, "locale", "", "locale: en or fr")
	c.Flags().BoolVar(&in.Admin, "admin", false, "make the user an administrator")
	c.Flags().BoolVar(&in.ForceChange, "force-change", false, "the user must change the password at first login")
	c.Flags().BoolVar(&in.Federated, "federated", false, "an outside identity provider manages the password")
	c.Flags().BoolVar(&withPassword, "with-password", false, "set a password now (asked without echo)")
	secretFlags(c, &src)
	return c
}

func (a *app) usersUpdateCmd() *cobra.Command {
	var name, display, email, mobile, locale, theme string
	var admin, enabled, emailOK, mobileOK bool
	c := &cobra.Command{
		Use: "update USER", Short: "change a user (by ID or name); flags not given stay as they are",
		Example: "  watchword users update bob --admin=true\n  watchword users update bob --enabled=false\n  watchword users update bob --email bob@new.test",
		Args:    exactArgs(1), PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, args []string) error {
			in := client.UserUpdate{Name: changed(c, "name", name), DisplayName: changed(c, "display-name", display),
				Email: changed(c, "email", email), EmailVerified: changed(c, "email-verified", emailOK),
				Mobile: changed(c, "mobile", mobile), MobileVerified: changed(c, "mobile-verified", mobileOK),
				Locale: changed(c, "locale", locale), Theme: changed(c, "theme", theme),
				Admin: changed(c, "admin", admin), Enabled: changed(c, "enabled", enabled)}
			if !anyLocal(c) {
				return usagef(c, "nothing to change")
			}
			u, err := onUser(a, args[0], func(ctx context.Context, cl *client.Client, id string) (*client.User, error) {
				return cl.UpdateUser(ctx, id, in)
			})
			if err != nil {
				return err
			}
			return a.emit(c, u, func(w io.Writer) { userFields(w, u) })
		},
	}
	f := c.Flags()
	f.StringVar(&name, "name", "", "new user name")
	f.StringVar(&display, "display-name", "", "display name")
	f.StringVar(&email, "email", "", "email")
	f.BoolVar(&emailOK, "email-verified", false, "mark the email verified")
	f.StringVar(&mobile, "mobile", "", "mobile, E.164")
	f.BoolVar(&mobileOK, "mobile-verified", false, "mark the mobile verified")
	f.StringVar(&locale, "locale", "", "locale")
	f.StringVar(&theme, "theme", "", "console theme")
	f.BoolVar(&admin, "admin", false, "administrator (--admin=false removes it)")
	f.BoolVar(&enabled, "enabled", false, "may sign in (--enabled=false disables)")
	return c
}

func (a *app) usersDeleteCmd() *cobra.Command {
	return &cobra.Command{
		Use: "delete USER", Short: "delete a user (by ID or name)", Example: "  watchword users delete bob",
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			_, err := onUser(a, args[0], func(ctx context.Context, cl *client.Client, id string) (struct{}, error) {
				return struct{}{}, cl.DeleteUser(ctx, id)
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(a.io.Stdout, "User %s deleted.\n", args[0])
			return nil
		},
	}
}

func (a *app) usersSetPasswordCmd() *cobra.Command {
	var src secretSource
	var force bool
	c := &cobra.Command{
		Use: "set-password USER", Short: "set a user's password (asked without echo)",
		Example: "  watchword users set-password bob --force-change\n  printf '%s\\n' \"$PW\" | watchword users set-password bob --password-stdin",
		Args:    exactArgs(1), PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, args []string) error {
			pw, err := a.newPassword(src, "New password for "+args[0]+": ")
			if err != nil {
				return err
			}
			res, err := onUser(a, args[0], func(ctx context.Context, cl *client.Client, id string) (*client.PasswordResult, error) {
				return cl.SetUserPassword(ctx, id, pw, force)
			})
			if err != nil {
				return err
			}
			return a.emit(c, res, func(w io.Writer) {
				fmt.Fprintf(w, "Password of %s set.\n", args[0])
				warnings(w, res.Warnings)
			})
		},
	}
	c.Flags().BoolVar(&force, "force-change", false, "the user must change it at next login")
	secretFlags(c, &src)
	return c
}

// userCmd holds the administrators' actions on one user.
func (a *app) userCmd() *cobra.Command {
	unlock := &cobra.Command{
		Use: "unlock USER", Short: "let a locked-out user sign in again", Example: "  watchword user unlock bob",
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			_, err := onUser(a, args[0], func(ctx context.Context, cl *client.Client, id string) (struct{}, error) {
				return struct{}{}, cl.UnlockUser(ctx, id)
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(a.io.Stdout, "User %s unlocked.\n", args[0])
			return nil
		},
	}
	resetMFA := &cobra.Command{
		Use: "reset-mfa USER", Short: "remove a user's MFA device (lost phone)", Example: "  watchword user reset-mfa bob",
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			_, err := onUser(a, args[0], func(ctx context.Context, cl *client.Client, id string) (struct{}, error) {
				return struct{}{}, cl.UnbindUserTOTP(ctx, id)
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(a.io.Stdout, "MFA device of %s removed.\n", args[0])
			return nil
		},
	}
	return group("user", "unlock a user, or remove their MFA device", "  watchword user unlock bob\n  watchword user reset-mfa bob", unlock, resetMFA)
}
