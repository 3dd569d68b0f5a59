package clientcli

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/watchword/watchword/internal/api/client"
)

// Exit codes: 0 success, 1 any failure (the server refused, or could not be
// reached), 2 a command line that could not be understood.
const (
	ExitFailure = 1
	ExitUsage   = 2
)

// UsageError is a command line that could not be understood; it exits 2 and
// shows the command's usage.
type UsageError struct {
	Cmd *cobra.Command
	Err error
}

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// usagef returns a UsageError for c.
func usagef(c *cobra.Command, format string, args ...any) error {
	return &UsageError{Cmd: c, Err: fmt.Errorf(format, args...)}
}

// loginNeeded says the stored token cannot be used any more.
type loginNeeded struct {
	profile string
	why     string
}

func (e *loginNeeded) Error() string {
	return fmt.Sprintf("%s: run `watchword login --profile %s` to sign in again", e.why, e.profile)
}

// Describe renders err for a person: a server problem gives its detail, its
// stable code and status, the field at fault, every failed policy rule on a
// line of its own, and Retry-After.
func Describe(err error) string {
	var p *client.Error
	if !errors.As(err, &p) {
		return err.Error()
	}
	var b strings.Builder
	detail := p.Detail
	if detail == "" {
		detail = p.Title
	}
	fmt.Fprintf(&b, "%s (%s, HTTP %d)", detail, p.Code, p.Status)
	if p.Field != "" {
		fmt.Fprintf(&b, "\n  field: %s", p.Field)
	}
	for _, r := range p.Rules {
		if !r.Passed && !r.Warn {
			fmt.Fprintf(&b, "\n  failed rule %s: %s", r.ID, r.Message)
		}
	}
	if p.RetryAfter != "" {
		fmt.Fprintf(&b, "\n  retry after %s seconds", p.RetryAfter)
	}
	return b.String()
}

// jsonProblem is a server problem met under -o json: it is printed on
// stderr as the problem+json the server sent, for scripts.
type jsonProblem struct{ p *client.Error }

func (e *jsonProblem) Error() string { return e.p.Error() }
func (e *jsonProblem) Unwrap() error { return e.p }

// jsonErrors makes c and its subcommands return server problems as
// jsonProblem when -o json is in effect.
func (a *app) jsonErrors(c *cobra.Command) {
	if run := c.RunE; run != nil {
		c.RunE = func(c *cobra.Command, args []string) error {
			err := run(c, args)
			var p *client.Error
			if a.output == "json" && errors.As(err, &p) {
				return &jsonProblem{p}
			}
			return err
		}
	}
	for _, sub := range c.Commands() {
		a.jsonErrors(sub)
	}
}

// Report is the line (or lines) printed on stderr for err: "watchword: "
// and Describe's text, or under -o json the server's problem as JSON.
func Report(err error) string {
	var j *jsonProblem
	if errors.As(err, &j) {
		b, _ := json.Marshal(j.p)
		return string(b)
	}
	return "watchword: " + Describe(err)
}

// ExitCode is the process exit code for err.
func ExitCode(err error) int {
	var u *UsageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &u):
		return ExitUsage
	}
	return ExitFailure
}

// exactArgs is cobra.ExactArgs with a usage error.
func exactArgs(n int) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef(c, "%s takes %d argument(s), got %d", c.CommandPath(), n, len(args))
		}
		return nil
	}
}

// maxArgs is cobra.MaximumNArgs with a usage error.
func maxArgs(n int) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) > n {
			return usagef(c, "%s takes at most %d argument(s), got %d", c.CommandPath(), n, len(args))
		}
		return nil
	}
}

// anyLocal reports whether a flag of c's own (not a global one such as
// --profile) was given.
func anyLocal(c *cobra.Command) bool {
	given := false
	c.LocalNonPersistentFlags().VisitAll(func(f *pflag.Flag) { given = given || f.Changed })
	return given
}

// noArgs refuses positional arguments with a usage error.
func noArgs(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef(c, "unexpected argument %q for %s", args[0], c.CommandPath())
	}
	return nil
}

// group is a command that only holds subcommands: alone it shows its usage
// and exits 2, and an unknown subcommand is a usage error.
func group(use, short, example string, children ...*cobra.Command) *cobra.Command {
	c := &cobra.Command{Use: use, Short: short, Example: example, Args: cobra.ArbitraryArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef(c, "unknown command %q for %q", args[0], c.CommandPath())
			}
			return usagef(c, "%s needs a subcommand", c.CommandPath())
		}}
	c.AddCommand(children...)
	return c
}
