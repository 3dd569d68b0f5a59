package cli

import (
	"context"
	"flag"
	"fmt"
	"runtime/debug"
	"strings"
)

// runVersion prints versionInfo.
func runVersion(ctx context.Context, args []string, env Env) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	if err := parse(fs, args); err != nil {
		return err
	}
	fmt.Fprint(env.Stdout, versionInfo())
	return nil
}

// versionInfo describes the binary from the build information Go records:
// the module version, the VCS revision and time, the Go version.
func versionInfo() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "watchword (no build information)\n"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "watchword %s\n", bi.Main.Version)
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		if settings["vcs.modified"] == "true" {
			rev += " (modified)"
		}
		fmt.Fprintf(&b, "  revision  %s\n", rev)
	}
	if t := settings["vcs.time"]; t != "" {
		fmt.Fprintf(&b, "  time      %s\n", t)
	}
	fmt.Fprintf(&b, "  go        %s %s/%s\n", bi.GoVersion, settings["GOOS"], settings["GOARCH"])
	return b.String()
}
