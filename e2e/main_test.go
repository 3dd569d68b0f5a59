// Package e2e_test drives the real watchword binary: built once, started as
// separate processes on temporary data directories, talked to over HTTP
// with the public /v1 client, stopped with real signals.
package e2e_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/api/client"
	"github.com/watchword/watchword/internal/store/storetest"
)

// binary is the watchword executable TestMain builds.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "watchword-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "watchword")
	build := exec.Command("go", "build", "-o", binary, "./cmd/watchword")
	build.Dir = ".."
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: building watchword:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// Cheap hashing keeps the tests fast; tests that need slow hashes pass
// their own --argon-* flags, which come later and win.
var cheapArgon = []string{"--argon-memory", "64", "--argon-iterations", "1"}

// env is the environment of every process the tests start: the test's own,
// without any WATCHWORD_* variable that could change what is tested.
func env(extra ...string) []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "WATCHWORD_") {
			out = append(out, kv)
		}
	}
	return append(out, extra...)
}

// syncBuffer collects a process's output while it runs.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}
func (b *syncBuffer) String() string { b.mu.Lock(); defer b.mu.Unlock(); return b.buf.String() }

// WaitFor reports whether the buffer holds want within 10 s: the server's
// banner is read line by line, and a start returns at the URL line, before
// the lines after it have arrived.
func (b *syncBuffer) WaitFor(want string) bool {
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if strings.Contains(b.String(), want) {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
	}
}

// Server is one running `watchword serve` process.
type Server struct {
	URL    string
	Client *client.Client // no token
	cmd    *exec.Cmd
	stdout *syncBuffer
	stderr *syncBuffer
	exited chan struct{}
	err    error // the process's exit, once exited is closed
}

var bannerURL = regexp.MustCompile(`API \(native\)\s+(https?://\S+)/v1`)

// startServer starts `watchword serve` on a free port and waits for its
// banner. The caller must stop it.
func startServer(args []string, extraEnv ...string) (*Server, error) {
	all := append([]string{"serve", "--addr", "127.0.0.1:0", "--log-level", "warn"}, cheapArgon...)
	cmd := exec.Command(binary, append(all, args...)...)
	cmd.Env = env(extraEnv...)
	s := &Server{cmd: cmd, stdout: &syncBuffer{}, stderr: &syncBuffer{}, exited: make(chan struct{})}
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			line := sc.Text()
			s.stdout.Write([]byte(line + "\n"))
			if m := bannerURL.FindStringSubmatch(line); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
		_, _ = io.Copy(io.Discard, pipe)
		s.err = cmd.Wait()
		close(s.exited)
	}()
	select {
	case s.URL = <-found:
		s.Client = client.New(s.URL, nil)
		return s, nil
	case <-s.exited:
		return nil, fmt.Errorf("watchword serve exited before listening: %v\nstdout:\n%s\nstderr:\n%s", s.err, s.stdout, s.stderr)
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		<-s.exited
		return nil, fmt.Errorf("watchword serve did not print its URL within 60s\nstdout:\n%s\nstderr:\n%s", s.stdout, s.stderr)
	}
}

// MustServe starts `watchword serve` with args and stops it (SIGKILL if it
// is still running) when the test ends.
func MustServe(tb testing.TB, args ...string) *Server {
	tb.Helper()
	s, err := startServer(args)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.kill() })
	return s
}

// MustServeReplicas starts two `watchword serve` processes with args at the
// same moment (so both race to migrate and bootstrap), each with its own data
// directory, and stops them when the test ends.
func MustServeReplicas(tb testing.TB, args []string) (a, b *Server) {
	tb.Helper()
	var servers [2]*Server
	var errs [2]error
	var wg sync.WaitGroup
	for i := range servers {
		dir := tb.TempDir()
		wg.Go(func() { servers[i], errs[i] = startServer(append(args[:len(args):len(args)], "--data", dir)) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			tb.Fatalf("replica %d: %v", i, err)
		}
		tb.Cleanup(servers[i].kill)
	}
	return servers[0], servers[1]
}

// kill ends the process at once, as a crash would.
func (s *Server) kill() {
	select {
	case <-s.exited:
	default:
		_ = s.cmd.Process.Signal(syscall.SIGKILL)
		<-s.exited
	}
}

// MustKill sends SIGKILL and waits for the process to be gone.
func (s *Server) MustKill(tb testing.TB) {
	tb.Helper()
	s.kill()
}

// MustStop sends SIGTERM and waits for a clean exit.
func (s *Server) MustStop(tb testing.TB) {
	tb.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		tb.Fatal(err)
	}
	s.MustExitCleanly(tb)
}

// MustExitCleanly waits for the process to exit with status 0.
func (s *Server) MustExitCleanly(tb testing.TB) {
	tb.Helper()
	select {
	case <-s.exited:
	case <-time.After(40 * time.Second):
		tb.Fatalf("watchword serve did not exit\nstderr:\n%s", s.stderr)
	}
	if s.err != nil {
		tb.Fatalf("watchword serve exited with %v\nstderr:\n%s", s.err, s.stderr)
	}
}

// MustRun runs a watchword subcommand to completion and returns its stdout.
func MustRun(tb testing.TB, args ...string) string {
	tb.Helper()
	out, errOut, err := run(args...)
	if err != nil {
		tb.Fatalf("watchword %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, out, errOut)
	}
	return out
}

// run runs a watchword subcommand and returns its output and exit error.
func run(args ...string) (stdout, stderr string, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = env()
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	return o.String(), e.String(), err
}

// MustLogin logs in through s and returns a client holding the token.
func MustLogin(tb testing.TB, s *Server, in client.Credentials) *client.Client {
	tb.Helper()
	tok, err := s.Client.Login(context.Background(), in)
	if err != nil {
		tb.Fatalf("login through %s: %v", s.URL, err)
	}
	return s.Client.WithToken(tok.AccessToken)
}

// MustFail checks that err is a problem with this status and code.
func MustFail(tb testing.TB, err error, status int, code string) {
	tb.Helper()
	if client.StatusOf(err) != status || client.CodeOf(err) != code {
		tb.Fatalf("got %v, want %d %s", err, status, code)
	}
}

// Bootstrap flags for the account most tests use.
const (
	rootPassword = "Tr0ubadour-Horse-Staple"
	bobPassword  = "Correct-Battery-42"
)

func bootstrapFlags() []string {
	return []string{"--bootstrap-account", "acme", "--bootstrap-email", "root@acme.test", "--bootstrap-password", rootPassword}
}

// mustPostgres returns a fresh database on the throwaway cluster.
func mustPostgres(tb testing.TB) string {
	tb.Helper()
	return storetest.MustPostgresURL(tb)
}
