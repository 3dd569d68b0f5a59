package cli

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestEveryCommandHasExamples walks the whole tree: each command's --help
// shows examples, and each server command shows the flags its own run
// function defines.
func TestEveryCommandHasExamples(t *testing.T) {
	env := Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }}
	root := newRoot(context.Background(), nil, env)
	var walk func(c *cobra.Command)
	n := 0
	walk = func(c *cobra.Command) {
		n++
		if c.Example == "" {
			t.Errorf("%s has no examples", c.CommandPath())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	if n < 60 {
		t.Fatalf("only %d commands", n)
	}
	for path, flag := range map[string]string{"serve": "bootstrap-account", "migrate": "database", "admin create-account": "email",
		"admin outbox": "status", "breach build": "min-count", "backup": "with-keyring", "restore": "from"} {
		c, _, err := root.Find(strings.Fields(path))
		if err != nil || c.Flags().Lookup(flag) == nil {
			t.Errorf("%s lacks --%s: %v", path, flag, err)
		}
	}
}

// TestExitCodes: success 0, help 0, a command line not understood 2 with
// the usage on stderr, a failure 1.
func TestExitCodes(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "no command given"}, {[]string{"nope"}, 2, `unknown command "nope"`}, {[]string{"--nope"}, 2, "unknown flag"},
		{[]string{"admin"}, 2, "needs a subcommand"}, {[]string{"serve", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"admin", "-h"}, 0, ""}, {[]string{"help"}, 0, ""},
		{[]string{"breach", "build"}, 1, "--in and --out are required"},
		{[]string{"backup"}, 1, "--out is required"}, {[]string{"restore"}, 1, "--from is required"},
	} {
		var out, errOut bytes.Buffer
		env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
		code := Exit(Run(context.Background(), tc.args, env), &errOut)
		if code != tc.code || !strings.Contains(errOut.String(), tc.want) || (code == 2) != strings.Contains(errOut.String(), "Usage:") {
			t.Errorf("%q: exit %d, want %d\nstderr:\n%s", tc.args, code, tc.code, errOut.String())
		}
	}
}

// TestCompletion: the shells get subcommands, the osc-cli operations and
// the -o values.
func TestCompletion(t *testing.T) {
	for args, want := range map[string]string{
		"__complete api Read":        "ReadAccounts\nReadAccessKeys\n",
		"__complete pass":            "password\t",
		"__complete me show -o ":     "text\njson\n",
		"__complete keys ":           "create\t",
		"__complete icu SendReset":   "SendResetPasswordEmail\n",
		"__complete admin create-ac": "create-account\t",
	} {
		var out bytes.Buffer
		env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: io.Discard, Getenv: func(string) string { return "" }}
		fields := strings.Fields(args)
		if strings.HasSuffix(args, " ") {
			fields = append(fields, "")
		}
		if err := Run(context.Background(), fields, env); err != nil || !strings.Contains(out.String(), want) {
			t.Errorf("%s: %v\n%s", args, err, out.String())
		}
	}
}

// TestCreateAccountPasswordStdin: admin create-account reads the password
// from stdin with --password-stdin, and warns when --password puts it on
// the command line.
func TestCreateAccountPasswordStdin(t *testing.T) {
	data := t.TempDir()
	for _, tc := range []struct {
		args  []string
		stdin string
		warns bool
	}{
		{[]string{"--name", "initech", "--password-stdin"}, "Tr0ubadour-Horse-Staple\n", false},
		{[]string{"--name", "globex", "--password", "Tr0ubadour-Horse-Staple"}, "", true},
	} {
		var out, errOut bytes.Buffer
		env := Env{Stdin: strings.NewReader(tc.stdin), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
		err := Run(context.Background(), append([]string{"admin", "create-account", "--data", data}, tc.args...), env)
		if err != nil || !strings.Contains(out.String(), `"account_id"`) || strings.Contains(errOut.String(), "warning: --password") != tc.warns {
			t.Fatalf("%q: %v\nstdout %s\nstderr %s", tc.args, err, out.String(), errOut.String())
		}
	}
	var errOut bytes.Buffer
	env := Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &errOut, Getenv: func(string) string { return "" }}
	if err := Run(context.Background(), []string{"admin", "create-account", "--data", data, "--name", "x", "--password-stdin"}, env); err == nil {
		t.Fatal("an empty stdin made an account")
	}
}
