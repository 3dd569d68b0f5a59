package identity_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/password"
	"github.com/watchword/watchword/internal/store/sqldb"
	"github.com/watchword/watchword/internal/testkit"
	"github.com/watchword/watchword/internal/verify"
)

// The passwords of the login-security fixture's users.
const (
	secRootPassword  = testkit.RootPassword
	secAlicePassword = "Correct-Battery-42"
	secIP            = "192.0.2.10"
)

// secureCore is a real core on SQLite with a keyring, a settable clock, an
// account (acme) and a count of the password hashes it ran.
type secureCore struct {
	fx     *testkit.Core
	db     *sqldb.DB
	clock  *testkit.Clock
	svc    *identity.Services
	hashes atomic.Int64
	root   *identity.User
	admin  context.Context
}

func mustSecureCore(t testing.TB, cfg identity.Config) *secureCore {
	t.Helper()
	c := &secureCore{}
	fx := testkit.MustServices(t, testkit.Options{Config: cfg,
		Pool: password.PoolConfig{Observer: func(op string, _ time.Duration) {
			if op == "verify" {
				c.hashes.Add(1)
			}
		}},
		Account: identity.NewAccount{Mobile: "+33612345678", Password: secRootPassword, Locale: "en"}})
	c.fx, c.db, c.clock, c.svc, c.root = fx, fx.DB, fx.Clock, fx.Services, fx.Root
	res, err := c.login(identity.LoginInput{AccountName: "acme", Password: secRootPassword})
	if err != nil {
		t.Fatal(err)
	}
	c.admin = c.mustAuth(t, res.Token)
	return c
}

// login signs in from secIP.
func (c *secureCore) login(in identity.LoginInput) (*identity.LoginResult, error) {
	return c.loginFrom(secIP, in)
}

func (c *secureCore) loginFrom(ip string, in identity.LoginInput) (*identity.LoginResult, error) {
	ctx := identity.WithRequest(context.Background(), identity.Request{IP: ip, UserAgent: "test"})
	return c.svc.Auth.Login(ctx, in)
}

func (c *secureCore) complete(challenge, code string) (*identity.LoginResult, error) {
	ctx := identity.WithRequest(context.Background(), identity.Request{IP: secIP, UserAgent: "test"})
	return c.svc.Auth.CompleteLogin(ctx, challenge, code)
}

func (c *secureCore) mustAuth(t testing.TB, token string) context.Context {
	t.Helper()
	return c.fx.MustAuth(t, token)
}

// mustAlice creates alice, an IAM user with an email and a mobile, and
// signs her in.
func (c *secureCore) mustAlice(t testing.TB) (*identity.User, context.Context) {
	t.Helper()
	u, err := c.svc.Users.Create(c.admin, identity.NewUser{Name: "alice", Email: "alice@acme.test", Mobile: "+33698765432",
		Locale: "fr", Password: secAlicePassword})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.login(secAliceLogin(secAlicePassword))
	if err != nil {
		t.Fatal(err)
	}
	return u, c.mustAuth(t, res.Token)
}

func secAliceLogin(pw string) identity.LoginInput {
	return identity.LoginInput{AccountName: "acme", UserName: "alice", Password: pw}
}

// drain returns the queued notifications, marking them delivered.
func (c *secureCore) drain(t testing.TB) []notify.Message {
	t.Helper()
	msgs := c.fx.MustClaim(t)
	for _, m := range msgs {
		if err := c.db.MarkOutboxSent(context.Background(), m.ID); err != nil {
			t.Fatal(err)
		}
	}
	return msgs
}

// mustCode returns the one queued code sent to to, draining the outbox.
func (c *secureCore) mustCode(t testing.TB, to string) string {
	t.Helper()
	var codes []string
	for _, m := range c.drain(t) {
		if m.Template == notify.VerificationCode && m.To == to {
			codes = append(codes, m.Secret["code"])
		}
	}
	if len(codes) != 1 || len(codes[0]) != 6 {
		t.Fatalf("want one code sent to %s, got %q", to, codes)
	}
	return codes[0]
}

// mustBind creates and binds a virtual MFA device for the caller of ctx and
// returns its secret. The codes used to bind are those of the steps before
// and at the clock's time.
func (c *secureCore) mustBind(t testing.TB, ctx context.Context) string {
	t.Helper()
	enr, err := c.svc.MFA.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	now := c.clock.Now()
	if err := c.svc.MFA.Confirm(ctx, verify.TOTPCode(enr.Secret, now.Add(-30*time.Second)), verify.TOTPCode(enr.Secret, now)); err != nil {
		t.Fatal(err)
	}
	return enr.Secret
}

// nextCode moves the clock to the next TOTP step and returns its code.
func (c *secureCore) nextCode(secret string) string {
	c.clock.Add(verify.TOTPPeriod * time.Second)
	return verify.TOTPCode(secret, c.clock.Now())
}
