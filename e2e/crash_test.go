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
// checks for each user that either the old or the new password works, never
// neither, and that an acknowledged change survived. Each of 40 users
// changes their own password, since concurrent changes of one password
// rightly leave one winner (compare-and-swap on the verified hash). Failed
// logins are not counted here: the test checks durability, not lockout, and
// its 40 wrong logins a round would slow its own address down.
func TestKillDuringPasswordChange(t *testing.T) {
	data := t.TempDir()
	// Hashes slow enough that the changes queue up behind two workers, so
	// the kill lands while some are hashing and some are committing.
	slow := []string{"--data", data, "--argon-memory", "2048", "--argon-iterations", "2", "--hash-workers", "2",
		"--hash-queue", "256", "--brute-force-disabled"}
	args := append(slow, bootstrapFlags()...)
	ctx := context.Background()
	const users = 40
	name := func(i int) string { return fmt.Sprintf("worker%02d", i) }
	current := make([]string, users)
	s := MustServe(t, args...)
	root := MustLogin(t, s, client.Credentials{Account: "acme", Password: rootPassword})
	for i := range users {
		current[i] = "Start-Battery-Horse-42"
		if _, err := root.CreateUser(ctx, client.NewUser{Name: name(i), Password: current[i]}); err != nil {
			t.Fatal(err)
		}
	}
	s.MustStop(t)
	for round, after := range []int32{0, 1, 5, 20} {
		s := MustServe(t, args...)
		sessions := make([]*client.Client, users)
		for i := range users {
			sessions[i] = MustLogin(t, s, client.Credentials{Account: "acme", Username: name(i), Password: current[i]})
		}
		next := fmt.Sprintf("Round-%d-Battery-42", round)
		acked := make([]atomic.Bool, users)
		var wg sync.WaitGroup
		var ok, refused, cut atomic.Int32
		for i := range users {
			wg.Go(func() {
				_, err := sessions[i].ChangePassword(ctx, client.PasswordChange{CurrentPassword: current[i], NewPassword: next, NotifyType: "NONE"})
				switch {
				case err == nil:
					acked[i].Store(true)
					ok.Add(1)
				case client.StatusOf(err) != 0:
					refused.Add(1)
					if c := client.CodeOf(err); c != "hash.busy" {
						t.Errorf("%s: change answered %v", name(i), err)
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
		for i := range users {
			who := client.Credentials{Account: "acme", Username: name(i)}
			old, nw := who, who
			old.Password, nw.Password = current[i], next
			_, oldErr := s.Client.Login(ctx, old)
			_, newErr := s.Client.Login(ctx, nw)
			switch {
			case oldErr == nil && newErr == nil:
				t.Fatalf("round %d, %s: both the old and the new password work", round, name(i))
			case oldErr != nil && newErr != nil:
				t.Fatalf("round %d, %s: neither password works after the crash: old %v, new %v", round, name(i), oldErr, newErr)
			case newErr == nil:
				current[i] = next
			case acked[i].Load():
				t.Fatalf("round %d, %s: a change was acknowledged but lost: old password still works", round, name(i))
			}
			for _, err := range []error{oldErr, newErr} {
				if err != nil {
					MustFail(t, err, http.StatusUnauthorized, "auth.invalid_credentials")
				}
			}
		}
		s.MustStop(t)
	}
}
