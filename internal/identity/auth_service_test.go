package identity_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/password"
	"golang.org/x/crypto/bcrypt"
)

func TestLogin(t *testing.T) {
	c := mustCore(t)
	alice := c.mustAlice(t)
	disabled := c.mustUser(t, identity.NewUser{Name: "dora", Email: "dora@acme.test", Password: alicePassword})
	if _, err := c.svc.Users.Update(c.admin, disabled.ID, identity.UserUpdate{Enabled: ptr(false)}); err != nil {
		t.Fatal(err)
	}
	c.mustUser(t, identity.NewUser{Name: "uma", Email: "uma@acme.test"}) // no password: origin unset
	c.mustUser(t, identity.NewUser{Name: "fred", Email: "fred@acme.test", Origin: identity.OriginFederated})

	tests := []struct {
		name   string
		in     identity.LoginInput
		wantID string
		want   [3]string
	}{
		{"OKAccountAndUser", identity.LoginInput{AccountName: "acme", UserName: "alice", Password: alicePassword}, alice.ID, [3]string{}},
		{"OKEmail", identity.LoginInput{Email: " Alice@ACME.test ", Password: alicePassword}, alice.ID, [3]string{}},
		{"OKRootByAccountOnly", identity.LoginInput{AccountName: "acme", Password: rootPassword}, c.root.ID, [3]string{}},
		{"OKRootByEmail", identity.LoginInput{Email: "root@acme.test", Password: rootPassword}, c.root.ID, [3]string{}},
		{"ErrUnknownUser", identity.LoginInput{AccountName: "acme", UserName: "nobody", Password: alicePassword}, "", badCredentials},
		{"ErrUnknownAccount", identity.LoginInput{AccountName: "nowhere", Password: rootPassword}, "", badCredentials},
		{"ErrUnknownEmail", identity.LoginInput{Email: "nobody@acme.test", Password: alicePassword}, "", badCredentials},
		{"ErrWrongPassword", identity.LoginInput{AccountName: "acme", UserName: "alice", Password: "Wrong-Battery-42"}, "", badCredentials},
		{"ErrEmptyPassword", identity.LoginInput{Email: "alice@acme.test"}, "", badCredentials},
		{"ErrDisabledUser", identity.LoginInput{AccountName: "acme", UserName: "dora", Password: alicePassword}, "", badCredentials},
		{"ErrUnsetOrigin", identity.LoginInput{AccountName: "acme", UserName: "uma", Password: ""}, "", badCredentials},
		{"ErrUnsetOriginGuess", identity.LoginInput{Email: "uma@acme.test", Password: alicePassword}, "", badCredentials},
		{"ErrFederated", identity.LoginInput{Email: "fred@acme.test", Password: alicePassword}, "", badCredentials},
		{"ErrUserOfOtherAccountName", identity.LoginInput{AccountName: "alice", UserName: "alice", Password: alicePassword}, "", badCredentials},
		{"ErrIdentifierRequired", identity.LoginInput{Password: alicePassword}, "",
			[3]string{string(fault.Invalid), "auth.identifier_required", "give an email, or an account name and user name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := c.svc.Auth.Login(context.Background(), tt.in)
			if tt.wantID == "" {
				checkFaultOf(t, err, tt.want)
				if res != nil {
					t.Fatalf("a refused login returned %+v", res)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.User.ID != tt.wantID || res.PasswordChangeRequired || res.Session.Restricted != "" ||
				res.Session.Kind != identity.UserToken || res.Session.Method != "password" || len(res.Token) < 40 {
				t.Fatalf("login result: %+v session %+v", res, res.Session)
			}
			if res.Session.TokenHash == "" || strings.Contains(res.Session.TokenHash, res.Token) {
				t.Fatalf("the session must keep only a hash of the token")
			}
			p, err := c.svc.Auth.Authenticate(context.Background(), res.Token)
			if err != nil || p.UserID != tt.wantID || p.SessionID != res.Session.ID || p.Kind != identity.UserToken {
				t.Fatalf("authenticate: %+v %v", p, err)
			}
		})
	}
}

func TestLoginAuditsRefusals(t *testing.T) {
	c := mustCore(t)
	alice := c.mustAlice(t)
	ctx := identity.WithRequest(context.Background(), identity.Request{IP: "192.0.2.7"})
	_, err := c.svc.Auth.Login(ctx, identity.LoginInput{Email: "alice@acme.test", Password: "nope"})
	checkFaultOf(t, err, badCredentials)
	evs, err := c.db.FindAuditEvents(context.Background(), c.acct.ID, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs {
		if ev.Action == "auth.login" && ev.Outcome == "auth.invalid_credentials" && ev.UserID == alice.ID && ev.IP == "192.0.2.7" {
			return
		}
	}
	t.Fatalf("no audit event of the refused login in %+v", evs)
}

func TestLoginRehash(t *testing.T) {
	stale := cheapParams
	stale.MemoryKiB = 128
	staleHash, err := password.Hash(alicePassword, stale)
	if err != nil {
		t.Fatal(err)
	}
	bcryptHash, err := bcrypt.GenerateFromPassword([]byte(alicePassword), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		stored string
	}{
		{"OKBcrypt", string(bcryptHash)},
		{"OKStaleArgon2Params", staleHash},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustCore(t)
			alice := c.mustAlice(t)
			ctx := context.Background()
			// Imported users arrive with foreign hashes: put one in through the store.
			if err := c.db.RehashPassword(ctx, alice.ID, alice.PasswordHash, tt.stored); err != nil || c.hashOf(t, alice.ID) != tt.stored {
				t.Fatalf("store the old hash: %v", err)
			}
			if _, err := c.svc.Auth.Login(ctx, identity.LoginInput{Email: "alice@acme.test", Password: "Wrong-Battery-42"}); err == nil {
				t.Fatal("a wrong password logged in")
			}
			if got := c.hashOf(t, alice.ID); got != tt.stored {
				t.Fatalf("a failed login rehashed: %q", got)
			}
			if _, err := c.svc.Auth.Login(ctx, identity.LoginInput{Email: "alice@acme.test", Password: alicePassword}); err != nil {
				t.Fatal(err)
			}
			got := c.hashOf(t, alice.ID)
			if !strings.HasPrefix(got, "$argon2id$v=19$m=64,t=1,p=1$") {
				t.Fatalf("hash after login = %q, want argon2id with the configured parameters", got)
			}
			ok, rehash, err := password.Verify(alicePassword, got, cheapParams)
			if !ok || rehash || err != nil {
				t.Fatalf("new hash verify: %v %v %v", ok, rehash, err)
			}
			if _, err := c.svc.Auth.Login(ctx, identity.LoginInput{Email: "alice@acme.test", Password: alicePassword}); err != nil {
				t.Fatalf("login after rehash: %v", err)
			}
			if c.hashOf(t, alice.ID) != got {
				t.Fatal("a current hash was rehashed again")
			}
		})
	}
}

func TestLoginPasswordExpired(t *testing.T) {
	c := mustCore(t)
	c.mustAlice(t)
	c.mustPolicy(t, func(p *password.Policy) { p.MaxAgeDays = 30 })

	c.clock.Add(29 * 24 * time.Hour)
	res, err := c.svc.Auth.Login(context.Background(), identity.LoginInput{Email: "alice@acme.test", Password: alicePassword})
	if err != nil || res.PasswordChangeRequired || res.Session.Restricted != "" {
		t.Fatalf("login before expiry: %+v %v", res, err)
	}

	c.clock.Add(2 * 24 * time.Hour)
	res, err = c.svc.Auth.Login(context.Background(), identity.LoginInput{Email: "alice@acme.test", Password: alicePassword})
	if err != nil || !res.PasswordChangeRequired || res.Session.Restricted != "password_change" {
		t.Fatalf("login after expiry: %+v %v", res, err)
	}
	ctx := c.mustAuth(t, res.Token)
	_, err = c.svc.Users.UpdateMe(ctx, identity.ProfileUpdate{DisplayName: ptr("Alice")})
	checkFaultOf(t, err, changeRequired)
	if _, err := c.svc.Passwords.Change(ctx, identity.PasswordChange{Current: alicePassword, New: "Fresh-Battery-43"}); err != nil {
		t.Fatal(err)
	}
	ctx = c.mustAuth(t, res.Token)
	if _, err := c.svc.Users.UpdateMe(ctx, identity.ProfileUpdate{DisplayName: ptr("Alice")}); err != nil {
		t.Fatalf("after the change the same token is no longer restricted: %v", err)
	}
	res, err = c.svc.Auth.Login(context.Background(), identity.LoginInput{Email: "alice@acme.test", Password: "Fresh-Battery-43"})
	if err != nil || res.PasswordChangeRequired {
		t.Fatalf("login after the change: %+v %v", res, err)
	}
}

func TestAuthenticate(t *testing.T) {
	c := mustCore(t)
	c.mustAlice(t)
	login := func(t *testing.T) *identity.LoginResult {
		t.Helper()
		res, err := c.svc.Auth.Login(context.Background(), identity.LoginInput{Email: "alice@acme.test", Password: alicePassword})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	t.Run("OK", func(t *testing.T) {
		res := login(t)
		p, err := c.svc.Auth.Authenticate(context.Background(), res.Token)
		if err != nil || p.Admin || p.AccountID != c.acct.ID || p.Restricted != "" {
			t.Fatalf("principal %+v %v", p, err)
		}
	})
	t.Run("OKIdleDeadlineMoves", func(t *testing.T) {
		res := login(t)
		for range 4 { // 4 × 90 min is past the 2 h idle timeout, but each use moves it
			c.clock.Add(90 * time.Minute)
			if _, err := c.svc.Auth.Authenticate(context.Background(), res.Token); err != nil {
				t.Fatalf("a token in use expired: %v", err)
			}
		}
	})
	for _, tt := range []struct{ name, token string }{
		{"ErrEmpty", ""},
		{"ErrForged", strings.Repeat("A", 43)},
		{"ErrTooLong", strings.Repeat("A", 600)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.svc.Auth.Authenticate(context.Background(), tt.token)
			checkFaultOf(t, err, badToken)
		})
	}
	t.Run("ErrIdle", func(t *testing.T) {
		res := login(t)
		c.clock.Add(2*time.Hour + time.Second)
		_, err := c.svc.Auth.Authenticate(context.Background(), res.Token)
		checkFaultOf(t, err, badToken)
	})
	t.Run("ErrExpired", func(t *testing.T) {
		res := login(t)
		for range 13 { // used every hour, but past the 12 h absolute lifetime
			c.clock.Add(time.Hour)
			_, err := c.svc.Auth.Authenticate(context.Background(), res.Token)
			if !c.clock.Now().Before(res.Session.ExpiresAt) {
				checkFaultOf(t, err, badToken)
			} else if err != nil {
				t.Fatal(err)
			}
		}
	})
	t.Run("ErrLoggedOut", func(t *testing.T) {
		res := login(t)
		ctx := c.mustAuth(t, res.Token)
		if err := c.svc.Auth.Logout(ctx); err != nil {
			t.Fatal(err)
		}
		_, err := c.svc.Auth.Authenticate(context.Background(), res.Token)
		checkFaultOf(t, err, badToken)
	})
}

func TestSessions(t *testing.T) {
	c := mustCore(t)
	c.mustAlice(t)
	in := identity.LoginInput{Email: "alice@acme.test", Password: alicePassword}
	one := c.mustLogin(t, in)
	two, twoToken := c.mustSession(t, in)
	list, err := c.svc.Auth.SessionsPage(one, identity.Page{})
	if err != nil || len(list.Items) != 2 {
		t.Fatalf("sessions: %v %v", list, err)
	}
	p2, _ := identity.PrincipalFrom(two)
	t.Run("ErrOtherUsersSession", func(t *testing.T) {
		p, _ := identity.PrincipalFrom(c.admin)
		err := c.svc.Auth.RevokeSession(one, p.SessionID)
		checkFault(t, err, fault.NotFound, "session.not_found", "no such session")
	})
	t.Run("OK", func(t *testing.T) {
		if err := c.svc.Auth.RevokeSession(one, p2.SessionID); err != nil {
			t.Fatal(err)
		}
		list, err := c.svc.Auth.SessionsPage(one, identity.Page{})
		if err != nil || len(list.Items) != 1 {
			t.Fatalf("sessions after revoke: %v %v", list, err)
		}
		_, err = c.svc.Auth.Authenticate(context.Background(), twoToken)
		checkFaultOf(t, err, badToken)
	})
	t.Run("ErrRevokedTwice", func(t *testing.T) {
		err := c.svc.Auth.RevokeSession(one, p2.SessionID)
		checkFault(t, err, fault.NotFound, "session.not_found", "no such session")
	})
}

// waitPoolLoad polls the hashing pool until it reports running hashes and
// queued callers as given, or fails after a deadline.
func waitPoolLoad(t *testing.T, p *password.Pool, running, queued int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		r, q := p.Load()
		if r == running && q == queued {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("hashing pool: %d running, %d queued; want %d, %d", r, q, running, queued)
		}
	}
}

// TestLoginAbandoned checks that a login whose client gives up while it waits
// for a hashing slot is not a wrong password: it is neither audited nor
// counted towards a lockout.
func TestLoginAbandoned(t *testing.T) {
	c := mustCoreWith(t, password.PoolConfig{Params: cheapParams, Workers: 1, MaxWait: time.Minute})
	alice := c.mustAlice(t)
	before, _ := c.db.FindAuditEvents(context.Background(), c.acct.ID, 1000)
	// Events come newest first, ties in random ID order: later ones must not
	// tie with alice's creation for the slice below to hold only them.
	c.clock.Add(time.Second)

	// Hold the only slot: a verification runs at the stored hash's
	// parameters, so this made-up costly hash keeps the worker busy for a
	// few hundred milliseconds, long after the login below has read what it
	// reads before hashing, queued for the slot and been abandoned.
	costly := "$argon2id$v=19$m=16384,t=30,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"
	var wg sync.WaitGroup
	wg.Go(func() { _, _, _ = c.fx.Pool.Verify(context.Background(), "x", costly) })
	waitPoolLoad(t, c.fx.Pool, 1, 0)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := c.svc.Auth.Login(ctx, identity.LoginInput{Email: "alice@acme.test", Password: alicePassword})
		done <- err
	}()
	waitPoolLoad(t, c.fx.Pool, 1, 1) // the login waits for the slot: its client gives up
	cancel()
	err := <-done
	wg.Wait()
	checkFault(t, err, fault.Unavailable, "request.cancelled", "the request was cancelled")

	after, _ := c.db.FindAuditEvents(context.Background(), c.acct.ID, 1000)
	for _, ev := range after[:len(after)-len(before)] {
		if ev.UserID == alice.ID {
			t.Fatalf("the abandoned login left an audit event: %+v", ev)
		}
	}
	for range 4 { // whatever the lockout threshold, alice is not closer to it
		c.mustLogin(t, identity.LoginInput{Email: "alice@acme.test", Password: alicePassword})
	}
}
