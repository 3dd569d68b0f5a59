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
	"github.com/watchword/watchword/internal/store/storetest"
	"github.com/watchword/watchword/internal/testkit"
)

// slowFailureStore holds every record of a failed login code until open
// is closed: a failure written late, as under load, made certain.
type slowFailureStore struct {
	identity.Store
	open chan struct{}
	held atomic.Int64
}

func (s *slowFailureStore) hold(action string) {
	if action == "auth.login.verify" {
		s.held.Add(1)
		<-s.open
	}
}

func (s *slowFailureStore) SettleLoginAttempt(ctx context.Context, st identity.AttemptSettlement) error {
	s.hold(st.Audit.Action)
	return s.Store.SettleLoginAttempt(ctx, st)
}

// TestConcurrentCodesReserveFirst is hole 2 of issue 11 for the second
// step of a login: alice (login verification by email, the default
// threshold of 5) signs in with her right password four times, each
// sign-in a new challenge, and three wrong codes go to each challenge at
// once, none of their failures written yet. A wrong code used to be
// counted after it was checked against a lock read before, so all twelve
// were evaluated: each challenge's own five-code limit was the only bound.
// Now a code's attempt is reserved with the password's, before it is
// checked: exactly five are evaluated, the rest (and the next sign-ins)
// are refused as a locked user is, on SQLite and PostgreSQL.
func TestConcurrentCodesReserveFirst(t *testing.T) {
	for name, open := range storetest.Dialects() {
		t.Run(name, func(t *testing.T) {
			fx := testkit.MustServices(t, testkit.Options{Open: open})
			alice, err := fx.Services.Users.Create(fx.RootCtx, identity.NewUser{Name: "alice", Email: "alice@acme.test",
				Password: secAlicePassword})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := fx.Services.LoginVerification.SetFor(fx.RootCtx, alice.ID, identity.VerifyEmail); err != nil {
				t.Fatal(err)
			}
			slow := &slowFailureStore{Store: fx.DB, open: make(chan struct{})}
			svc := identity.New(identity.Deps{Store: slow, Clock: fx.Now, Hasher: fx.Pool, Keyring: fx.Keyring})
			ctx := identity.WithRequest(context.Background(), identity.Request{IP: secIP, UserAgent: "test"})

			var wg sync.WaitGroup
			sent, refused := 0, 0
			for range 4 {
				res, err := svc.Auth.Login(ctx, secAliceLogin(secAlicePassword))
				if err != nil {
					// Locked by the codes before: the sign-in is refused.
					if fault.CodeOf(err) != "auth.invalid_credentials" {
						t.Fatalf("sign-in: %v", err)
					}
					refused++
					continue
				}
				code := fx.MustLastCode(t, "alice@acme.test")
				for range 3 {
					sent++
					wg.Go(func() {
						_, err := svc.Auth.CompleteLogin(ctx, res.Challenge.ID, wrongCode(code))
						if c := fault.CodeOf(err); c != "verify.code_invalid" && c != "auth.invalid_credentials" {
							t.Errorf("wrong code: %v", err)
						}
					})
				}
				// Every code in flight has been checked and waits to be
				// recorded before the next sign-in.
				for deadline := time.Now().Add(10 * time.Second); slow.held.Load() < int64(sent); time.Sleep(time.Millisecond) {
					if time.Now().After(deadline) {
						t.Fatalf("%d of %d codes reached their record", slow.held.Load(), sent)
					}
				}
			}
			close(slow.open)
			wg.Wait()
			got := outcomes(t, fx, alice.ID, "auth.login.verify")
			if got["verify.code_invalid"] != 5 || got["auth.locked"] != sent-5 {
				t.Fatalf("want 5 codes evaluated and %d refused, audited %v", sent-5, got)
			}
			if refused == 0 {
				t.Fatal("the sign-ins after five wrong codes were not refused")
			}
			until, err := fx.Services.Users.LockedUntil(fx.RootCtx, alice.ID)
			if err != nil || until.IsZero() {
				t.Fatalf("alice is not locked: %v %v", until, err)
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
