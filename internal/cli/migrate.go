package cli

import (
	"context"
	"flag"
	"fmt"
)

// runMigrate applies pending migrations and exits.
func runMigrate(ctx context.Context, args []string, env Env) error {
	var c Config
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	storeFlags(fs, &c)
	bound := storeBound()
	bindEnv(fs, bound)
	if err := configureStore(fs, args, env, bound); err != nil {
		return err
	}
	db, err := openStore(ctx, &c)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(env.Stdout, "migrations applied (%s)\n", db.Dialect())
	return nil
}
