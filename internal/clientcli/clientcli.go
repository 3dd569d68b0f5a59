// Package clientcli holds Watchword's client commands: the terminal's way to
// every self-service action of the /v1 API (login, me, password, keys, …),
// the administrators' commands, profiles, and osc-cli's `icu` and `api`
// syntax for the Outscale face. They only call the server, through the
// public Go client; nothing here opens the store.
//
// Settings come from, first to last: flags, WATCHWORD_* environment
// variables (WATCHWORD_PROFILE, WATCHWORD_ENDPOINT, WATCHWORD_ACCOUNT,
// WATCHWORD_USER, WATCHWORD_EMAIL, WATCHWORD_TOKEN, WATCHWORD_ACCESS_KEY,
// WATCHWORD_SECRET_KEY; WATCHWORD_CLIENT_CONFIG names another profiles file),
// then the profile in the profiles file.
package clientcli

import (
	"bufio"
	"io"
	"os"
	"slices"

	"github.com/spf13/cobra"
)

// IO is what the commands read from and write to; tests substitute it.
type IO struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

// app is the state one invocation shares between its commands: the global
// flags and the one buffered reader over stdin, so that a password and the
// code that follows it are read from the same stream.
type app struct {
	io       IO
	in       *bufio.Reader
	profile  string // --profile
	endpoint string // --endpoint
	output   string // -o: text or json
}

// Commands returns the client commands, ready to add to the root command.
func Commands(io IO) []*cobra.Command {
	if io.Getenv == nil {
		io.Getenv = os.Getenv
	}
	if io.Stdin == nil {
		io.Stdin = os.Stdin
	}
	a := &app{io: io, in: bufio.NewReader(io.Stdin)}
	cmds := []*cobra.Command{
		a.loginCmd(), a.logoutCmd(), a.profileCmd(),
		a.meCmd(), a.accountCmd(), a.passwordCmd(), a.contactCmd("email"), a.contactCmd("mobile"),
		a.mfaCmd(), a.loginVerificationCmd(), a.keysCmd(), a.sessionsCmd(),
		a.usersCmd(), a.userCmd(), a.groupsCmd(), a.policyCmd(), a.dictionaryCmd(), a.notificationsCmd(), a.auditCmd(),
	}
	for _, c := range cmds {
		a.globalFlags(c)
		c.GroupID = groupOf(c.Name())
		a.jsonErrors(c)
	}
	// icu and api parse their own arguments, osc-cli's way.
	return append(cmds, a.icuCmd(), a.apiCmd())
}

// Groups are the headings of the root's help.
var Groups = []*cobra.Group{
	{ID: "client", Title: "Client commands (talk to a Watchword server):"},
	{ID: "admin", Title: "Account administration (administrators):"},
	{ID: "osc", Title: "osc-cli compatible (Outscale face):"},
}

func groupOf(name string) string {
	switch name {
	case "users", "user", "groups", "policy", "dictionary", "notifications":
		return "admin"
	case "icu", "api":
		return "osc"
	}
	return "client"
}

// globalFlags adds the flags every client command takes.
func (a *app) globalFlags(c *cobra.Command) {
	f := c.PersistentFlags()
	f.StringVar(&a.profile, "profile", "", "profile to use (default: $WATCHWORD_PROFILE, else the current profile, else \"default\")")
	f.StringVar(&a.endpoint, "endpoint", "", "server URL, e.g. https://id.example.com (default: $WATCHWORD_ENDPOINT, else the profile's)")
	f.StringVarP(&a.output, "output", "o", "text", "output format: text or json")
	_ = c.RegisterFlagCompletionFunc("profile", a.completeProfiles)
	_ = c.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
}

// completeProfiles offers the names in the profiles file.
func (a *app) completeProfiles(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	f, err := a.loadProfiles()
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	names := make([]string, 0, len(f.Profiles))
	for n := range f.Profiles {
		names = append(names, n)
	}
	slices.Sort(names)
	return names, cobra.ShellCompDirectiveNoFileComp
}
