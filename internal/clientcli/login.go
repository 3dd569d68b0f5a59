package clientcli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"
	"github.com/watchword/watchword/internal/api/client"
)

// loginCmd signs in and stores the token in the profile.
func (a *app) loginCmd() *cobra.Command {
	var account, user, email string
	var src secretSource
	c := &cobra.Command{
		Use:   "login",
		Short: "sign in and store the token in the profile",
		Long: `Sign in with a password and store the token in the profile, with the endpoint,
account and user, so that the other commands can use them. The password is
asked without echo, or read from stdin with --password-stdin. When login
verification is on, the code is asked next (a line of stdin).`,
		Example: `  watchword login --endpoint https://id.example.com --account acme
  watchword login --account acme --user alice
  watchword login --email alice@acme.test --profile work
  printf '%s\n' "$PASSWORD" | watchword login --account acme --password-stdin`,
		Args:    noArgs,
		PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, _ []string) error {
			cl, s, err := a.anonymous()
			if err != nil {
				return err
			}
			in := client.Credentials{Account: first(account, s.Account), Username: first(user, s.User), Email: first(email, s.Email)}
			if in.Email != "" && account == "" && user == "" {
				in.Account, in.Username = "", ""
			} else if account != "" || user != "" {
				in.Email = ""
			}
			if in.Account == "" && in.Email == "" {
				return usagef(c, "say who logs in: --account NAME [--user NAME], or --email ADDRESS")
			}
			if in.Password, err = a.password(src, "Password: "); err != nil {
				return err
			}
			ctx := context.Background()
			step, err := cl.StartLogin(ctx, in)
			if err != nil {
				return err
			}
			if step.VerificationRequired {
				where := step.Method
				if step.Destination != "" {
					where += " to " + step.Destination
				}
				code, err := a.code(fmt.Sprintf("Verification code (sent by %s): ", where))
				if err != nil {
					return err
				}
				if step, err = cl.VerifyLogin(ctx, step.Challenge, code); err != nil {
					return err
				}
			}
			exp := step.ExpiresAt
			err = a.updateProfile(s.name, func(p *Profile) {
				p.Endpoint = cl.BaseURL()
				p.Account, p.User, p.Email = in.Account, in.Username, in.Email
				p.Token, p.TokenExpiresAt = step.AccessToken, &exp
			})
			if err != nil {
				return err
			}
			out := loginJSON{Profile: s.name, Endpoint: cl.BaseURL(), AccountID: step.AccountID, UserID: step.UserID,
				ExpiresAt: exp, PasswordChangeRequired: step.PasswordChangeRequired}
			return a.emit(c, out, func(w io.Writer) {
				fmt.Fprintf(w, "Logged in to %s (profile %q); the token expires at %s.\n", out.Endpoint, out.Profile, show(exp))
				if out.PasswordChangeRequired {
					fmt.Fprintln(w, "Your password must be changed: run `watchword password change`.")
				}
			})
		},
	}
	c.Flags().StringVar(&account, "account", "", "account name (alone: its root user)")
	c.Flags().StringVar(&user, "user", "", "user name within --account")
	c.Flags().StringVar(&email, "email", "", "log in by email instead of account and user")
	secretFlags(c, &src)
	return c
}

// loginJSON is login's -o json answer; the token stays in the profile.
type loginJSON struct {
	Profile                string    `json:"profile"`
	Endpoint               string    `json:"endpoint"`
	AccountID              string    `json:"account_id"`
	UserID                 string    `json:"user_id"`
	ExpiresAt              time.Time `json:"expires_at"`
	PasswordChangeRequired bool      `json:"password_change_required"`
}

// logoutCmd revokes the token and forgets it.
func (a *app) logoutCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "logout",
		Short:   "revoke the profile's token and remove it from the profile",
		Example: "  watchword logout\n  watchword logout --profile work",
		Args:    noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			s, _, err := a.resolve()
			if err != nil {
				return err
			}
			if s.Token != "" && s.Endpoint != "" {
				err := client.New(s.Endpoint, nil).WithToken(s.Token).Logout(context.Background())
				if err != nil && client.StatusOf(err) != 401 {
					return err
				}
			}
			if err := a.updateProfile(s.name, func(p *Profile) { p.Token, p.TokenExpiresAt = "", nil }); err != nil {
				return err
			}
			fmt.Fprintf(a.io.Stdout, "Logged out (profile %q).\n", s.name)
			return nil
		},
	}
}

// secretFlags adds --password-stdin and --password.
func secretFlags(c *cobra.Command, src *secretSource) {
	c.Flags().BoolVar(&src.stdin, "password-stdin", false, "read passwords from stdin, one per line, instead of prompting")
	c.Flags().StringVar(&src.flag, "password", "", "the password itself (discouraged: visible to other users; warns)")
}

// first returns the first non-empty string.
func first(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
