package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"

	"github.com/watchword/watchword/internal/breach"
)

// runBreachBuild streams a breached-password list (SHA1:COUNT lines or plain
// passwords) into a filter file that serve loads with --breach-filter.
func runBreachBuild(ctx context.Context, args []string, env Env) error {
	fs := flag.NewFlagSet("breach build", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	in := fs.String("in", "", "input file: SHA1HEX:COUNT per line, or one password per line")
	out := fs.String("out", "", "output filter file")
	minCount := fs.Uint64("min-count", 0, "skip hashes seen fewer times than this")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *in == "" || *out == "" {
		return fmt.Errorf("breach build: --in and --out are required")
	}
	st, err := breach.BuildFile(ctx, *in, *out, breach.BuildOptions{MinCount: *minCount, Progress: env.Stderr})
	if err != nil {
		return err
	}
	return json.NewEncoder(env.Stdout).Encode(st)
}
