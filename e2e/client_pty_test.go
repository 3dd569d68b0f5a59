package e2e_test

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// TestClientPasswordPromptDoesNotEcho runs `watchword login` and then
// `watchword password change` on a pseudo-terminal, types the passwords
// at their prompts, and checks that none of them ever appears on the
// terminal.
func TestClientPasswordPromptDoesNotEcho(t *testing.T) {
	s := MustServe(t, append([]string{"--data", t.TempDir()}, bootstrapFlags()...)...)
	h := newCLIHome(t)
	h.env = append(h.env, "WATCHWORD_ENDPOINT="+s.URL)

	screen := onTerminal(t, h, [][2]string{{"Password: ", rootPassword}}, "login", "--account", "acme")
	if strings.Contains(screen, rootPassword) || !strings.Contains(screen, "Logged in to "+s.URL) {
		t.Fatalf("login on a terminal showed:\n%s", screen)
	}
	const newPassword = "Granite-Willow-Ember-58"
	screen = onTerminal(t, h, [][2]string{
		{"Current password: ", rootPassword}, {"New password: ", newPassword}, {"Confirm new password: ", newPassword},
	}, "password", "change")
	if strings.Contains(screen, rootPassword) || strings.Contains(screen, newPassword) || !strings.Contains(screen, "Password changed.") {
		t.Fatalf("password change on a terminal showed:\n%s", screen)
	}
	// A confirmation that differs is refused before anything is sent.
	screen = onTerminal(t, h, [][2]string{
		{"Current password: ", newPassword}, {"New password: ", "Another-Long-Passphrase-1"}, {"Confirm new password: ", "Typo-Long-Passphrase-1"},
	}, "password", "change")
	if !strings.Contains(screen, "the two passwords differ") || strings.Contains(screen, "Typo") {
		t.Fatalf("mismatched confirmation showed:\n%s", screen)
	}
}

// onTerminal runs the binary on a pseudo-terminal, answers each prompt
// with its line once the prompt shows, and returns everything the terminal
// showed.
func onTerminal(t *testing.T, h *cliHome, answers [][2]string, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = env(h.env...)
	tty, err := pty.Start(cmd)
	if err != nil {
		t.Fatal(err)
	}
	defer tty.Close()
	var mu sync.Mutex
	var screen bytes.Buffer
	read := make(chan struct{})
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			mu.Lock()
			screen.Write(buf[:n])
			mu.Unlock()
			if err != nil {
				close(read)
				return
			}
		}
	}()
	shown := func() string { mu.Lock(); defer mu.Unlock(); return screen.String() }
	seen := 0
	for _, a := range answers {
		deadline := time.Now().Add(30 * time.Second)
		for {
			if i := strings.Index(shown()[seen:], a[0]); i >= 0 {
				seen += i + len(a[0])
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("no prompt %q; the terminal showed:\n%s", a[0], shown())
			}
			time.Sleep(20 * time.Millisecond)
		}
		// Type once the terminal no longer echoes, as a person does: the
		// prompt is printed a moment before the program turns echo off, and
		// a line written into that moment would echo without any fault of
		// the program. A program that never turns echo off fails here.
		for deadline := time.Now().Add(30 * time.Second); echoes(t, tty); time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("the terminal still echoes at the prompt %q:\n%s", a[0], shown())
			}
		}
		if _, err := io.WriteString(tty, a[1]+"\r"); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("watchword %s did not exit; the terminal showed:\n%s", strings.Join(args, " "), shown())
	}
	select {
	case <-read:
	case <-time.After(2 * time.Second):
	}
	return shown()
}

// echoes reports whether the terminal behind the pseudo-terminal's master
// echoes what is typed (Linux reports the slave's settings on the master).
func echoes(t *testing.T, tty *os.File) bool {
	t.Helper()
	tio, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatalf("read the terminal's settings: %v", err)
	}
	return tio.Lflag&unix.ECHO != 0
}
