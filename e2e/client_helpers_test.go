package e2e_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// cliHome is one user's terminal: a config directory of its own (the
// profiles file lives under $XDG_CONFIG_HOME/watchword) and extra
// environment variables. The client tests run the real binary in it.
type cliHome struct {
	config string
	env    []string
}

// newCLIHome returns a fresh home with no profile yet.
func newCLIHome(t *testing.T) *cliHome {
	t.Helper()
	dir := t.TempDir()
	return &cliHome{config: dir, env: []string{"XDG_CONFIG_HOME=" + dir, "HOME=" + dir}}
}

// profilesPath is where the client keeps its profiles in h.
func (h *cliHome) profilesPath() string { return filepath.Join(h.config, "watchword", "config.json") }

// cliResult is a finished client command.
type cliResult struct {
	args           []string
	stdout, stderr string
	code           int
}

func (r cliResult) String() string {
	return "watchword " + strings.Join(r.args, " ") + "\nexit " + strconv.Itoa(r.code) + "\nstdout:\n" + r.stdout + "\nstderr:\n" + r.stderr
}

// run runs the binary in h with stdin and returns what it did.
func (h *cliHome) run(t *testing.T, stdin string, args ...string) cliResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = env(h.env...)
	cmd.Stdin = strings.NewReader(stdin)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	res := cliResult{args: args, stdout: o.String(), stderr: e.String()}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		res.code = exit.ExitCode()
	case err != nil:
		t.Fatalf("watchword %s: %v", strings.Join(args, " "), err)
	}
	return res
}

// ok runs a command that must succeed and returns its stdout.
func (h *cliHome) ok(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	r := h.run(t, stdin, args...)
	if r.code != 0 {
		t.Fatalf("want success:\n%s", r)
	}
	return r.stdout
}

// fail runs a command that must exit with code and whose stderr must hold
// every one of want.
func (h *cliHome) fail(t *testing.T, code int, stdin string, args []string, want ...string) cliResult {
	t.Helper()
	r := h.run(t, stdin, args...)
	if r.code != code {
		t.Fatalf("want exit %d:\n%s", code, r)
	}
	for _, w := range want {
		if !strings.Contains(r.stderr, w) {
			t.Fatalf("stderr lacks %q:\n%s", w, r)
		}
	}
	return r
}

// cliProc is a client command still running, fed stdin line by line (a
// code can only be typed once it has arrived).
type cliProc struct {
	args   []string
	stdin  io.WriteCloser
	stdout *syncBuffer
	stderr *syncBuffer
	done   chan struct{}
	err    error
}

// start starts a command whose stdin the test writes as it goes.
func (h *cliHome) start(t *testing.T, args ...string) *cliProc {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = env(h.env...)
	p := &cliProc{args: args, stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.stdout, p.stderr
	var err error
	if p.stdin, err = cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// line types one line.
func (p *cliProc) line(t *testing.T, s string) {
	t.Helper()
	if _, err := io.WriteString(p.stdin, s+"\n"); err != nil {
		t.Fatalf("writing to watchword %s: %v\nstderr:\n%s", strings.Join(p.args, " "), err, p.stderr)
	}
}

// waitStderr waits until stderr holds s (a prompt).
func (p *cliProc) waitStderr(t *testing.T, s string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(p.stderr.String(), s) {
		select {
		case <-p.done:
			t.Fatalf("watchword %s exited before printing %q: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(p.args, " "), s, p.err, p.stdout, p.stderr)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %q on stderr:\n%s", s, p.stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// wait waits for the command to end and returns what it did.
func (p *cliProc) wait(t *testing.T) cliResult {
	t.Helper()
	p.stdin.Close()
	select {
	case <-p.done:
	case <-time.After(60 * time.Second):
		t.Fatalf("watchword %s did not exit\nstderr:\n%s", strings.Join(p.args, " "), p.stderr)
	}
	res := cliResult{args: p.args, stdout: p.stdout.String(), stderr: p.stderr.String()}
	var exit *exec.ExitError
	if errors.As(p.err, &exit) {
		res.code = exit.ExitCode()
	} else if p.err != nil {
		t.Fatal(p.err)
	}
	return res
}

// mailbox reads the dev mail and SMS files a server writes under
// DATA/mail and DATA/sms.
type mailbox struct {
	dir, smsDir string
	seen        map[string]bool
}

func newMailbox(data string) *mailbox {
	return &mailbox{dir: filepath.Join(data, "mail"), smsDir: filepath.Join(data, "sms"), seen: map[string]bool{}}
}

// nextSMS waits for an SMS to `to` not returned before and returns its text.
func (m *mailbox) nextSMS(t *testing.T, to string) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		entries, _ := os.ReadDir(m.smsDir)
		for _, e := range entries {
			if m.seen[e.Name()] {
				continue
			}
			raw, err := os.ReadFile(filepath.Join(m.smsDir, e.Name()))
			if err == nil && strings.HasPrefix(string(raw), "To: "+to+"\n") {
				m.seen[e.Name()] = true
				return string(raw)
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no SMS to %s in %s", to, m.smsDir)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// next waits for a mail to `to` whose subject holds subject, not returned
// before, and returns its text part (quoted-printable decoded).
func (m *mailbox) next(t *testing.T, to, subject string) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		entries, _ := os.ReadDir(m.dir)
		names := make([]string, 0, len(entries))
		for _, e := range entries {
			names = append(names, e.Name())
		}
		slices.Sort(names)
		for _, n := range names {
			if m.seen[n] || !strings.HasSuffix(n, ".eml") {
				continue
			}
			raw, err := os.ReadFile(filepath.Join(m.dir, n))
			if err != nil {
				continue
			}
			msg, err := mail.ReadMessage(bytes.NewReader(raw))
			if err != nil {
				t.Fatalf("%s: %v", n, err)
			}
			if !strings.Contains(msg.Header.Get("To"), to) || !strings.Contains(msg.Header.Get("Subject"), subject) {
				continue
			}
			m.seen[n] = true
			return textPart(t, msg)
		}
		if time.Now().After(deadline) {
			t.Fatalf("no mail to %s about %q in %s", to, subject, m.dir)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// textPart returns the text/plain part of msg.
func textPart(t *testing.T, msg *mail.Message) string {
	t.Helper()
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mt, "multipart/") {
		b, _ := io.ReadAll(msg.Body)
		return string(b)
	}
	r := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := r.NextPart()
		if err != nil {
			t.Fatalf("no text/plain part: %v", err)
		}
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/plain") {
			b, _ := io.ReadAll(p)
			return string(b)
		}
	}
}

var (
	resetLinkToken = regexp.MustCompile(`/reset/([A-Za-z0-9_-]+)`)
	mailedCode     = regexp.MustCompile(`code is:?\s+(\d+)`)
)

// submatch returns re's first group in s, or fails.
func submatch(t *testing.T, re *regexp.Regexp, s string) string {
	t.Helper()
	m := re.FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no %s in:\n%s", re, s)
	}
	return m[1]
}
