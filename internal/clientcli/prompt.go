package clientcli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// Passwords come from a prompt that does not echo, or from stdin with
// --password-stdin (one per line), never from the command line unless
// --password is given, which warns: argv is visible to every user of the
// machine and lands in shell history.

// secretSource says where a command's passwords come from.
type secretSource struct {
	stdin bool   // --password-stdin
	flag  string // --password, discouraged
}

// terminalFd returns stdin's descriptor when it is a terminal.
func (a *app) terminalFd() (int, bool) {
	f, ok := a.io.Stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0, false
	}
	return int(f.Fd()), true
}

// readLine reads one line of stdin without its line ending.
func (a *app) readLine() (string, error) {
	line, err := a.in.ReadString('\n')
	if err != nil && (!errors.Is(err, io.EOF) || line == "") {
		if errors.Is(err, io.EOF) {
			return "", errors.New("stdin ended before every expected line was read")
		}
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// secret asks for a secret: from stdin with --password-stdin, else from the
// terminal without echo.
func (a *app) secret(src secretSource, prompt string) (string, error) {
	if src.stdin {
		return a.readLine()
	}
	fd, ok := a.terminalFd()
	if !ok {
		return "", errors.New("no terminal to ask for the password: pipe it with --password-stdin")
	}
	fmt.Fprint(a.io.Stderr, prompt)
	b, err := term.ReadPassword(fd)
	fmt.Fprintln(a.io.Stderr)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// password returns --password (with its warning) or asks as secret does.
func (a *app) password(src secretSource, prompt string) (string, error) {
	if src.flag != "" {
		fmt.Fprintln(a.io.Stderr, "watchword: warning: --password puts the password where other users and the shell history can see it; prefer the prompt or --password-stdin")
		return src.flag, nil
	}
	return a.secret(src, prompt)
}

// newPassword asks for a new password twice on a terminal; from stdin or
// --password it is read once.
func (a *app) newPassword(src secretSource, prompt string) (string, error) {
	if src.flag != "" || src.stdin {
		return a.password(src, prompt)
	}
	pw, err := a.secret(src, prompt)
	if err != nil {
		return "", err
	}
	again, err := a.secret(src, "Confirm new password: ")
	if err != nil {
		return "", err
	}
	if pw != again {
		return "", errors.New("the two passwords differ")
	}
	return pw, nil
}

// code asks for a one-time code: a line of stdin, prompted on stderr.
func (a *app) code(prompt string) (string, error) {
	fmt.Fprint(a.io.Stderr, prompt)
	c, err := a.readLine()
	if err != nil {
		return "", fmt.Errorf("reading the code: %w", err)
	}
	return strings.TrimSpace(c), nil
}
