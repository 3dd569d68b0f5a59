package console_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/console"
	"github.com/watchword/watchword/internal/i18n"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/metrics"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/secret"
	"github.com/watchword/watchword/internal/server"
	"github.com/watchword/watchword/internal/store/sqldb"
	"github.com/watchword/watchword/internal/testkit"
)

const rootPassword = testkit.RootPassword

// consoleServer is the whole HTTP stack with the console mounted, over a
// real core on SQLite, with one account, acme.
type consoleServer struct {
	URL       string
	DB        *sqldb.DB
	Svc       *identity.Services
	Log       *testkit.LogBuffer
	Clock     *testkit.ShiftClock
	AccountID string
	client    *http.Client
	core      *testkit.Core
}

// mustConsole starts the stack on httptest with cheap hashing.
func mustConsole(t testing.TB) *consoleServer {
	t.Helper()
	return mustConsoleWith(t, console.Config{})
}

func mustConsoleWith(t testing.TB, cfg console.Config) *consoleServer {
	t.Helper()
	return startConsole(t, cfg, false)
}

// mustConsoleTLS serves the stack over HTTPS.
func mustConsoleTLS(t testing.TB) *consoleServer {
	t.Helper()
	return startConsole(t, console.Config{}, true)
}

func startConsole(t testing.TB, cfg console.Config, tls bool) *consoleServer {
	t.Helper()
	s := &consoleServer{Log: &testkit.LogBuffer{}, Clock: &testkit.ShiftClock{}}
	log := slog.New(slog.NewJSONHandler(s.Log, &slog.HandlerOptions{Level: slog.LevelInfo}))
	keyring, err := secret.NewKeyring(secret.Key{ID: "test", Secret: bytes.Repeat([]byte{7}, secret.KeySize)})
	if err != nil {
		t.Fatal(err)
	}
	fx := testkit.MustServices(t, testkit.Options{Now: s.Clock.Now, Log: log, Keyring: keyring,
		Config: identity.Config{Recovery: identity.RecoveryConfig{PublicURL: "http://console.test"}}})
	s.core, s.DB, s.Svc, s.AccountID = fx, fx.DB, fx.Services, fx.Account.ID
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	c, err := console.New(cfg, s.Svc, cat, log)
	if err != nil {
		t.Fatal(err)
	}
	// The root face stands for ICU, which answers posts to /.
	root := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	h := server.Handler(server.Config{}, server.Faces{Mounts: map[string]http.Handler{console.Path: c}, Root: root}, s.DB, metrics.New(), log)
	srv := httptest.NewUnstartedServer(h)
	if tls {
		srv.StartTLS()
	} else {
		srv.Start()
	}
	s.client = srv.Client()
	t.Cleanup(srv.Close)
	t.Cleanup(func() {
		if strings.Contains(s.Log.String(), `"level":"ERROR"`) {
			t.Errorf("the server logged errors:\n%s", s.Log.String())
		}
	})
	s.URL = srv.URL
	return s
}

// asRoot returns ctx acting as acme's root user, for setting things up
// through the core.
func (s *consoleServer) asRoot(t testing.TB) context.Context {
	t.Helper()
	ctx, _ := s.core.MustLogin(t, identity.LoginInput{AccountName: "acme", Password: rootPassword})
	return ctx
}

// mustUser creates an IAM user of acme with a password.
func (s *consoleServer) mustUser(t testing.TB, in identity.NewUser) *identity.User {
	t.Helper()
	u, err := s.Svc.Users.Create(s.asRoot(t), in)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// lastCode returns the code of the newest queued notification to, taking
// every queued notification off the outbox.
func (s *consoleServer) lastCode(t testing.TB, to string) string {
	t.Helper()
	return s.core.MustLastCode(t, to)
}

// lastNote returns the newest queued notification to with template tmpl.
func (s *consoleServer) lastNote(t testing.TB, to, tmpl string) notify.Message {
	t.Helper()
	msgs := s.core.MustClaim(t)
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].To == to && msgs[i].Template == tmpl {
			return msgs[i]
		}
	}
	t.Fatalf("no %s notification to %s among %d messages", tmpl, to, len(msgs))
	return notify.Message{}
}

// browser is a cookie-keeping client that does not follow redirects, so
// tests see each answer.
type browser struct {
	t    testing.TB
	base *url.URL
	c    *http.Client
	// Lang is sent as Accept-Language.
	Lang string
}

func (s *consoleServer) browser(t testing.TB) *browser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	u, _ := url.Parse(s.URL)
	return &browser{t: t, base: u, Lang: "en", c: &http.Client{Jar: jar, Timeout: 30 * time.Second, Transport: s.client.Transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// page is an answer with its body read.
type page struct {
	Status int
	Header http.Header
	Body   string
	resp   *http.Response
}

// Location is where a redirect points, as a path.
func (p page) Location() string {
	loc := p.Header.Get("Location")
	if u, err := url.Parse(loc); err == nil {
		return u.RequestURI()
	}
	return loc
}

func (b *browser) do(req *http.Request) page {
	b.t.Helper()
	req.Header.Set("Accept-Language", b.Lang)
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return page{Status: resp.StatusCode, Header: resp.Header, Body: string(body), resp: resp}
}

func (b *browser) get(path string) page {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.base.String()+path, nil)
	return b.do(req)
}

// csrf is the browser's CSRF token, from its cookie jar (as a page's form
// would carry it); a GET of the login page first gives it one.
func (b *browser) csrf() string {
	b.t.Helper()
	for i := 0; i < 2; i++ {
		for _, c := range b.c.Jar.Cookies(b.at(console.Path + "/")) {
			if c.Name == "ww_csrf" {
				return c.Value
			}
		}
		b.get(console.Path + "/login")
	}
	b.t.Fatal("no CSRF cookie")
	return ""
}

// post submits a form, adding the CSRF token unless the form sets one.
func (b *browser) post(path string, form url.Values) page {
	b.t.Helper()
	return b.postWith(path, form, nil)
}

func (b *browser) postWith(path string, form url.Values, header http.Header) page {
	b.t.Helper()
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	form = f
	if _, ok := form["csrf_token"]; !ok {
		form.Set("csrf_token", b.csrf())
	}
	req, _ := http.NewRequest(http.MethodPost, b.base.String()+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.base.Scheme+"://"+b.base.Host)
	for k, v := range header {
		req.Header[k] = v
	}
	return b.do(req)
}

// mustLogin logs in through the form and expects to be signed in.
func (b *browser) mustLogin(account, user, pw string) {
	b.t.Helper()
	p := b.post(console.Path+"/login", url.Values{"account": {account}, "user": {user}, "password": {pw}})
	if p.Status != http.StatusSeeOther {
		b.t.Fatalf("login %s/%s: status %d\n%s", account, user, p.Status, text(p.Body))
	}
}

// at is the absolute URL of a path on the server.
func (b *browser) at(path string) *url.URL {
	u, _ := url.Parse(b.base.String() + path)
	return u
}

// cookie returns the browser's cookie of that name for the console.
func (b *browser) cookie(name string) *http.Cookie {
	for _, c := range b.c.Jar.Cookies(b.at(console.Path + "/")) {
		if c.Name == name {
			return c
		}
	}
	return nil
}

var tags = regexp.MustCompile(`(?s)<script.*?</script>|<[^>]+>`)
var spaces = regexp.MustCompile(`\s+`)

// text is a page's visible text, to match against.
func text(body string) string {
	// <wbr> only marks where a line may break, inside a word.
	body = strings.ReplaceAll(body, "<wbr>", "")
	return strings.TrimSpace(spaces.ReplaceAllString(html(tags.ReplaceAllString(body, " ")), " "))
}

func html(s string) string {
	r := strings.NewReplacer("&#39;", "'", "&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#43;", "+", "&quot;", `"`)
	return r.Replace(s)
}

// setCookieNamed returns the Set-Cookie of a response with that name.
func setCookieNamed(p page, name string) *http.Cookie {
	for _, c := range p.resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// tr is the catalog's text for key in lang.
func tr(t testing.TB, lang, key string) string {
	t.Helper()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	msg := cat.T(lang, key, nil)
	if msg == key {
		t.Fatalf("no message %s", key)
	}
	return msg
}
