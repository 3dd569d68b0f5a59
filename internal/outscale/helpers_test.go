package outscale_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/outscale"
	"github.com/watchword/watchword/internal/store/sqldb"
	"github.com/watchword/watchword/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// goldenRequestID is the RequestId the test faces answer with: the example
// of Outscale's own spec.
const goldenRequestID = "0475ca1e-d0c5-441d-712a-da55a4175157"

// fixture is a real core on SQLite behind the face, served over HTTP, with
// one account whose root user holds an access key.
type fixture struct {
	srv     *httptest.Server
	db      *sqldb.DB
	svc     *identity.Services
	account *identity.Account
	root    *identity.User
	email   string
	pass    string
	ak, sk  string
	later   atomic.Int64    // nanoseconds added to the core's and the store's clock
	admin   context.Context // the root user as principal
}

// publicURL is the base of the reset links the fixture's core mails.
const publicURL = "https://watchword.test"

// now is the core's and the store's clock: real time, which signatures
// need, moved on by later.
func (f *fixture) now() time.Time { return time.Now().Add(time.Duration(f.later.Load())) }

const testPassword = testkit.RootPassword

// maxSkew widens the core's clock-skew window for signed requests, for a
// test that moves the core's clock by hours (f.later) while the SDK keeps
// signing with the real time.
func maxSkew(d time.Duration) func(*identity.Config) {
	return func(c *identity.Config) { c.SignatureMaxSkew = d }
}

// mustFixture builds the core and the face; the server falls through to a
// 404 for what is not Outscale's, as the real server's mux would.
func mustFixture(t *testing.T, opts ...func(*identity.Config)) *fixture {
	t.Helper()
	f := &fixture{email: "ada@acme.test", pass: testPassword}
	cfg := identity.Config{Recovery: identity.RecoveryConfig{PublicURL: publicURL}}
	for _, o := range opts {
		o(&cfg)
	}
	fx := testkit.MustServices(t, testkit.Options{Now: f.now,
		Config:  cfg,
		Account: identity.NewAccount{Email: f.email, Password: f.pass}})
	f.db, f.svc, f.account, f.root, f.admin = fx.DB, fx.Services, fx.Account, fx.Root, fx.RootCtx
	f.ak, f.sk = f.mustKey(t)
	face := outscale.New(outscale.Config{
		RequestID: func() string { return goldenRequestID },
	}, f.svc, nil)
	mux := http.NewServeMux()
	mux.Handle("/api/", face)
	f.srv = httptest.NewServer(outscale.Front(face, mux))
	t.Cleanup(f.srv.Close)
	return f
}

// rootCtx acts as the account's root user, for setting up through the core.
func (f *fixture) rootCtx() context.Context { return f.admin }

// mustKey creates an access key for the root user through the core.
func (f *fixture) mustKey(t *testing.T) (ak, sk string) {
	t.Helper()
	created, err := f.svc.AccessKeys.Create(f.rootCtx(), identity.NewAccessKey{})
	if err != nil {
		t.Fatal(err)
	}
	return created.Key.ID, created.SecretKey
}

// awsSigned sends body to path signed by the AWS SDK's v4 signer, as
// osc-sdk-go signs (service "oapi") or as curl --aws-sigv4 signs ICU
// (service "icu").
func (f *fixture) awsSigned(t *testing.T, path, service, ak, sk string, header http.Header, body string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, f.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	outscale.SignLikeSDK(t, req, body, ak, sk, service, time.Now())
	return do(t, req)
}

func do(t *testing.T, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// oscCLISign computes an Authorization header exactly as osc-cli's
// ApiCall.get_authorization_header does (the algorithm, restated from
// osc_sdk/sdk.py): canonical headers are the given name:value lines, in
// the given order.
func oscCLISign(alg, prefix, terminal, service, ak, sk, date, uri string, headers [][2]string, body string) string {
	var canonHeaders strings.Builder
	names := make([]string, len(headers))
	for i, h := range headers {
		canonHeaders.WriteString(h[0] + ":" + h[1] + "\n")
		names[i] = h[0]
	}
	signed := strings.Join(names, ";")
	bodySum := sha256.Sum256([]byte(body))
	canonical := strings.Join([]string{"POST", uri, "", canonHeaders.String(), signed, hex.EncodeToString(bodySum[:])}, "\n")
	canonSum := sha256.Sum256([]byte(canonical))
	scope := strings.Join([]string{date[:8], "eu-west-2", service, terminal}, "/")
	toSign := strings.Join([]string{alg, date, scope, hex.EncodeToString(canonSum[:])}, "\n")
	key := []byte(prefix + sk)
	for _, part := range []string{date[:8], "eu-west-2", service, terminal} {
		key = mac(key, part)
	}
	return alg + " Credential=" + ak + "/" + scope + ", SignedHeaders=" + signed + ", Signature=" + hex.EncodeToString(mac(key, toSign))
}

func mac(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// golden compares got, with the account ID masked, to testdata/name.
func (f *fixture) golden(t *testing.T, name string, got []byte) {
	t.Helper()
	got = bytes.ReplaceAll(got, []byte(f.account.ID), []byte("123456789012"))
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(bytes.TrimRight(want, "\n"), got) {
		t.Fatalf("%s:\n got %s\nwant %s", name, got, want)
	}
}

// outbox returns the notifications queued since the last call.
func (f *fixture) outbox(t *testing.T) []notify.Message {
	t.Helper()
	msgs := testkit.MustClaim(t, f.db, testkit.DefaultKeyring())
	for _, m := range msgs {
		if err := f.db.MarkOutboxSent(context.Background(), m.ID); err != nil {
			t.Fatal(err)
		}
	}
	return msgs
}

// mustResetToken returns the token ending the one reset link queued for to.
func (f *fixture) mustResetToken(t *testing.T, to string) string {
	t.Helper()
	var links []string
	for _, m := range f.outbox(t) {
		if m.Template == notify.ResetLink && m.To == to {
			links = append(links, m.Secret["link"])
		}
	}
	if len(links) != 1 || !strings.HasPrefix(links[0], publicURL+"/reset/") {
		t.Fatalf("reset links to %s: %q", to, links)
	}
	return links[0][strings.LastIndexByte(links[0], '/')+1:]
}
