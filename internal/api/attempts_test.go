package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/api/client"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/password"
	"github.com/watchword/watchword/internal/server"
	"github.com/watchword/watchword/internal/store/postgres"
	"github.com/watchword/watchword/internal/store/sqldb"
	"github.com/watchword/watchword/internal/store/storetest"
	"github.com/watchword/watchword/internal/testkit"
)

const attemptsPassword = "Correct-Battery-42"

// mustAttemptsUser creates alice with attemptsPassword and returns her ID.
func (s *apiServer) mustAttemptsUser(t *testing.T) string {
	t.Helper()
	u, err := s.Root.CreateUser(context.Background(), client.NewUser{Name: "alice", Email: "alice@acme.test", Password: attemptsPassword})
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// auditOutcomes counts the audit events of one user and action by outcome.
func (s *apiServer) auditOutcomes(t *testing.T, userID, action string) map[string]int {
	t.Helper()
	evs, err := s.DB.FindAuditEvents(context.Background(), s.AccountID, 1000)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, ev := range evs {
		if ev.UserID == userID && ev.Action == action {
			out[ev.Outcome]++
		}
	}
	return out
}

// send posts a JSON body with an optional bearer token and extra headers.
func (s *apiServer) send(t *testing.T, path, token, body string, hdr map[string]string) rawResponse {
	t.Helper()
	req, err := http.NewRequest("POST", s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return readRaw(t, res)
}

// TestAPIConcurrentGuesses is hole 2 of issue 11 through HTTP: 39 wrong
// passwords in flight at once on POST /v1/auth/login, then the right one
// once five are counted. Only the first five are evaluated; the right one
// gets the wrong password's 401, byte for byte (request IDs aside).
func TestAPIConcurrentGuesses(t *testing.T) {
	s := mustAPIServerWith(t, serverOptions{Pool: password.PoolConfig{Workers: 2, Queue: 64, MaxWait: 30 * time.Second,
		Observer: func(op string, _ time.Duration) {
			if op == "verify" {
				time.Sleep(60 * time.Millisecond) // overlap the guesses
			}
		}}})
	alice := s.mustAttemptsUser(t)
	body := func(pw string) string {
		return `{"account":"acme","username":"alice","password":"` + pw + `"}`
	}
	var wg sync.WaitGroup
	answers := make([]rawResponse, 39)
	for i := range answers {
		wg.Go(func() { answers[i] = s.send(t, "/v1/auth/login", "", body("wrong-password"), nil) })
	}
	for deadline := time.Now().Add(100 * time.Millisecond); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		st, err := s.DB.FindLoginThrottles(context.Background(), []string{"user:" + alice + "|day"})
		if err != nil {
			t.Fatal(err)
		}
		if len(st) == 1 && st[0].Failures >= 5 {
			break
		}
	}
	right := s.send(t, "/v1/auth/login", "", body(attemptsPassword), nil)
	wg.Wait()
	mustProblem(t, right, http.StatusUnauthorized, "auth.invalid_credentials")
	ids := regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	for _, a := range answers {
		if a.Status != http.StatusUnauthorized || ids.ReplaceAllString(string(a.Body), "") != ids.ReplaceAllString(string(right.Body), "") {
			t.Fatalf("a wrong password and the refused right one differ: %d %s / %s", a.Status, a.Body, right.Body)
		}
	}
	if got := s.auditOutcomes(t, alice, "auth.login"); got["auth.invalid_credentials"] != 5 || got["auth.locked"] != 35 || got["success"] != 0 {
		t.Fatalf("want 5 evaluated and 35 refused, audited %v", got)
	}
}

// TestAPICurrentPasswordThrottled is hole 5 of issue 11 on /v1: twelve
// wrong current_password on POST /v1/me/password. The first five are
// evaluated; from then on the user is locked (for this address): the rest,
// and then the right current password, get the same 401
// password.current_invalid without evaluation, and every try is audited.
func TestAPICurrentPasswordThrottled(t *testing.T) {
	s := mustAPIServer(t)
	alice := s.mustAttemptsUser(t)
	tok, err := s.Anon.Login(context.Background(), client.Credentials{Account: "acme", Username: "alice", Password: attemptsPassword})
	if err != nil {
		t.Fatal(err)
	}
	change := func(cur string) rawResponse {
		return s.send(t, "/v1/me/password", tok.AccessToken, `{"current_password":"`+cur+`","new_password":"Fresh-Battery-43"}`, nil)
	}
	for range 12 {
		mustProblem(t, change("wrong-password"), http.StatusUnauthorized, "password.current_invalid")
	}
	mustProblem(t, change(attemptsPassword), http.StatusUnauthorized, "password.current_invalid")
	if got := s.auditOutcomes(t, alice, "password.change"); got["password.current_invalid"] != 5 || got["auth.locked"] != 8 {
		t.Fatalf("audit: %v", got)
	}
	// The lock is the user's sign-in lock too (for this address).
	_, err = s.Anon.Login(context.Background(), client.Credentials{Account: "acme", Username: "alice", Password: attemptsPassword})
	checkClientError(t, err, http.StatusUnauthorized, "auth.invalid_credentials", "")
}

// TestAPISlowDownRetryAfter: fifty failed sign-ins from one address across
// users slow that address down: 429 auth.too_many_attempts with
// Retry-After, whoever it names next; no user is locked by it.
func TestAPISlowDownRetryAfter(t *testing.T) {
	s := mustAPIServer(t)
	s.mustAttemptsUser(t)
	for i := range 50 {
		r := s.send(t, "/v1/auth/login", "", `{"account":"acme","username":"user`+strconv.Itoa(i)+`","password":"guess"}`, nil)
		mustProblem(t, r, http.StatusUnauthorized, "auth.invalid_credentials")
	}
	r := s.send(t, "/v1/auth/login", "", `{"account":"acme","username":"alice","password":"`+attemptsPassword+`"}`, nil)
	mustProblem(t, r, http.StatusTooManyRequests, "auth.too_many_attempts")
	if r.Header.Get("Retry-After") != "900" {
		t.Fatalf("Retry-After %q, want 900", r.Header.Get("Retry-After"))
	}
}

// TestAPIRotatingForwardedFor: behind --trust-proxy, a client that writes a
// new leftmost X-Forwarded-For on each request is still one address (the
// rightmost hop its trusted proxy appended), so forty reset requests hit
// the real limit of 30 an hour per address.
func TestAPIRotatingForwardedFor(t *testing.T) {
	s := mustAPIServerWith(t, serverOptions{Server: server.Config{TrustProxy: true}})
	for i := range 40 {
		r := s.send(t, "/v1/recovery/requests", "", `{"email":"nobody`+strconv.Itoa(i)+`@acme.test","method":"link"}`,
			map[string]string{"X-Forwarded-For": "198.51.100." + strconv.Itoa(i+1) + ", 203.0.113.9"})
		if i < 30 {
			if r.Status != http.StatusAccepted && r.Status != http.StatusOK {
				t.Fatalf("request %d: %d %s", i+1, r.Status, r.Body)
			}
			continue
		}
		mustProblem(t, r, http.StatusTooManyRequests, "rate_limit.exceeded")
		if r.Header.Get("Retry-After") == "" {
			t.Fatalf("request %d: no Retry-After", i+1)
		}
	}
}

// TestAPIResetLinkOnce: a mailed reset link that is never spent keeps
// working (a refused password does not spend it), works once, and then
// never again; an unspent link dies when it expires.
func TestAPIResetLinkOnce(t *testing.T) {
	s := mustAPIServer(t)
	s.mustAttemptsUser(t)
	link := func() string {
		t.Helper()
		r := s.send(t, "/v1/recovery/requests", "", `{"email":"alice@acme.test","method":"link"}`, nil)
		if r.Status != http.StatusAccepted && r.Status != http.StatusOK {
			t.Fatalf("request: %d %s", r.Status, r.Body)
		}
		token := ""
		for _, m := range testkit.MustClaim(t, s.DB, testkit.DefaultKeyring()) {
			if m.Template == notify.ResetLink && m.To == "alice@acme.test" {
				token = m.Secret["link"][strings.LastIndexByte(m.Secret["link"], '/')+1:]
			}
			_ = s.DB.MarkOutboxSent(context.Background(), m.ID)
		}
		if token == "" {
			t.Fatal("no reset link sent")
		}
		return token
	}
	reset := func(token, pw string) rawResponse {
		b, _ := json.Marshal(map[string]string{"token": token, "password": pw, "confirmation": pw})
		return s.send(t, "/v1/recovery/reset", "", string(b), nil)
	}
	token := link()
	if r := reset(token, "short"); r.Status != http.StatusUnprocessableEntity && r.Status != http.StatusBadRequest {
		t.Fatalf("a weak password: %d %s", r.Status, r.Body)
	}
	if r := reset(token, "Fresh-Battery-43"); r.Status/100 != 2 {
		t.Fatalf("the unspent link: %d %s", r.Status, r.Body)
	}
	mustProblem(t, reset(token, "Other-Meadow-Lantern-94"), http.StatusBadRequest, "verify.token_invalid")
	if _, err := s.Anon.Login(context.Background(), client.Credentials{Account: "acme", Username: "alice", Password: "Fresh-Battery-43"}); err != nil {
		t.Fatalf("the password the link set: %v", err)
	}
	token = link()
	s.Clock.Add(30*time.Minute + time.Second)
	mustProblem(t, reset(token, "Other-Meadow-Lantern-94"), http.StatusBadRequest, "verify.token_invalid")
}

// TestConcurrentGuessesAcrossReplicas: the same burst as
// TestAPIConcurrentGuesses, spread over two replicas on one PostgreSQL
// database: the reservation is shared, so the two together evaluate only
// the threshold's five.
func TestConcurrentGuessesAcrossReplicas(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC) }
	url := storetest.MustPostgresURL(t)
	var dbs []*sqldb.DB
	for range 2 {
		db, err := postgres.Open(context.Background(), url, now)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs = append(dbs, db)
	}
	replicas := raceReplicas(t, dbs, now)
	ctx := context.Background()
	tok, err := replicas[1].Login(ctx, client.Credentials{Account: "acme", Password: rootPassword})
	if err != nil {
		t.Fatal(err)
	}
	u, err := replicas[1].WithToken(tok.AccessToken).CreateUser(ctx, client.NewUser{Name: "alice", Email: "alice@acme.test", Password: attemptsPassword})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 39 {
		wg.Go(func() {
			_, err := replicas[i%2].Login(ctx, client.Credentials{Account: "acme", Username: "alice", Password: "wrong-password"})
			if client.CodeOf(err) != "auth.invalid_credentials" {
				t.Errorf("wrong password: %v", err)
			}
		})
	}
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		st, err := dbs[0].FindLoginThrottles(ctx, []string{"user:" + u.ID + "|day"})
		if err != nil {
			t.Fatal(err)
		}
		if len(st) == 1 && st[0].Failures >= 5 {
			break
		}
	}
	_, err = replicas[0].Login(ctx, client.Credentials{Account: "acme", Username: "alice", Password: attemptsPassword})
	wg.Wait()
	if client.CodeOf(err) != "auth.invalid_credentials" {
		t.Fatalf("the right password after five counted wrong ones: %v", err)
	}
	evs, err := dbs[0].FindAuditEvents(ctx, u.AccountID, 1000)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, ev := range evs {
		if ev.UserID == u.ID && ev.Action == "auth.login" {
			got[ev.Outcome]++
		}
	}
	if got["auth.invalid_credentials"] != 5 || got["auth.locked"] != 35 {
		t.Fatalf("want 5 evaluated and 35 refused over both replicas, audited %v", got)
	}
}
