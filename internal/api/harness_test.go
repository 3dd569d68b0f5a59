package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/api"
	"github.com/watchword/watchword/internal/api/client"
	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/metrics"
	"github.com/watchword/watchword/internal/password"
	"github.com/watchword/watchword/internal/server"
	"github.com/watchword/watchword/internal/store/sqldb"
	"github.com/watchword/watchword/internal/store/storetest"
	"github.com/watchword/watchword/internal/testkit"
)

const rootPassword = testkit.RootPassword

// apiServer is the whole HTTP stack (server middleware, health, metrics and
// the /v1 face) over a real core on SQLite, with one account, acme.
type apiServer struct {
	URL   string
	DB    *sqldb.DB
	Svc   *identity.Services
	Clock *testkit.ShiftClock
	Log   *testkit.LogBuffer
	Anon  *client.Client // no token
	Root  *client.Client // acme's root user
	// AccountID is acme's ID.
	AccountID string
}

// serverOptions tune mustAPIServer.
type serverOptions struct {
	API    api.Config
	Pool   password.PoolConfig
	Server server.Config
	// Core tunes the core (e.g. BruteForceDisabled).
	Core identity.Config
	// Served, when set, records the routes the face answers.
	Served *servedRoutes
	// Open opens the store; nil means SQLite.
	Open storetest.Opener
}

// mustAPIServer starts the stack on httptest with cheap hashing.
func mustAPIServer(t *testing.T) *apiServer {
	t.Helper()
	return mustAPIServerWith(t, serverOptions{})
}

func mustAPIServerWith(t *testing.T, o serverOptions) *apiServer {
	t.Helper()
	s := &apiServer{Clock: &testkit.ShiftClock{}, Log: &testkit.LogBuffer{}}
	log := slog.New(slog.NewJSONHandler(s.Log, &slog.HandlerOptions{Level: slog.LevelInfo}))
	m := metrics.New()
	if own := o.Pool.Observer; own != nil {
		o.Pool.Observer = func(op string, d time.Duration) { m.ObserveHash(op, d); own(op, d) }
	} else {
		o.Pool.Observer = m.ObserveHash
	}
	fx := testkit.MustServices(t, testkit.Options{Now: s.Clock.Now, Log: log, Pool: o.Pool, Config: o.Core, Open: o.Open})
	s.DB, s.Svc, s.AccountID = fx.DB, fx.Services, fx.Account.ID
	face := api.New(o.API, s.Svc, log)
	if o.Served != nil {
		face = o.Served.record(face)
	}
	h := server.Handler(o.Server, server.Faces{API: face}, s.DB, m, log)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	t.Cleanup(func() {
		if strings.Contains(s.Log.String(), `"level":"ERROR"`) {
			t.Errorf("the server logged errors:\n%s", s.Log.String())
		}
	})
	s.URL = srv.URL
	s.Anon = client.New(srv.URL, srv.Client())
	s.Root = s.mustLogin(t, client.Credentials{Account: "acme", Password: rootPassword})
	return s
}

// servedRoutes records, by route pattern, the statuses a face answered.
type servedRoutes struct {
	mu       sync.Mutex
	statuses map[string][]int
}

// record wraps a face so that each answer is recorded under the pattern the
// face's mux reports to the route slot.
func (l *servedRoutes) record(face http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, route := httpx.WithRouteSlot(r.Context())
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		face.ServeHTTP(sw, r.WithContext(ctx))
		l.mu.Lock()
		defer l.mu.Unlock()
		if l.statuses == nil {
			l.statuses = map[string][]int{}
		}
		l.statuses[*route] = append(l.statuses[*route], sw.status)
	})
}

// succeeded reports whether route ("GET /v1/me") answered a 2xx once.
func (l *servedRoutes) succeeded(route string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.ContainsFunc(l.statuses[route], func(s int) bool { return s >= 200 && s < 300 })
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

// mustLogin logs in through the API and returns a client with the token.
func (s *apiServer) mustLogin(t *testing.T, in client.Credentials) *client.Client {
	t.Helper()
	tok, err := s.Anon.Login(context.Background(), in)
	if err != nil {
		t.Fatalf("login %s/%s%s: %v", in.Account, in.Username, in.Email, err)
	}
	return s.Anon.WithToken(tok.AccessToken)
}

// mustOtherAccount creates globex and returns its root user's client.
func (s *apiServer) mustOtherAccount(t *testing.T) *client.Client {
	t.Helper()
	if _, _, err := s.Svc.Accounts.Create(context.Background(), identity.NewAccount{Name: "globex", Email: "root@globex.test",
		Password: rootPassword}); err != nil {
		t.Fatal(err)
	}
	return s.mustLogin(t, client.Credentials{Account: "globex", Password: rootPassword})
}

// rawResponse is an answer read whole.
type rawResponse struct {
	Status int
	Header http.Header
	Body   []byte
}

// raw sends a request the public client would never send.
func (s *apiServer) raw(t *testing.T, method, path, token, contentType string, body []byte) rawResponse {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return readRaw(t, res)
}

// readRaw reads and closes an answer.
func readRaw(t *testing.T, res *http.Response) rawResponse {
	t.Helper()
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return rawResponse{Status: res.StatusCode, Header: res.Header, Body: b}
}

// problem is the problem+json body as the tests read it.
type problem struct {
	Type   string        `json:"type"`
	Title  string        `json:"title"`
	Status int           `json:"status"`
	Detail string        `json:"detail"`
	Code   string        `json:"code"`
	Field  string        `json:"field"`
	Rules  []client.Rule `json:"rules"`
}

// mustProblem checks that r is a problem+json answer with this status and
// code, and returns it.
func mustProblem(t *testing.T, r rawResponse, status int, code string) problem {
	t.Helper()
	var p problem
	if err := json.Unmarshal(r.Body, &p); err != nil {
		t.Fatalf("status %d, body %q is not JSON: %v", r.Status, r.Body, err)
	}
	if r.Status != status || p.Status != status || p.Code != code || p.Type != "urn:watchword:problem:"+code ||
		p.Title != http.StatusText(status) || p.Detail == "" || r.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("got %d %s %+v, want %d %s problem+json", r.Status, r.Header.Get("Content-Type"), p, status, code)
	}
	return p
}

// checkClientError checks an error the public client returned.
func checkClientError(t *testing.T, err error, status int, code, detail string) {
	t.Helper()
	var e *client.Error
	if !errors.As(err, &e) || e.Status != status || e.Code != code || (detail != "" && e.Detail != detail) ||
		e.ContentType != "application/problem+json" || e.Type != "urn:watchword:problem:"+code {
		t.Fatalf("got %v, want %d %s %q", err, status, code, detail)
	}
}

func ptr[T any](v T) *T { return &v }
