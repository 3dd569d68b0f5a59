// Package cli holds Watchword's subcommands, one file each. main only calls Run.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, env Env) error
}

// Env is the process environment a command sees; tests substitute it.
type Env struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

func commands() []command {
	return []command{
		{"serve", "run the service", runServe},
		{"migrate", "apply database migrations and exit", runMigrate},
		{"admin create-account", "create an account and its root user; prints JSON", runCreateAccount},
		{"admin outbox", "list queued notifications (--status dead: undelivered); prints JSON lines", runAdminOutbox},
		{"breach build", "build a breached-password filter file from a list", runBreachBuild},
	}
}

// Run dispatches args (without the program name) to a subcommand.
func Run(ctx context.Context, args []string, env Env) error {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	joined := strings.Join(args, " ")
	for _, c := range commands() {
		if joined == c.name || strings.HasPrefix(joined, c.name+" ") {
			return c.run(ctx, args[len(strings.Fields(c.name)):], env)
		}
	}
	usage(env.Stderr)
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		return nil
	}
	return fmt.Errorf("unknown command %q", joined)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: watchword <command> [flags]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-22s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'watchword <command> -h' for a command's flags.")
}

// parse parses flags, treating -h as success.
func parse(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		return errHelp
	}
	return err
}

var errHelp = errors.New("help shown")

// IsHelp reports whether err only means that usage was shown.
func IsHelp(err error) bool { return errors.Is(err, errHelp) }
