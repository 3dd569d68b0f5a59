package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"strings"

	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/password"
)

// runCreateAccount creates an account and its root user, printing their IDs
// as JSON: the bootstrap step of a fresh install.
func runCreateAccount(ctx context.Context, args []string, env Env) error {
	var c Config
	fs := flag.NewFlagSet("admin create-account", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	storeFlags(fs, &c)
	name := fs.String("name", "", "account name (also the root user's login name)")
	email := fs.String("email", "", "root user's email")
	pw := fs.String("password", "", "root user's password (discouraged: visible to other users; warns)")
	pwStdin := fs.Bool("password-stdin", false, "read the root user's password from stdin (one line)")
	mobile := fs.String("mobile", "", "root user's mobile, e.g. +33612345678")
	locale := fs.String("locale", "en", "root user's locale")
	fs.StringVar(&c.BreachFilter, "breach-filter", "", "breached-password filter the password must not be in (default: bundled common passwords)")
	bound := append(storeBound(), "breach-filter")
	bindEnv(fs, bound)
	if err := configureStore(fs, args, env, bound); err != nil {
		return err
	}
	if err := passwordFrom(env, pw, *pwStdin); err != nil {
		return err
	}
	// The password meets the whole policy, as serve would check it.
	blocklist, err := loadBreachFilter(&c)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, &c)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := identity.New(identity.Deps{Store: db, Hasher: password.NewPool(password.PoolConfig{}), Log: slog.New(slog.DiscardHandler),
		Blocklist: blocklist})
	a, root, err := svc.Accounts.Create(ctx, identity.NewAccount{Name: *name, Email: *email, Mobile: *mobile, Password: *pw, Locale: *locale})
	if err != nil {
		return err
	}
	return json.NewEncoder(env.Stdout).Encode(map[string]string{"account_id": a.ID, "user_id": root.ID, "name": a.Name})
}

// passwordFrom reads *pw from stdin with --password-stdin, or warns that
// --password put it on the command line, where other users and the shell
// history see it.
func passwordFrom(env Env, pw *string, stdin bool) error {
	if !stdin {
		if *pw != "" {
			fmt.Fprintln(env.Stderr, "watchword: warning: --password puts the password where other users and the shell history can see it; prefer --password-stdin")
		}
		return nil
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return fmt.Errorf("--password-stdin: no password on stdin")
	}
	*pw = strings.TrimRight(line, "\r\n")
	return nil
}
