package cli

import (
	"context"
	"flag"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestOperationsGuideNamesRealFlags: every --flag docs/operations.md names
// is a flag of a server command, and every default its tables give is that
// flag's default, so the guide cannot drift from the code.
func TestOperationsGuideNamesRealFlags(t *testing.T) {
	b, err := os.ReadFile("../../docs/operations.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	env := Env{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }}
	flags := map[string]*flag.Flag{}
	for _, sc := range commands() {
		if fs := flagSetOf(sc.run, env); fs != nil {
			fs.VisitAll(func(f *flag.Flag) {
				if _, ok := flags[f.Name]; !ok || sc.name == "serve" {
					flags[f.Name] = f
				}
			})
		}
	}
	named := regexp.MustCompile("--([a-z][a-z0-9-]*)").FindAllStringSubmatch(doc, -1)
	if len(named) < 40 {
		t.Fatalf("found only %d flags in the guide: is the scan broken?", len(named))
	}
	foreign := map[string]bool{"no-owner": true} // pg_restore's
	for _, m := range named {
		if strings.HasSuffix(m[1], "-") { // a family: --bootstrap-*
			family := false
			for name := range flags {
				family = family || strings.HasPrefix(name, m[1])
			}
			if !family {
				t.Errorf("docs/operations.md names --%s*, which no server command has", m[1])
			}
			continue
		}
		if flags[m[1]] == nil && !foreign[m[1]] {
			t.Errorf("docs/operations.md names --%s, which no server command has", m[1])
		}
	}
	rows := regexp.MustCompile("(?m)^\\| `--([a-z0-9-]+)` \\| `([^`]*)`").FindAllStringSubmatch(doc, -1)
	if len(rows) < 10 {
		t.Fatalf("found only %d table rows with defaults", len(rows))
	}
	for _, r := range rows {
		f := flags[r[1]]
		if f == nil {
			continue // reported above
		}
		if !sameDefault(f.DefValue, r[2]) {
			t.Errorf("docs/operations.md gives --%s the default %q; the flag's is %q", r[1], r[2], f.DefValue)
		}
	}
	// The command lines in the guide parse.
	for _, args := range [][]string{
		{"backup", "--data", "/var/lib/watchword", "--out", "x", "--with-keyring"},
		{"restore", "--from", "x", "--data", "/var/lib/watchword"},
	} {
		c, _, err := newRoot(context.Background(), args, env).Find(args)
		if err != nil || c.Flags().Parse(args[1:]) != nil {
			t.Errorf("%s: %v", strings.Join(args, " "), err)
		}
	}
}

// sameDefault compares a flag's default with the guide's, durations by value.
func sameDefault(def, doc string) bool {
	if def == doc {
		return true
	}
	a, errA := time.ParseDuration(def)
	b, errB := time.ParseDuration(doc)
	return errA == nil && errB == nil && a == b
}
