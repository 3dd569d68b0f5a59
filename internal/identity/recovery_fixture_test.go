package identity_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/password"
	"github.com/watchword/watchword/internal/secret"
	"github.com/watchword/watchword/internal/store/sqldb"
	"github.com/watchword/watchword/internal/store/storetest"
)

// recoveryCore is a real core on SQLite with a keyring, a settable clock and
// one account, acme, whose root user has an email and a mobile.
type recoveryCore struct {
	db    *sqldb.DB
	clock *storetest.Clock
	svc   *identity.Services
	root  *identity.User
	admin context.Context
}

const (
	rcRootPassword = "Tr0ubadour-Horse-Staple"
	rcRootMobile   = "+33611111111"
	rcPublicURL    = "https://watchword.test"
)

// mustRecoveryCore builds the core; edit tunes the recovery config.
func mustRecoveryCore(t *testing.T, edit func(*identity.RecoveryConfig)) *recoveryCore {
	t.Helper()
	c := &recoveryCore{clock: storetest.NewClock()}
	c.db = storetest.MustOpenSQLite(t, c.clock.Now)
	ring, err := secret.ParseKeyring("k1:" + secret.GenerateKey())
	if err != nil {
		t.Fatal(err)
	}
	cfg := identity.RecoveryConfig{PublicURL: rcPublicURL + "/"}
	if edit != nil {
		edit(&cfg)
	}
	c.svc = identity.New(identity.Deps{Store: c.db, Clock: c.clock.Now, Keyring: ring, Config: identity.Config{Recovery: cfg},
		Hasher: password.NewPool(password.PoolConfig{Params: password.Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}})})
	_, root, err := c.svc.Accounts.Create(context.Background(), identity.NewAccount{Name: "acme", Email: "root@acme.test",
		Mobile: rcRootMobile, Password: rcRootPassword, Locale: "en"})
	if err != nil {
		t.Fatalf("create account: %v", err)
	}
	c.root = root
	c.admin = c.login(t, identity.LoginInput{AccountName: "acme", Password: rcRootPassword})
	return c
}

// login logs in and returns a context carrying the token's principal.
func (c *recoveryCore) login(t *testing.T, in identity.LoginInput) context.Context {
	t.Helper()
	res, err := c.svc.Auth.Login(context.Background(), in)
	if err != nil {
		t.Fatalf("login %+v: %v", in, err)
	}
	p, err := c.svc.Auth.Authenticate(context.Background(), res.Token)
	if err != nil {
		t.Fatalf("authenticate: %v", err)
	}
	return identity.WithPrincipal(context.Background(), p)
}

// messages returns the notifications queued since the last call.
func (c *recoveryCore) messages(t *testing.T) []notify.Message {
	t.Helper()
	msgs, err := c.db.ClaimOutbox(context.Background(), 100, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}

// oneMessage returns the only notification queued since the last call.
func (c *recoveryCore) oneMessage(t *testing.T, template, to string) notify.Message {
	t.Helper()
	msgs := c.messages(t)
	if len(msgs) != 1 || msgs[0].Template != template || msgs[0].To != to {
		t.Fatalf("queued %+v, want one %s to %s", msgs, template, to)
	}
	return msgs[0]
}

var digitsRE = regexp.MustCompile(`^[0-9]{6}$`)

// codeIn returns the code a message carries.
func codeIn(t *testing.T, m notify.Message) string {
	t.Helper()
	code := m.Data["code"]
	if !digitsRE.MatchString(code) {
		t.Fatalf("message carries no code: %+v", m.Data)
	}
	return code
}

// tokenIn returns the last path segment of the link a message carries.
func tokenIn(t *testing.T, m notify.Message) string {
	t.Helper()
	link := m.Data["link"]
	if !strings.HasPrefix(link, rcPublicURL+"/reset/") {
		t.Fatalf("link %q does not start with %s/reset/", link, rcPublicURL)
	}
	return link[strings.LastIndexByte(link, '/')+1:]
}

// from is an anonymous caller at ip.
func from(ip string) context.Context {
	return identity.WithRequest(context.Background(), identity.Request{IP: ip})
}

func rcWant(t *testing.T, err error, kind fault.Kind, code string) {
	t.Helper()
	if err == nil || fault.KindOf(err) != kind || fault.CodeOf(err) != code {
		t.Fatalf("got %v (kind %q, code %q), want kind %q code %q", err, fault.KindOf(err), fault.CodeOf(err), kind, code)
	}
}
