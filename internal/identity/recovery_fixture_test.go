package identity_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/store/sqldb"
	"github.com/watchword/watchword/internal/testkit"
)

// recoveryCore is a real core on SQLite with a keyring, a settable clock and
// one account, acme, whose root user has an email and a mobile.
type recoveryCore struct {
	fx    *testkit.Core
	db    *sqldb.DB
	clock *testkit.Clock
	svc   *identity.Services
	root  *identity.User
	admin context.Context
}

const (
	rcRootPassword = testkit.RootPassword
	rcRootMobile   = "+33611111111"
	rcPublicURL    = "https://watchword.test"
)

// mustRecoveryCore builds the core; edit tunes the recovery config.
func mustRecoveryCore(t *testing.T, edit func(*identity.RecoveryConfig)) *recoveryCore {
	t.Helper()
	return mustRecoveryCoreCodes(t, edit, nil)
}

// mustRecoveryCoreCodes is mustRecoveryCore whose one-time codes come from
// newCode (nil: random ones).
func mustRecoveryCoreCodes(t *testing.T, edit func(*identity.RecoveryConfig), newCode func() string) *recoveryCore {
	t.Helper()
	cfg := identity.RecoveryConfig{PublicURL: rcPublicURL + "/"}
	if edit != nil {
		edit(&cfg)
	}
	fx := testkit.MustServices(t, testkit.Options{Config: identity.Config{Recovery: cfg},
		Account: identity.NewAccount{Mobile: rcRootMobile, Password: rcRootPassword, Locale: "en"},
		NewCode: newCode})
	c := &recoveryCore{fx: fx, db: fx.DB, clock: fx.Clock, svc: fx.Services, root: fx.Root}
	c.admin = c.login(t, identity.LoginInput{AccountName: "acme", Password: rcRootPassword})
	return c
}

// login logs in and returns a context carrying the token's principal.
func (c *recoveryCore) login(t *testing.T, in identity.LoginInput) context.Context {
	t.Helper()
	ctx, _ := c.fx.MustLogin(t, in)
	return ctx
}

// messages returns the notifications queued since the last call.
func (c *recoveryCore) messages(t *testing.T) []notify.Message {
	t.Helper()
	return c.fx.MustClaim(t)
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
	code := m.Secret["code"]
	if !digitsRE.MatchString(code) {
		t.Fatalf("message carries no code: %+v", m.Data)
	}
	return code
}

// tokenIn returns the last path segment of the link a message carries.
func tokenIn(t *testing.T, m notify.Message) string {
	t.Helper()
	link := m.Secret["link"]
	if !strings.HasPrefix(link, rcPublicURL+"/reset/") {
		t.Fatalf("link %q does not start with %s/reset/", link, rcPublicURL)
	}
	return link[strings.LastIndexByte(link, '/')+1:]
}

// from is an anonymous caller at ip.
func from(ip string) context.Context {
	return identity.WithRequest(context.Background(), identity.Request{IP: ip})
}
