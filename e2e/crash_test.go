package e2e_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/api/client"
)

// TestKillDuringPasswordChange kills the server with SIGKILL while many
// password changes are in flight, restarts it on the same SQLite data, and
// checks that either the old or the new password works: never neither.
func TestKillDuringPasswordChange(t *testing.T) {
	data := t.TempDir()
	// Hashes slow enough that the changes queue up behind two workers, so
	// the kill lands while some are hashing and some are committing.
	slow := []string{"--data", data, "--argon-memory", "2048", "--argon-iterations", "2", "--hash-workers", "2", "--hash-queue", "256"}
	args := append(slow, bootstrapFlags()...)
	current := rootPassword
	for round, after := range []int32{0, 1, 5, 20} {
		s := MustServe(t, args...)
		ctx := context.Background()
		root := MustLogin(t, s, client.Credentials{Account: "acme", Password: current})
		next := fmt.Sprintf("Round-%d-Battery-42", round)

		var wg sync.WaitGroup
		var ok, refused, cut atomic.Int32
		for range 40 {
			wg.Go(func() {
				_, err := root.ChangePassword(ctx, client.PasswordChange{CurrentPassword: current, NewPassword: next, NotifyType: "NONE"})
				switch {
				case err == nil:
					ok.Add(1)
				case client.StatusOf(err) != 0:
					refused.Add(1)
					if c := client.CodeOf(err); c != "password.current_invalid" && c != "hash.busy" {
						t.Errorf("change answered %v", err)
					}
				default:
					cut.Add(1) // the connection died with the process
				}
			})
		}
		// Kill at a different moment each round: before any change could
		// finish, or once some have been acknowledged while the rest are
		// still hashing or committing.
		if after == 0 {
			time.Sleep(2 * time.Millisecond)
		}
		for deadline := time.Now().Add(30 * time.Second); ok.Load() < after && time.Now().Before(deadline); {
			time.Sleep(time.Millisecond)
		}
		s.MustKill(t)
		wg.Wait()
		t.Logf("round %d: %d changed, %d refused, %d cut off by the kill", round, ok.Load(), refused.Load(), cut.Load())

		s = MustServe(t, args...) // the bootstrap account exists: the restart leaves it alone
		_, oldErr := s.Client.Login(ctx, client.Credentials{Account: "acme", Password: current})
		_, newErr := s.Client.Login(ctx, client.Credentials{Account: "acme", Password: next})
		switch {
		case oldErr == nil && newErr == nil:
			t.Fatalf("round %d: both the old and the new password work", round)
		case oldErr != nil && newErr != nil:
			t.Fatalf("round %d: neither password works after the crash: old %v, new %v", round, oldErr, newErr)
		case newErr == nil:
			current = next
		case ok.Load() > 0:
			t.Fatalf("round %d: a change was acknowledged but lost: old password still works", round)
		}
		for _, err := range []error{oldErr, newErr} {
			if err != nil {
				MustFail(t, err, http.StatusUnauthorized, "auth.invalid_credentials")
			}
		}
		s.MustStop(t)
	}
}
