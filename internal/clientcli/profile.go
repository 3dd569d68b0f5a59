package clientcli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

// profileCmd manages the profiles file.
func (a *app) profileCmd() *cobra.Command {
	return group("profile", "list, show, set, use and delete named profiles",
		"  watchword profile list\n  watchword profile set work --endpoint https://id.example.com --account acme\n  watchword profile use work",
		a.profileListCmd(), a.profileShowCmd(), a.profileSetCmd(), a.profileUseCmd(), a.profileDeleteCmd())
}

// profileView is a profile as shown: secrets masked.
type profileView struct {
	Name           string `json:"name"`
	Current        bool   `json:"current"`
	Endpoint       string `json:"endpoint"`
	Account        string `json:"account"`
	User           string `json:"user"`
	Email          string `json:"email"`
	LoggedIn       bool   `json:"logged_in"`
	TokenExpiresAt string `json:"token_expires_at,omitempty"`
	AccessKey      string `json:"access_key"`
	SecretKey      string `json:"secret_key"`
}

func viewOf(name string, current bool, p *Profile) profileView {
	v := profileView{Name: name, Current: current, Endpoint: p.Endpoint, Account: p.Account, User: p.User, Email: p.Email,
		LoggedIn: p.Token != "", AccessKey: p.AccessKey}
	if p.TokenExpiresAt != nil {
		v.TokenExpiresAt = fmt.Sprint(show(p.TokenExpiresAt))
	}
	if p.SecretKey != "" {
		v.SecretKey = "(set)"
	}
	return v
}

func (a *app) profileListCmd() *cobra.Command {
	return &cobra.Command{
		Use: "list", Short: "list the profiles; * marks the current one", Example: "  watchword profile list -o json",
		Args: noArgs, PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, _ []string) error {
			f, err := a.loadProfiles()
			if err != nil {
				return err
			}
			names := make([]string, 0, len(f.Profiles))
			for n := range f.Profiles {
				names = append(names, n)
			}
			slices.Sort(names)
			views := []profileView{}
			for _, n := range names {
				views = append(views, viewOf(n, n == f.Current, f.Profiles[n]))
			}
			return a.emit(c, views, func(w io.Writer) {
				var rows [][]any
				for _, v := range views {
					mark := " "
					if v.Current {
						mark = "*"
					}
					rows = append(rows, []any{mark + v.Name, v.Endpoint, first(v.Email, strings.Trim(v.Account+"/"+v.User, "/")), v.LoggedIn})
				}
				table(w, "PROFILE ENDPOINT WHO LOGGED-IN", rows)
			})
		},
	}
}

func (a *app) profileShowCmd() *cobra.Command {
	return &cobra.Command{
		Use: "show [NAME]", Short: "show a profile (default: the one in effect); secrets are masked",
		Example: "  watchword profile show\n  watchword profile show work -o json",
		Args:    maxArgs(1), PreRunE: a.checkOutput,
		RunE: func(c *cobra.Command, args []string) error {
			f, err := a.loadProfiles()
			if err != nil {
				return err
			}
			name := a.profileName(f)
			if len(args) == 1 {
				name = args[0]
			}
			p := f.Profiles[name]
			if p == nil {
				return fmt.Errorf("no profile %q", name)
			}
			v := viewOf(name, name == f.Current, p)
			return a.emit(c, v, func(w io.Writer) {
				fields(w, "profile", v.Name, "current", v.Current, "endpoint", v.Endpoint, "account", v.Account, "user", v.User,
					"email", v.Email, "logged in", v.LoggedIn, "token expires", v.TokenExpiresAt, "access key", v.AccessKey, "secret key", v.SecretKey)
			})
		},
	}
}

func (a *app) profileSetCmd() *cobra.Command {
	var endpoint, account, user, email, ak string
	var skStdin bool
	c := &cobra.Command{
		Use:   "set NAME",
		Short: "create or change a profile",
		Long: `Create or change a profile's settings; flags not given keep their values.
The secret key of an access key is read from stdin (--secret-key-stdin).`,
		Example: `  watchword profile set work --endpoint https://id.example.com --account acme --user alice
  printf '%s\n' "$SK" | watchword profile set ci --access-key AK0123 --secret-key-stdin`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			var sk string
			if skStdin {
				var err error
				if sk, err = a.readLine(); err != nil {
					return err
				}
			}
			set := func(dst *string, flag, v string) {
				if c.Flags().Changed(flag) {
					*dst = v
				}
			}
			err := a.updateProfile(args[0], func(p *Profile) {
				if c.Flags().Changed("endpoint") && p.Endpoint != endpoint {
					p.Token, p.TokenExpiresAt = "", nil // a token is good for its own server only
				}
				set(&p.Endpoint, "endpoint", endpoint)
				set(&p.Account, "account", account)
				set(&p.User, "user", user)
				set(&p.Email, "email", email)
				set(&p.AccessKey, "access-key", ak)
				if skStdin {
					p.SecretKey = sk
				}
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(a.io.Stdout, "Profile %q saved.\n", args[0])
			return nil
		},
	}
	// --endpoint is the global flag; here it is stored.
	c.Flags().StringVar(&endpoint, "endpoint", "", "server URL")
	c.Flags().StringVar(&account, "account", "", "account name")
	c.Flags().StringVar(&user, "user", "", "user name within the account")
	c.Flags().StringVar(&email, "email", "", "email to log in with")
	c.Flags().StringVar(&ak, "access-key", "", "access key ID for `watchword api` and `watchword icu`")
	c.Flags().BoolVar(&skStdin, "secret-key-stdin", false, "read the access key's secret key from stdin")
	return c
}

func (a *app) profileUseCmd() *cobra.Command {
	return &cobra.Command{
		Use: "use NAME", Short: "make a profile the current one", Example: "  watchword profile use work", Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			f, err := a.loadProfiles()
			if err != nil {
				return err
			}
			if f.Profiles[args[0]] == nil {
				return fmt.Errorf("no profile %q", args[0])
			}
			f.Current = args[0]
			if err := a.saveProfiles(f); err != nil {
				return err
			}
			fmt.Fprintf(a.io.Stdout, "Profile %q is now current.\n", args[0])
			return nil
		},
	}
}

func (a *app) profileDeleteCmd() *cobra.Command {
	return &cobra.Command{
		Use: "delete NAME", Short: "delete a profile (its token is not revoked: run logout first)",
		Example: "  watchword profile delete old", Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			f, err := a.loadProfiles()
			if err != nil {
				return err
			}
			if f.Profiles[args[0]] == nil {
				return fmt.Errorf("no profile %q", args[0])
			}
			delete(f.Profiles, args[0])
			if f.Current == args[0] {
				f.Current = ""
			}
			if err := a.saveProfiles(f); err != nil {
				return err
			}
			fmt.Fprintf(a.io.Stdout, "Profile %q deleted.\n", args[0])
			return nil
		},
	}
}
