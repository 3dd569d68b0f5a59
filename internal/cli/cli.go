// Package cli holds Watchword's command tree: the server commands, one file
// each, and the client commands of package clientcli. main only calls Run
// and Exit.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/watchword/watchword/internal/clientcli"
)

// command is one server subcommand. Its run function defines its flags on a
// standard flag.FlagSet and parses them with parse; the cobra tree learns
// those flags from the function itself (see flagSetOf), so a flag added in
// config.go or in the command's file shows in help and completion at once.
// A run function must therefore define its flags and call parse before it
// does anything else.
type command struct {
	name    string
	summary string
	example string
	run     func(ctx context.Context, args []string, env Env) error
}

// Env is the process environment a command sees; tests substitute it.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// Environ lists the environment, for serve's warning about unknown
	// WATCHWORD_* variables; nil skips that check.
	Environ func() []string
}

func commands() []command {
	return []command{
		{"serve", "run the service", "  watchword serve --addr :8080 --data /var/lib/watchword\n  watchword serve --database postgres://watchword@db/watchword --public-url https://id.example.com", runServe},
		{"migrate", "apply database migrations and exit", "  watchword migrate --data /var/lib/watchword\n  watchword migrate --database postgres://watchword@db/watchword", runMigrate},
		{"backup", "write a copy of the SQLite database, safe while the server runs (PostgreSQL: pg_dump)", "  watchword backup --data /var/lib/watchword --out /backup/watchword-$(date +%F).db\n  watchword backup --data /var/lib/watchword --out /backup/watchword.db --with-keyring", runBackup},
		{"restore", "put a backup into a data directory that holds no database, after checking it and the keyring", "  watchword restore --from /backup/watchword.db --data /var/lib/watchword\n  watchword restore --from /backup/watchword.db --data /var/lib/watchword --keyring \"$KEYRING\"", runRestore},
		{"admin create-account", "create an account and its root user; prints JSON", "  watchword admin create-account --name acme --email root@acme.test --password \"$PW\"", runCreateAccount},
		{"admin outbox", "list queued notifications (--status dead: undelivered); prints JSON lines", "  watchword admin outbox --status dead\n  watchword admin outbox --account 100000000001 --limit 20", runAdminOutbox},
		{"config show", "print the configuration serve would run with, each value's source, secrets masked", "  watchword config show\n  WATCHWORD_DATABASE=postgres://watchword@db/watchword watchword config show --config /etc/watchword.toml", runConfigShow},
		{"keyring generate", "print a new encryption key, ID:BASE64KEY, for --keyring", "  watchword keyring generate\n  watchword keyring generate --id k2", runKeyringGenerate},
		{"keyring rotate", "re-seal every stored secret with the keyring's current key, so the old keys can be dropped", "  watchword keyring rotate --data /var/lib/watchword\n  watchword keyring rotate --database postgres://watchword@db/watchword --keyring \"$NEW,$OLD\"", runKeyringRotate},
		{"version", "print the version and build information (also --version)", "  watchword version\n  watchword --version", runVersion},
		{"breach build", "build a breached-password filter file from a list", "  watchword breach build --in pwned-passwords-sha1.txt --out breach.filter --min-count 10", runBreachBuild},
	}
}

// Run builds the command tree and runs args (without the program name).
func Run(ctx context.Context, args []string, env Env) error {
	if env.Getenv == nil {
		env.Getenv, env.Environ = os.Getenv, os.Environ
	}
	if env.Stdin == nil {
		env.Stdin = os.Stdin
	}
	root := newRoot(ctx, args, env)
	root.SetArgs(args)
	return root.ExecuteContext(ctx)
}

// Exit prints err, if any, on stderr and returns the process's exit code:
// 0, 1 for a failure, 2 for a command line that could not be understood
// (with the command's usage).
func Exit(err error, stderr io.Writer) int {
	if err == nil || IsHelp(err) {
		return 0
	}
	var u *clientcli.UsageError
	if errors.As(err, &u) {
		fmt.Fprintf(stderr, "watchword: %v\n\n", u.Err)
		if u.Cmd != nil {
			fmt.Fprint(stderr, u.Cmd.UsageString())
		}
		return clientcli.ExitUsage
	}
	fmt.Fprintln(stderr, clientcli.Report(err))
	return clientcli.ExitCode(err)
}

// newRoot is the whole tree: the server commands, then the client ones.
func newRoot(ctx context.Context, args []string, env Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "watchword",
		Short: "Watchword: account self-service and credentials, server and client in one binary",
		Example: `  watchword serve --bootstrap-account acme --bootstrap-email root@acme.test --bootstrap-password "$PW"
  watchword login --endpoint http://127.0.0.1:8080 --account acme
  watchword me show
  watchword password change`,
		Version:       versionInfo(),
		Args:          cobra.ArbitraryArgs,
		SilenceErrors: true,
		SilenceUsage:  true,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return &clientcli.UsageError{Cmd: c, Err: fmt.Errorf("unknown command %q", strings.Join(args, " "))}
			}
			return &clientcli.UsageError{Cmd: c, Err: errors.New("no command given")}
		},
	}
	root.SetVersionTemplate("{{.Version}}")
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return &clientcli.UsageError{Cmd: c, Err: err} })
	root.AddGroup(&cobra.Group{ID: "server", Title: "Server commands (run where the data is):"})
	root.AddGroup(clientcli.Groups...)
	parents := map[string]*cobra.Command{}
	for _, sc := range commands() {
		words := strings.Fields(sc.name)
		parent := root
		for _, w := range words[:len(words)-1] {
			if parents[w] == nil {
				parents[w] = &cobra.Command{Use: w, Short: w + " commands", GroupID: "server", Args: cobra.ArbitraryArgs,
					RunE: func(c *cobra.Command, args []string) error {
						if len(args) > 0 {
							return &clientcli.UsageError{Cmd: c, Err: fmt.Errorf("unknown command %q for %q", args[0], c.CommandPath())}
						}
						return &clientcli.UsageError{Cmd: c, Err: fmt.Errorf("%s needs a subcommand", c.CommandPath())}
					}}
				root.AddCommand(parents[w])
			}
			parent = parents[w]
		}
		parent.AddCommand(serverCommand(ctx, sc, words[len(words)-1], args, env))
		if parent != root {
			parent.Example = strings.TrimPrefix(parent.Example+"\n"+sc.example, "\n")
		}
	}
	for _, c := range clientcli.Commands(clientcli.IO{Stdin: env.Stdin, Stdout: env.Stdout, Stderr: env.Stderr, Getenv: env.Getenv}) {
		root.AddCommand(c)
	}
	if p := parents["admin"]; p != nil {
		p.Short = "server-side administration: create accounts, read the outbox"
	}
	if p := parents["config"]; p != nil {
		p.Short = "the server's configuration"
	}
	if p := parents["keyring"]; p != nil {
		p.Short = "encryption keys"
	}
	if p := parents["breach"]; p != nil {
		p.Short = "breached-password filters"
	}
	return root
}

// serverCommand wraps a server command. Cobra parses the command line once,
// into a throwaway copy of the command's flag set, for help, completion and
// usage errors (exit 2); the command then parses its own arguments again
// with the standard flag package, as it always has, so its flags keep their
// single definition.
func serverCommand(ctx context.Context, sc command, use string, all []string, env Env) *cobra.Command {
	c := &cobra.Command{
		Use:     use,
		Short:   sc.summary,
		Example: sc.example,
		GroupID: "server",
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return &clientcli.UsageError{Cmd: c, Err: fmt.Errorf("unexpected argument %q", args[0])}
			}
			return nil
		},
		RunE: func(c *cobra.Command, _ []string) error {
			_, rest, err := c.Root().Find(all)
			if err != nil {
				return err
			}
			return sc.run(ctx, rest, env)
		},
	}
	if fs := flagSetOf(sc.run, env); fs != nil {
		c.Flags().AddGoFlagSet(fs)
	}
	if strings.Contains(sc.name, " ") {
		c.GroupID = ""
	}
	return c
}

// flagCapture is the output a run function gives its flag set when it is
// only asked for its flags: parse sees it and hands the set over unparsed.
type flagCapture struct {
	io.Writer
	fs *flag.FlagSet
}

// errDescribed stops a run function once its flags are known.
var errDescribed = errors.New("flags described")

// flagSetOf returns the flags run defines, without running it.
func flagSetOf(run func(ctx context.Context, args []string, env Env) error, env Env) *flag.FlagSet {
	capture := &flagCapture{Writer: io.Discard}
	env.Stderr = capture
	env.Stdout = io.Discard
	_ = run(context.Background(), nil, env)
	return capture.fs
}

// parse parses flags, treating -h as success; asked only to describe the
// flags (flagSetOf), it hands the set over instead.
func parse(fs *flag.FlagSet, args []string) error {
	if c, ok := fs.Output().(*flagCapture); ok {
		c.fs = fs
		return errDescribed
	}
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		return errHelp
	}
	return err
}

var errHelp = errors.New("help shown")

// IsHelp reports whether err only means that usage was shown.
func IsHelp(err error) bool { return errors.Is(err, errHelp) }
