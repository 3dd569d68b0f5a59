package storetest

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/store/sqldb"
)

// raceWidth is how many goroutines spend one secret at once: enough to
// overlap on both dialects, few enough for a shared 2-core machine.
const raceWidth = 8

// testRecoveryRaces spends one reset token, and one reset code, from many
// goroutines at once: exactly one may succeed, whatever the interleaving,
// and every attempt on a code must be counted.
func testRecoveryRaces(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	_, root := MustCreateAccount(t, db, "100000000001", "acme", "root@acme.test")

	t.Run("ResetTokenOnce", func(t *testing.T) {
		tok := &identity.OneTimeToken{Hash: "race-link", UserID: root.ID, Purpose: identity.PurposeResetLink,
			ExpiresAt: clock.Now().Add(30 * time.Minute)}
		if err := db.IssueSecret(ctx, identity.SecretIssue{UserID: root.ID, Token: tok}); err != nil {
			t.Fatal(err)
		}
		errs := race(func(i int) error {
			return db.ResetPassword(ctx, "race-link", identity.PurposeResetLink, identity.PasswordWrite{Void: resetVoid, UserID: root.ID, Hash: "$race-" + strconv.Itoa(i),
				ExpectHash: root.PasswordHash})
		})
		winner := onlyWinner(t, errs, "verify.token_invalid")
		u, err := db.FindUserByID(ctx, root.ID)
		if err != nil || u.PasswordHash != "$race-"+strconv.Itoa(winner) {
			t.Fatalf("password is %q, want the winner's $race-%d (%v)", u.PasswordHash, winner, err)
		}
	})
	t.Run("ResetCodeOnce", func(t *testing.T) {
		c := &identity.VerificationCode{ID: "race-code", UserID: root.ID, Purpose: identity.PurposeReset, Channel: notify.Email,
			Target: root.Email, Hash: "h", ExpiresAt: clock.Now().Add(10 * time.Minute)}
		if err := db.IssueSecret(ctx, identity.SecretIssue{UserID: root.ID, Code: c}); err != nil {
			t.Fatal(err)
		}
		errs := race(func(i int) error {
			ticket := &identity.OneTimeToken{Hash: "race-ticket-" + strconv.Itoa(i), UserID: root.ID,
				Purpose: identity.PurposeResetTicket, ExpiresAt: clock.Now().Add(5 * time.Minute)}
			return db.RedeemCode(ctx, "race-code", ticket, identity.AuditEvent{})
		})
		winner := onlyWinner(t, errs, "verify.code_used")
		for i := range errs {
			_, err := db.FindToken(ctx, "race-ticket-"+strconv.Itoa(i))
			if stored := err == nil; stored != (i == winner) {
				t.Fatalf("ticket %d stored=%v, winner %d", i, stored, winner)
			}
		}
	})
	t.Run("AttemptsAllCounted", func(t *testing.T) {
		c := &identity.VerificationCode{ID: "race-count", UserID: root.ID, Purpose: identity.PurposeEmailIdentity, Channel: notify.Email,
			Target: root.Email, Hash: "h", ExpiresAt: clock.Now().Add(10 * time.Minute)}
		if err := db.IssueSecret(ctx, identity.SecretIssue{UserID: root.ID, Code: c}); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		seen := map[int]bool{}
		errs := race(func(int) error {
			got, err := db.AttemptCode(ctx, root.ID, identity.PurposeEmailIdentity)
			if err == nil {
				mu.Lock()
				seen[got.Attempts] = true
				mu.Unlock()
			}
			return err
		})
		for i, err := range errs {
			if err != nil {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		// Each guess saw its own count: none was lost or shared.
		for n := 1; n <= raceWidth; n++ {
			if !seen[n] {
				t.Fatalf("attempt counts seen %v, want 1..%d each once", seen, raceWidth)
			}
		}
	})
}

// race runs fn from raceWidth goroutines released together and returns
// their errors by index.
func race(fn func(i int) error) []error {
	errs := make([]error, raceWidth)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = fn(i)
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

// onlyWinner checks that exactly one call succeeded and every other was
// refused with loserCode, and returns the winner's index.
func onlyWinner(t *testing.T, errs []error, loserCode string) int {
	t.Helper()
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil && winner >= 0:
			t.Fatalf("calls %d and %d both spent the same secret", winner, i)
		case err == nil:
			winner = i
		case fault.KindOf(err) != fault.Invalid || fault.CodeOf(err) != loserCode:
			t.Fatalf("call %d: %v (kind %q code %q), want Invalid %s", i, err, fault.KindOf(err), fault.CodeOf(err), loserCode)
		}
	}
	if winner < 0 {
		t.Fatalf("no call succeeded: %v", errs)
	}
	return winner
}
