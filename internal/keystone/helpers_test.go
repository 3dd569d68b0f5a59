package keystone_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/keystone"
	"github.com/watchword/watchword/internal/metrics"
	"github.com/watchword/watchword/internal/password"
	"github.com/watchword/watchword/internal/server"
	"github.com/watchword/watchword/internal/store/sqldb"
	"github.com/watchword/watchword/internal/testkit"
)

// cheapParams keeps argon2id fast in tests; the cost is not what they test.
var cheapParams = testkit.FastHashParams()

// The passwords the fixture starts with.
const (
	rootPassword  = testkit.RootPassword
	alicePassword = "Correct-Battery-42"
)

// env is a real core on SQLite behind the real server router with this face
// mounted at /v3 and /v3.0, and one account, acme, with an IAM user, alice.
type env struct {
	db    *sqldb.DB
	clock *testkit.Clock
	core  *testkit.Core
	pool  *password.Pool
	svc   *identity.Services
	srv   *httptest.Server
	acct  *identity.Account
	root  *identity.User
	alice *identity.User
	admin context.Context // the root user as principal, for core calls
}

type envOption func(*envConfig)

type envConfig struct {
	pool    password.PoolConfig
	maxBody int64
}

// withPool replaces the hashing pool's configuration.
func withPool(c password.PoolConfig) envOption { return func(e *envConfig) { e.pool = c } }

// mustEnv starts the fixture.
func mustEnv(t *testing.T, opts ...envOption) *env {
	t.Helper()
	cfg := envConfig{pool: password.PoolConfig{Params: cheapParams}, maxBody: 64 << 10}
	for _, o := range opts {
		o(&cfg)
	}
	e := &env{clock: testkit.NewClock(time.Now().UTC().Truncate(time.Second))}
	e.core = testkit.MustServices(t, testkit.Options{Now: e.clock.Now, Pool: cfg.pool,
		Account: identity.NewAccount{Locale: "en"}})
	e.db, e.pool, e.svc, e.acct, e.root = e.core.DB, e.core.Pool, e.core.Services, e.core.Account, e.core.Root
	e.admin = e.mustPrincipal(t, "acme", rootPassword)
	var err error
	e.alice, err = e.svc.Users.Create(e.admin, identity.NewUser{Name: "alice", Email: "alice@acme.test",
		Mobile: "+33612345678", Password: alicePassword})
	if err != nil {
		t.Fatalf("create alice: %v", err)
	}
	log := slog.New(slog.DiscardHandler)
	face := keystone.New(keystone.Config{MaxBodyBytes: cfg.maxBody}, e.svc, log)
	h := server.Handler(server.Config{}, server.Faces{Mounts: map[string]http.Handler{"/v3": face, "/v3.0": face}},
		e.db, metrics.New(), log)
	e.srv = httptest.NewServer(h)
	t.Cleanup(e.srv.Close)
	return e
}

// mustPrincipal logs a user of acme in through the core and returns a
// context carrying its principal.
func (e *env) mustPrincipal(t *testing.T, user, pw string) context.Context {
	t.Helper()
	ctx, _ := e.core.MustLogin(t, identity.LoginInput{AccountName: "acme", UserName: user, Password: pw})
	return ctx
}

// authOptions are gophercloud's options for a user of acme.
func (e *env) authOptions(user, pw string) gophercloud.AuthOptions {
	return gophercloud.AuthOptions{IdentityEndpoint: e.srv.URL + "/v3", Username: user, Password: pw, DomainName: "acme"}
}

// mustIdentityClient authenticates with gophercloud and returns an identity
// v3 client with the user's token.
func (e *env) mustIdentityClient(t *testing.T, user, pw string) *gophercloud.ServiceClient {
	t.Helper()
	ctx := context.Background()
	provider, err := openstack.AuthenticatedClient(ctx, e.authOptions(user, pw))
	if err != nil {
		t.Fatalf("authenticate %s: %v", user, err)
	}
	idc, err := openstack.NewIdentityV3(provider, gophercloud.EndpointOpts{})
	if err != nil {
		t.Fatal(err)
	}
	return idc
}

// mustToken gets a token for a user of acme through POST /v3/auth/tokens.
func (e *env) mustToken(t *testing.T, user, pw string) string {
	t.Helper()
	body := `{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"` + user +
		`","domain":{"name":"acme"},"password":"` + pw + `"}}}}}`
	res := e.do(t, "POST", "/v3/auth/tokens", nil, body)
	if res.status != http.StatusCreated || res.header.Get("X-Subject-Token") == "" {
		t.Fatalf("token for %s: %d %s", user, res.status, res.body)
	}
	return res.header.Get("X-Subject-Token")
}

// response is a finished HTTP exchange.
type response struct {
	status int
	header http.Header
	body   string
}

// json decodes the body into a generic map.
func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.body), &m); err != nil {
		t.Fatalf("body is not JSON: %v: %s", err, r.body)
	}
	return m
}

// do sends a request to the test server; headers may be nil.
func (e *env) do(t *testing.T, method, path string, headers map[string]string, body string) response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, header: res.Header, body: string(b)}
}

// pretty re-indents a JSON body, for golden files.
func pretty(t *testing.T, body string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(body), "", "  "); err != nil {
		t.Fatalf("indent: %v: %s", err, body)
	}
	return buf.String() + "\n"
}

// asCode reads the status error gophercloud returns.
func asCode(err error, dst *gophercloud.ErrUnexpectedResponseCode) bool { return errors.As(err, dst) }

func contains(s, sub string) bool { return strings.Contains(s, sub) }
