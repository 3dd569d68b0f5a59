package e2e_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestGracefulShutdown sends SIGTERM while a login is hashing: the login
// still gets its 200 and the process exits cleanly.
func TestGracefulShutdown(t *testing.T) {
	// About a second of argon2id per hash, so the signal surely lands mid-login.
	slow := []string{"--data", t.TempDir(), "--argon-memory", "8192", "--argon-iterations", "120"}
	s := MustServe(t, append(slow, bootstrapFlags()...)...)

	start := time.Now()
	type answer struct {
		status int
		body   string
		err    error
	}
	done := make(chan answer, 1)
	go func() {
		res, err := http.Post(s.URL+"/v1/auth/login", "application/json",
			strings.NewReader(`{"account":"acme","password":"`+rootPassword+`"}`))
		if err != nil {
			done <- answer{err: err}
			return
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		done <- answer{status: res.StatusCode, body: string(b), err: err}
	}()
	time.Sleep(250 * time.Millisecond) // the request is read and hashing by now
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	a := <-done
	if a.err != nil || a.status != http.StatusOK || !strings.Contains(a.body, "access_token") {
		t.Fatalf("in-flight login during shutdown: %d %q %v", a.status, a.body, a.err)
	}
	took := time.Since(start)
	if took < 250*time.Millisecond {
		t.Fatalf("the login took %v: too fast to have been in flight at SIGTERM", took)
	}
	t.Logf("the login took %v and was answered after SIGTERM", took)
	s.MustExitCleanly(t)
	// The listener is closed: nothing new is accepted after the shutdown.
	if err := s.Client.Healthy(context.Background()); err == nil {
		t.Fatal("the server still answers after exiting")
	}
}
