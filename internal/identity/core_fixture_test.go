package identity_test

import (
	"context"
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/password"
	"github.com/watchword/watchword/internal/store/sqldb"
	"github.com/watchword/watchword/internal/testkit"
)

// cheapParams keeps argon2id fast in tests; the cost is not what they test.
var cheapParams = testkit.FastHashParams()

// The account every core test starts with.
const (
	rootPassword  = testkit.RootPassword
	alicePassword = "Correct-Battery-42"
)

// core is a real core on SQLite with a settable clock and one account, acme,
// whose root user is an administrator.
type core struct {
	fx    *testkit.Core
	db    *sqldb.DB
	clock *testkit.Clock
	svc   *identity.Services
	acct  *identity.Account
	root  *identity.User
	admin context.Context // the root user as principal
}

// mustCoreWith builds the core over a hashing pool configured by pc.
func mustCoreWith(t *testing.T, pc password.PoolConfig) *core {
	t.Helper()
	fx := testkit.MustServices(t, testkit.Options{Pool: pc, Account: identity.NewAccount{Locale: "en"}})
	c := &core{fx: fx, db: fx.DB, clock: fx.Clock, svc: fx.Services, acct: fx.Account, root: fx.Root}
	c.admin = c.mustLogin(t, identity.LoginInput{AccountName: "acme", Password: rootPassword})
	return c
}

func mustCore(t *testing.T) *core {
	t.Helper()
	return mustCoreWith(t, password.PoolConfig{Params: cheapParams})
}

// mustLogin logs in and returns a context carrying the token's principal,
// as a face's auth middleware would build it.
func (c *core) mustLogin(t *testing.T, in identity.LoginInput) context.Context {
	t.Helper()
	ctx, _ := c.mustSession(t, in)
	return ctx
}

// mustSession logs in and returns the principal's context and the token.
func (c *core) mustSession(t *testing.T, in identity.LoginInput) (context.Context, string) {
	t.Helper()
	return c.fx.MustLogin(t, in)
}

// mustAuth authenticates token and returns a context carrying its principal.
func (c *core) mustAuth(t *testing.T, token string) context.Context {
	t.Helper()
	return c.fx.MustAuth(t, token)
}

// mustUser creates an IAM user of acme with a password (empty for none).
func (c *core) mustUser(t *testing.T, in identity.NewUser) *identity.User {
	t.Helper()
	u, err := c.svc.Users.Create(c.admin, in)
	if err != nil {
		t.Fatalf("create user %q: %v", in.Name, err)
	}
	return u
}

// mustAlice creates alice, an IAM user of acme with a password and an email.
func (c *core) mustAlice(t *testing.T) *identity.User {
	t.Helper()
	return c.mustUser(t, identity.NewUser{Name: "alice", Email: "alice@acme.test", Locale: "fr", Password: alicePassword})
}

// mustPolicy replaces acme's password policy.
func (c *core) mustPolicy(t *testing.T, edit func(p *password.Policy)) {
	t.Helper()
	p := password.DefaultPolicy()
	edit(&p)
	if err := c.svc.Accounts.SetPasswordPolicy(c.admin, p); err != nil {
		t.Fatalf("set policy: %v", err)
	}
}

// mustOtherAccount creates a second account, globex, and returns its root
// user and an administrator context for it.
func (c *core) mustOtherAccount(t *testing.T) (*identity.User, context.Context) {
	t.Helper()
	_, root, err := c.svc.Accounts.Create(context.Background(), identity.NewAccount{Name: "globex", Email: "root@globex.test",
		Password: rootPassword})
	if err != nil {
		t.Fatalf("create account: %v", err)
	}
	return root, c.mustLogin(t, identity.LoginInput{AccountName: "globex", Password: rootPassword})
}

// hashOf returns the stored password hash of a user.
func (c *core) hashOf(t *testing.T, id string) string {
	t.Helper()
	u, err := c.db.FindUserByID(context.Background(), id)
	if err != nil {
		t.Fatalf("find user: %v", err)
	}
	return u.PasswordHash
}

// checkFault fails unless err is a fault with this kind, code and message.
func checkFault(t *testing.T, err error, kind fault.Kind, code, message string) {
	t.Helper()
	fe := fault.As(err)
	if err == nil || fe.Kind != kind || fe.Code != code || fe.Message != message {
		t.Fatalf("got %v, want %s %s %q", err, kind, code, message)
	}
}

// Faults every test names more than once.
var (
	badCredentials = [3]string{string(fault.Unauthenticated), "auth.invalid_credentials", "the login or password is incorrect"}
	badToken       = [3]string{string(fault.Unauthenticated), "auth.invalid_token", "the token is missing, invalid or expired"}
	changeRequired = [3]string{string(fault.Forbidden), "password.change_required", "the password must be changed before anything else"}
	noSuchUser     = [3]string{string(fault.NotFound), "user.not_found", "no such user"}
	adminRequired  = [3]string{string(fault.Forbidden), "auth.admin_required", "this operation requires an account administrator"}
)

// checkFaultOf is checkFault for one of the faults above.
func checkFaultOf(t *testing.T, err error, want [3]string) {
	t.Helper()
	checkFault(t, err, fault.Kind(want[0]), want[1], want[2])
}

func ptr[T any](v T) *T { return &v }
