package clientcli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/watchword/watchword/internal/api/client"
)

// passwordCmd changes, forgets and resets passwords.
func (a *app) passwordCmd() *cobra.Command {
	return group("password", "change your password, or reset a forgotten one",
		"  watchword password change\n  watchword password forgot --email alice@acme.test\n  watchword password reset --token TOKEN",
		a.passwordChangeCmd(), a.passwordForgotCmd(), a.passwordResetCmd())
}

func (a *app) passwordChangeCmd() *cobra.Command {
	var src secretSource
	var notify string
	c := &cobra.Command{
		Use:   "change",
		Short: "change your password (asks the current one, the new one, and the new one again)",
		Long: `Change the signed-in user's password. On a terminal it asks the current
password, the new one, and the new one again, without echo. With
--password-stdin it reads the current then the new password, one per line.
A refused password lists every rule of the account's policy it fails.`,
		Example: `  watchword password change
  printf '%s\n%s\n' "$OLD" "$NEW" | watchword password change --password-stdin`,
		Args: noArgs, PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, _ []string) error {
			cl, s, err := a.signedIn()
			if err != nil {
				return err
			}
			cur, err := a.secret(src, "Current password: ")
			if err != nil {
				return err
			}
			nw, err := a.newPassword(secretSource{stdin: src.stdin}, "New password: ")
			if err != nil {
				return err
			}
			res, err := cl.ChangePassword(context.Background(), client.PasswordChange{CurrentPassword: cur, NewPassword: nw, NotifyType: notify})
			if err != nil {
				return s.check(err)
			}
			return a.emit(c, res, func(w io.Writer) {
				fmt.Fprintln(w, "Password changed.")
				warnings(w, res.Warnings)
			})
		},
	}
	c.Flags().BoolVar(&src.stdin, "password-stdin", false, "read the current then the new password from stdin, one per line")
	c.Flags().StringVar(&notify, "notify", "", "NONE: send no notification of the change")
	return c
}

// warnings lists the rules that only warned.
func warnings(w io.Writer, rules []client.Rule) {
	for _, r := range rules {
		fmt.Fprintf(w, "warning: %s: %s\n", r.ID, r.Message)
	}
}

// recoveryFlags are the ways to name the user whose password is forgotten.
type recoveryFlags struct{ client.RecoveryIdentifier }

func (r *recoveryFlags) add(c *cobra.Command) {
	c.Flags().StringVar(&r.Email, "email", "", "the user's email")
	c.Flags().StringVar(&r.Mobile, "mobile", "", "the user's mobile, E.164 (+33612345678)")
	c.Flags().StringVar(&r.AccountName, "account", "", "account name (alone: its root user)")
	c.Flags().StringVar(&r.UserName, "user", "", "user name within --account")
}

func (r *recoveryFlags) check(c *cobra.Command) error {
	if r.Email == "" && r.Mobile == "" && r.AccountName == "" {
		return usagef(c, "say whose password: --email, --mobile, or --account [--user]")
	}
	return nil
}

func (a *app) passwordForgotCmd() *cobra.Command {
	var id recoveryFlags
	var method string
	c := &cobra.Command{
		Use:   "forgot",
		Short: "ask for a password reset: a mailed link, or a code by email or SMS",
		Long: `Ask for a password reset. With --method link (the default) a link is mailed;
its last path segment is the token for 'watchword password reset --token'. With
--method email or sms a code is sent, for 'watchword password reset --code'.
The answer is the same whether or not anyone matched.`,
		Example: `  watchword password forgot --email alice@acme.test
  watchword password forgot --account acme --user alice --method sms`,
		Args: noArgs, PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := id.check(c); err != nil {
				return err
			}
			cl, _, err := a.anonymous()
			if err != nil {
				return err
			}
			res, err := cl.RequestRecovery(context.Background(), client.RecoveryRequest{RecoveryIdentifier: id.RecoveryIdentifier, Method: method})
			if err != nil {
				return err
			}
			return a.emit(c, res, func(w io.Writer) {
				fmt.Fprintf(w, "%s It works for %d minutes.\n", res.Message, res.ExpiresIn/60)
			})
		},
	}
	id.add(c)
	c.Flags().StringVar(&method, "method", "link", "link (mailed link), email or sms (a code)")
	return c
}

func (a *app) passwordResetCmd() *cobra.Command {
	var id recoveryFlags
	var token, code string
	var src secretSource
	c := &cobra.Command{
		Use:   "reset",
		Short: "set a new password with a reset link's token or a reset code",
		Long: `Set a new password after 'watchword password forgot': with --token, the last
path segment of the mailed link; or with --code, the code received, and the
same --email, --mobile or --account/--user given to forgot. The new password
is asked twice without echo, or read once from stdin with --password-stdin.`,
		Example: `  watchword password reset --token 5Jx…
  watchword password reset --email alice@acme.test --code 123456
  printf '%s\n' "$NEW" | watchword password reset --token "$TOKEN" --password-stdin`,
		Args: noArgs, PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, _ []string) error {
			if (token == "") == (code == "") {
				return usagef(c, "give --token (from the link) or --code (with the identifier used for forgot)")
			}
			if code != "" {
				if err := id.check(c); err != nil {
					return err
				}
			}
			cl, _, err := a.anonymous()
			if err != nil {
				return err
			}
			pw, err := a.newPassword(src, "New password: ")
			if err != nil {
				return err
			}
			ctx := context.Background()
			if code != "" {
				t, err := cl.VerifyRecoveryCode(ctx, id.RecoveryIdentifier, code)
				if err != nil {
					return err
				}
				token = t.Ticket
			}
			res, err := cl.ResetPassword(ctx, token, pw, pw)
			if err != nil {
				return err
			}
			return a.emit(c, res, func(w io.Writer) {
				fmt.Fprintln(w, "Password reset. Log in with the new password: watchword login")
				warnings(w, res.Warnings)
			})
		},
	}
	id.add(c)
	c.Flags().StringVar(&token, "token", "", "the token at the end of the mailed link")
	c.Flags().StringVar(&code, "code", "", "the code received by email or SMS")
	secretFlags(c, &src)
	return c
}
