package cli

import (
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// envName is the environment variable of a configuration flag: the flag's
// own name, upper case, '-' as '_' (--argon-memory: WATCHWORD_ARGON_MEMORY).
// One rule, so that -h, the README and the variable can never disagree.
func envName(flagName string) string {
	return "WATCHWORD_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// deprecatedEnv maps the names some variables had before they followed
// their flag's name to that flag. They still work, with a warning at start.
var deprecatedEnv = map[string]string{
	"WATCHWORD_DATABASE_URL":     "database",
	"WATCHWORD_ARGON_MEMORY_KIB": "argon-memory",
}

// otherEnv are WATCHWORD_* variables that are not server settings but are
// known: the client commands' (package clientcli) and the config file's.
// WATCHWORD_TEST_* variables belong to the tests.
var otherEnv = []string{"WATCHWORD_CONFIG", "WATCHWORD_PROFILE", "WATCHWORD_ENDPOINT", "WATCHWORD_ACCOUNT",
	"WATCHWORD_USER", "WATCHWORD_EMAIL", "WATCHWORD_TOKEN", "WATCHWORD_ACCESS_KEY", "WATCHWORD_SECRET_KEY",
	"WATCHWORD_CLIENT_CONFIG"}

// configFlag is the flag naming the configuration file.
const configFlag = "config"

// bindEnv names each bound flag's variable in its help, so that -h is the
// reference. Call it after defining the flags and before parse: the cobra
// tree reads the usage from the set parse hands over.
func bindEnv(fs *flag.FlagSet, bound []string) {
	for _, name := range bound {
		if f := fs.Lookup(name); f != nil {
			f.Usage += " (env " + envName(name) + ")"
		}
	}
}

// settings is where each flag of a command got its value, and what the
// operator should hear about at start.
type settings struct {
	fs       *flag.FlagSet
	bound    []string          // flags that read the environment and the file
	source   map[string]string // flag name -> "default", "flag", "env NAME" or "file PATH"
	warnings []string
}

// configure parses args into fs, then gives each bound flag the command line
// left alone its value from the environment, else from the configuration
// file (--config or WATCHWORD_CONFIG, when fs has that flag), else its
// default. A value that does not parse, or a file key that names no flag,
// stops the start: a setting silently ignored is how a server ends up on
// SQLite when PostgreSQL was meant.
func configure(fs *flag.FlagSet, args []string, env Env, bound []string) (*settings, error) {
	if err := parse(fs, args); err != nil {
		return nil, err
	}
	s := &settings{fs: fs, bound: bound, source: map[string]string{}}
	onLine := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { onLine[f.Name] = true })
	for _, name := range bound {
		s.source[name] = "default"
		if onLine[name] {
			s.source[name] = "flag"
		}
	}
	// The file path itself comes from the command line or the environment.
	if f := fs.Lookup(configFlag); f != nil && !onLine[configFlag] {
		if v := env.Getenv(envName(configFlag)); v != "" {
			_ = f.Value.Set(v)
			s.source[configFlag] = "env " + envName(configFlag)
		}
	}
	if f := fs.Lookup(configFlag); f != nil && f.Value.String() != "" {
		if err := s.loadFile(f.Value.String(), onLine); err != nil {
			return nil, err
		}
	}
	for _, name := range bound {
		if name == configFlag {
			continue
		}
		key, v := envName(name), env.Getenv(envName(name))
		for old, to := range deprecatedEnv {
			switch {
			case to != name || env.Getenv(old) == "":
			case v != "":
				s.warnings = append(s.warnings, fmt.Sprintf("%s is deprecated and ignored: %s is set", old, key))
			default:
				key, v = old, env.Getenv(old)
				s.warnings = append(s.warnings, fmt.Sprintf("%s is deprecated: name it %s", old, envName(name)))
			}
		}
		if v == "" || onLine[name] {
			continue
		}
		if err := fs.Set(name, v); err != nil {
			return nil, fmt.Errorf("%s: %v", key, err)
		}
		s.source[name] = "env " + key
	}
	return s, nil
}

// loadFile applies the TOML file at path: keys are flag names.
func (s *settings) loadFile(path string, onLine map[string]bool) error {
	var m map[string]any
	if _, err := toml.DecodeFile(path, &m); err != nil {
		return fmt.Errorf("config file %s: %w", path, err)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if k == configFlag || !slices.Contains(s.bound, k) {
			return fmt.Errorf("config file %s: unknown key %q (keys are serve's flag names, see watchword serve -h)", path, k)
		}
		var v string
		switch x := m[k].(type) {
		case string:
			v = x
		case int64, bool, float64:
			v = fmt.Sprint(x)
		default:
			return fmt.Errorf("config file %s: %s: want a string, a number or a boolean", path, k)
		}
		if onLine[k] {
			continue
		}
		if err := s.fs.Set(k, v); err != nil {
			return fmt.Errorf("config file %s: %s: %v", path, k, err)
		}
		s.source[k] = "file " + path
	}
	return nil
}

// warnUnknownEnv adds a warning for each WATCHWORD_* variable of environ
// that names no bound flag and is not otherwise known: a misspelt variable
// would otherwise be a setting silently not applied.
func (s *settings) warnUnknownEnv(environ []string) {
	known := map[string]bool{}
	for _, name := range s.bound {
		known[envName(name)] = true
	}
	for old := range deprecatedEnv {
		known[old] = true
	}
	for _, k := range otherEnv {
		known[k] = true
	}
	var unknown []string
	for _, kv := range environ {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "WATCHWORD_") && !strings.HasPrefix(k, "WATCHWORD_TEST_") && !known[k] {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		s.warnings = append(s.warnings, fmt.Sprintf("%s names no setting and is ignored (see watchword serve -h)", k))
	}
}

// flagNames lists the flags fs defines, sorted.
func flagNames(fs *flag.FlagSet) []string {
	var out []string
	fs.VisitAll(func(f *flag.Flag) { out = append(out, f.Name) })
	return out
}

// serveSettings defines serve's flags and --config on fs, with their
// variables, and reads them from args, the environment and the file. Serve
// and config show share it, so that show tells what serve would run with.
func serveSettings(fs *flag.FlagSet, c *Config, args []string, env Env) (*settings, error) {
	apply := serveFlags(fs, c)
	fs.String(configFlag, "", "TOML file of settings: keys are these flags' names (precedence: flag, env, file)")
	bound := flagNames(fs)
	bindEnv(fs, bound)
	s, err := configure(fs, args, env, bound)
	if err != nil {
		return nil, err
	}
	apply()
	if env.Environ != nil {
		s.warnUnknownEnv(env.Environ())
	}
	return s, nil
}
