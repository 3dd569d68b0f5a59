// Package testkit builds a real core on SQLite for the tests of the core
// and of every face, so that each test package does not write its own.
package testkit

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/password"
	"github.com/watchword/watchword/internal/secret"
	"github.com/watchword/watchword/internal/store/sqldb"
	"github.com/watchword/watchword/internal/store/storetest"
)

// RootPassword is the password of the account's root user unless Options
// says otherwise.
const RootPassword = "Tr0ubadour-Horse-Staple"

// FastHashParams keeps argon2id fast; hashing cost is not what tests test.
func FastHashParams() password.Params {
	return password.Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}
}

// Options tune MustServices. The zero value is a core at a fixed time with
// fast hashing, a keyring and one account, acme.
type Options struct {
	// Now is the core's and the store's clock; nil means a new Clock at
	// storetest's start time, which Core.Clock then holds.
	Now func() time.Time
	// Log defaults to a logger that discards.
	Log *slog.Logger
	// Pool configures the hash pool; zero Params mean FastHashParams.
	Pool password.PoolConfig
	// Keyring defaults to one all-zero key, k1.
	Keyring       *secret.Keyring
	Config        identity.Config
	MaxAccessKeys int
	// Blocklist is the global breached-password filter; nil disables it.
	Blocklist password.Blocklist
	// Open opens the store; nil means storetest.MustOpenSQLite (a test that
	// runs on PostgreSQL too passes storetest.MustOpenPostgres).
	Open storetest.Opener
	// NewCode makes the one-time codes the core sends; nil means
	// verify.RandomCode.
	NewCode func() string
	// Observer hears the core's sign-ins, lockouts and wrong codes; nil
	// counts nothing.
	Observer identity.Observer
	// Account is the account created first; an empty Name, Email or
	// Password takes acme's: "acme", root@acme.test, RootPassword.
	Account identity.NewAccount
}

// Core is a real core (on SQLite unless Options.Open says otherwise) with
// one account.
type Core struct {
	DB       *sqldb.DB
	Services *identity.Services
	// Clock is the settable clock, when Options.Now was nil.
	Clock   *Clock
	Now     func() time.Time
	Pool    *password.Pool
	Keyring *secret.Keyring
	Account *identity.Account
	Root    *identity.User
	// RootCtx carries the root user's principal without a session, as an
	// administrator's token would; MustLogin gives one with a session.
	RootCtx context.Context
}

// MustServices builds the core and creates the account, failing tb on any
// error.
func MustServices(tb testing.TB, o Options) *Core {
	tb.Helper()
	c := &Core{Now: o.Now, Keyring: o.Keyring}
	if c.Now == nil {
		c.Clock = NewClock(storetest.NewClock().Now())
		c.Now = c.Clock.Now
	}
	if c.Keyring == nil {
		c.Keyring = DefaultKeyring()
	}
	if o.Pool.Params == (password.Params{}) {
		o.Pool.Params = FastHashParams()
	}
	if o.Open == nil {
		o.Open = storetest.MustOpenSQLite
	}
	c.DB = o.Open(tb, c.Now)
	c.DB.SetSealer(c.Keyring)
	c.Pool = password.NewPool(o.Pool)
	c.Services = identity.New(identity.Deps{Store: c.DB, Clock: c.Now, Log: o.Log, Hasher: c.Pool,
		Keyring: c.Keyring, Config: o.Config, MaxAccessKeys: o.MaxAccessKeys, Blocklist: o.Blocklist,
		NewCode: o.NewCode, Observer: o.Observer})
	in := o.Account
	if in.Name == "" {
		in.Name = "acme"
	}
	if in.Email == "" {
		in.Email = "root@" + in.Name + ".test"
	}
	if in.Password == "" {
		in.Password = RootPassword
	}
	a, root, err := c.Services.Accounts.Create(context.Background(), in)
	if err != nil {
		tb.Fatalf("create account %s: %v", in.Name, err)
	}
	c.Account, c.Root = a, root
	c.RootCtx = identity.WithPrincipal(context.Background(), identity.Principal{Kind: identity.UserToken, UserID: root.ID,
		AccountID: a.ID, Admin: true})
	return c
}

// MustLogin logs in through the core and returns a context carrying the
// token's principal, as a face's auth middleware would build it, and the
// token.
func (c *Core) MustLogin(tb testing.TB, in identity.LoginInput) (context.Context, string) {
	tb.Helper()
	res, err := c.Services.Auth.Login(context.Background(), in)
	if err != nil {
		tb.Fatalf("login %+v: %v", in, err)
	}
	return c.MustAuth(tb, res.Token), res.Token
}

// MustAuth authenticates token and returns a context carrying its principal.
func (c *Core) MustAuth(tb testing.TB, token string) context.Context {
	tb.Helper()
	p, err := c.Services.Auth.Authenticate(context.Background(), token)
	if err != nil {
		tb.Fatalf("authenticate: %v", err)
	}
	return identity.WithPrincipal(context.Background(), p)
}

// MustLastCode claims every queued notification and returns the code of the
// newest one sent to to, failing tb when none carries a code.
func (c *Core) MustLastCode(tb testing.TB, to string) string {
	tb.Helper()
	code := ""
	msgs := c.MustClaim(tb)
	for _, m := range msgs {
		if m.To == to && m.Secret["code"] != "" {
			code = m.Secret["code"]
		}
	}
	if code == "" {
		tb.Fatalf("no code was sent to %s among %d messages", to, len(msgs))
	}
	return code
}

// MustClaim claims every due notification, as the delivery worker would, and
// opens their sealed secrets (codes, links) into Secret.
func (c *Core) MustClaim(tb testing.TB) []notify.Message {
	tb.Helper()
	return MustClaim(tb, c.DB, c.Keyring)
}

// MustClaim claims every due notification of db and opens their sealed
// secrets with keys into Secret, as the delivery worker does.
func MustClaim(tb testing.TB, db *sqldb.DB, keys notify.Opener) []notify.Message {
	tb.Helper()
	msgs, err := db.ClaimOutbox(context.Background(), 100, time.Hour)
	if err != nil {
		tb.Fatal(err)
	}
	for i, m := range msgs {
		if msgs[i], err = notify.OpenSecrets(keys, m); err != nil {
			tb.Fatal(err)
		}
	}
	return msgs
}

// DefaultKeyring is the keyring a core gets when Options.Keyring is nil: one
// all-zero key, k1. Every call returns an equal keyring, so a test holding
// only the store can open what the core sealed.
func DefaultKeyring() *secret.Keyring {
	ring, err := secret.NewKeyring(secret.Key{ID: "k1", Secret: make([]byte, secret.KeySize)})
	if err != nil {
		panic(err) // a fixed, valid key
	}
	return ring
}
