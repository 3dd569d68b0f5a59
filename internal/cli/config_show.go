package cli

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// runConfigShow prints the configuration serve would run with, given the
// same flags, environment and file: one TOML line per setting, usable as a
// config file, with where its value comes from and every secret masked.
func runConfigShow(ctx context.Context, args []string, env Env) error {
	var c Config
	fs := flag.NewFlagSet("config show", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	set, err := serveSettings(fs, &c, args, env)
	if err != nil {
		return err
	}
	for _, w := range set.warnings {
		fmt.Fprintln(env.Stderr, "watchword: warning:", w)
	}
	for _, name := range set.bound {
		if name == configFlag {
			continue
		}
		f := fs.Lookup(name)
		fmt.Fprintf(env.Stdout, "%s = %s  # %s\n", name, tomlValue(f.Value.(flag.Getter).Get(), maskSetting(name, f.Value.String())), set.source[name])
	}
	if p := fs.Lookup(configFlag).Value.String(); p != "" {
		fmt.Fprintf(env.Stdout, "# config file: %s (%s)\n", p, set.source[configFlag])
	}
	return nil
}

// masked stands for a secret in config show.
const masked = "xxxxx"

// maskSetting hides the secrets a setting may hold: passwords in URLs and
// DSNs, the keys of the keyring, the webhook secret, the bootstrap password.
func maskSetting(name, v string) string {
	if v == "" {
		return v
	}
	switch name {
	case "sms-webhook-secret", "bootstrap-password":
		return masked
	case "keyring":
		var out []string
		for entry := range strings.SplitSeq(v, ",") {
			id, _, _ := strings.Cut(strings.TrimSpace(entry), ":")
			out = append(out, id+":"+masked)
		}
		return strings.Join(out, ",")
	case "smtp-url", "database", "sms-webhook-url":
		return maskURL(v)
	}
	return v
}

// dsnPassword matches password=... in a PostgreSQL keyword/value string or
// a URL's query.
var dsnPassword = regexp.MustCompile(`(?i)(password=)('[^']*'|[^\s&]*)`)

func maskURL(v string) string {
	if u, err := url.Parse(v); err == nil && u.Scheme != "" {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), masked)
		}
		v = u.String()
	}
	return dsnPassword.ReplaceAllString(v, "${1}"+masked)
}

// tomlValue writes a flag's value as TOML: numbers and booleans bare,
// everything else (durations included) as a string.
func tomlValue(typed any, shown string) string {
	switch typed.(type) {
	case bool, int, int64, uint, uint64:
		return shown
	case time.Duration:
		return strconv.Quote(shown)
	}
	return strconv.Quote(shown)
}
