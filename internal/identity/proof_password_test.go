package identity_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/password"
	"github.com/watchword/watchword/internal/store/storetest"
	"github.com/watchword/watchword/internal/testkit"
)

// outcomes counts the audit events of one user and action by outcome.
func outcomes(t testing.TB, fx *testkit.Core, userID, action string) map[string]int {
	t.Helper()
	evs, err := fx.DB.FindAuditEvents(context.Background(), fx.Account.ID, 1000)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, ev := range evs {
		if ev.UserID == userID && ev.Action == action {
			out[ev.Outcome]++
		}
	}
	return out
}

// TestConcurrentGuessesReserveFirst is hole 2 of issue 11: with the default
// threshold of 5, 39 wrong passwords and then the right one, all in flight
// at once (the hash is slowed so they overlap; the right one leaves once
// five wrong ones are counted), on SQLite and PostgreSQL.
// The lock used to be read before the hash and the failure recorded after
// it, so every guess in the hash queue was evaluated and the right one got
// a token. Now each attempt is counted before its hash runs: exactly the
// first 5 are evaluated, every later one (the right one too) is refused
// with the wrong password's answer, after the dummy hash.
func TestConcurrentGuessesReserveFirst(t *testing.T) {
	for name, open := range storetest.Dialects() {
		t.Run(name, func(t *testing.T) {
			var hashes atomic.Int64
			fx := testkit.MustServices(t, testkit.Options{Open: open,
				Pool: password.PoolConfig{Workers: 2, Queue: 64, MaxWait: 30 * time.Second,
					Observer: func(op string, _ time.Duration) {
						if op == "verify" {
							hashes.Add(1)
							time.Sleep(60 * time.Millisecond) // still holding the hash slot
						}
					}}})
			alice, err := fx.Services.Users.Create(fx.RootCtx, identity.NewUser{Name: "alice", Email: "alice@acme.test",
				Password: secAlicePassword})
			if err != nil {
				t.Fatal(err)
			}
			ctx := identity.WithRequest(context.Background(), identity.Request{IP: secIP, UserAgent: "test"})
			var wg sync.WaitGroup
			var wrongOK atomic.Int64
			start := make(chan struct{})
			for range 39 {
				wg.Go(func() {
					<-start
					_, err := fx.Services.Auth.Login(ctx, secAliceLogin("wrong-password"))
					if fault.CodeOf(err) != "auth.invalid_credentials" {
						wrongOK.Add(1)
						t.Errorf("wrong password: %v", err)
					}
				})
			}
			close(start)
			// The right one goes once five wrong ones are counted, or after
			// 100 ms: with two hashes of 60 ms at a time, no failure has been
			// recorded after a hash by then, so a lock read before the hash
			// (the hole) has not been set yet.
			for deadline := time.Now().Add(100 * time.Millisecond); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
				st, err := fx.DB.FindLoginThrottles(context.Background(), []string{"user:" + alice.ID + "|day"})
				if err != nil {
					t.Fatal(err)
				}
				if len(st) == 1 && st[0].Failures >= 5 {
					break
				}
			}
			res, rightErr := fx.Services.Auth.Login(ctx, secAliceLogin(secAlicePassword))
			wg.Wait()
			if rightErr == nil {
				t.Fatalf("the right password got a token after 39 wrong ones in flight: %+v", res)
			}
			if fe := fault.As(rightErr); fe.Code != "auth.invalid_credentials" || fe.Message != "the login or password is incorrect" {
				t.Fatalf("the refused right password is answered %v, not as a wrong one", rightErr)
			}
			got := outcomes(t, fx, alice.ID, "auth.login")
			if got["auth.invalid_credentials"] != 5 || got["auth.locked"] != 35 || got["success"] != 0 {
				t.Fatalf("want 5 evaluated and 35 refused, audited %v", got)
			}
			if n := hashes.Load(); n != 40 {
				t.Fatalf("every attempt costs one hash (the dummy one when refused): %d", n)
			}
			locks := 0
			for _, m := range mustDrain(t, fx) {
				if m.Template == notify.Lockout && m.To == "alice@acme.test" {
					locks++
				}
			}
			if locks != 1 {
				t.Fatalf("want one lockout notice, got %d", locks)
			}
		})
	}
}

func mustDrain(t testing.TB, fx *testkit.Core) []notify.Message {
	t.Helper()
	msgs, err := fx.DB.ClaimOutbox(context.Background(), 100, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if err := fx.DB.MarkOutboxSent(context.Background(), m.ID); err != nil {
			t.Fatal(err)
		}
	}
	return msgs
}

// TestChangeCurrentPasswordCounts is hole 5 of issue 11 in the core: a
// wrong current password given to PasswordService.Change is a password
// proof like a sign-in. After the threshold the user is locked (for that
// client IP): even the right current password is refused, and so is a
// sign-in; each try is audited.
func TestChangeCurrentPasswordCounts(t *testing.T) {
	c := mustSecureCore(t, identity.Config{})
	alice, actx := c.mustAlice(t)
	actx = identity.WithRequest(actx, identity.Request{IP: secIP, UserAgent: "test"})
	c.drain(t)
	change := func(cur string) error {
		_, err := c.svc.Passwords.Change(actx, identity.PasswordChange{Current: cur, New: "Fresh-Battery-43"})
		return err
	}
	for range 5 {
		wantFault(t, change("wrong-password"), fault.Unauthenticated, "password.current_invalid")
	}
	wantFault(t, change(secAlicePassword), fault.Unauthenticated, "password.current_invalid")
	_, err := c.login(secAliceLogin(secAlicePassword))
	wantFault(t, err, fault.Unauthenticated, "auth.invalid_credentials")
	if got := outcomes(t, c.fx, alice.ID, "password.change"); got["password.current_invalid"] != 5 || got["auth.locked"] != 1 {
		t.Fatalf("audit of the changes: %v", got)
	}
	notices := 0
	for _, m := range c.drain(t) {
		if m.Template == notify.Lockout && m.To == alice.Email {
			notices++
		}
	}
	if notices != 1 {
		t.Fatalf("want one lockout notice, got %d", notices)
	}
	// From another address the right current password works.
	other := identity.WithRequest(actx, identity.Request{IP: "198.51.100.1", UserAgent: "test"})
	if _, err := c.svc.Passwords.Change(other, identity.PasswordChange{Current: secAlicePassword, New: "Fresh-Battery-43"}); err != nil {
		t.Fatalf("change from another address: %v", err)
	}
}
