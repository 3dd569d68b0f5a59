package api_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/api"
	"github.com/watchword/watchword/internal/api/client"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/metrics"
	"github.com/watchword/watchword/internal/password"
	"github.com/watchword/watchword/internal/server"
	"github.com/watchword/watchword/internal/store/postgres"
	"github.com/watchword/watchword/internal/store/sqldb"
	"github.com/watchword/watchword/internal/store/storetest"
)

// raceReplicas starts one /v1 server per store, every store on the same
// database, as replicas behind a load balancer would be, and creates acme.
func raceReplicas(t *testing.T, dbs []*sqldb.DB, now func() time.Time) []*client.Client {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	var out []*client.Client
	for i, db := range dbs {
		svc := identity.New(identity.Deps{Store: db, Clock: now, Log: log,
			Hasher: password.NewPool(password.PoolConfig{Params: raceHashParams, MaxWait: time.Minute})})
		if i == 0 {
			if _, _, err := svc.Accounts.Create(context.Background(), identity.NewAccount{Name: "acme", Email: "root@acme.test",
				Password: rootPassword}); err != nil {
				t.Fatal(err)
			}
		}
		srv := httptest.NewServer(server.Handler(server.Config{}, server.Faces{API: api.New(api.Config{}, svc, log)}, db, metrics.New(), log))
		t.Cleanup(srv.Close)
		out = append(out, client.New(srv.URL, srv.Client()))
	}
	return out
}

// TestPasswordChangeRace sends 20 changes of one user's password at once,
// all with the right current password and each with its own new one,
// spread over the replicas: the write is a compare-and-swap on the hash the
// change verified, so exactly one wins and every other is told its current
// password is wrong (it is, by then), and the password left is the winner's.
func TestPasswordChangeRace(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC) }
	for name, open := range map[string]func(t *testing.T) []*sqldb.DB{
		"sqlite": func(t *testing.T) []*sqldb.DB { return []*sqldb.DB{storetest.MustOpenSQLite(t, now)} },
		"postgres": func(t *testing.T) []*sqldb.DB {
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
			return dbs
		},
	} {
		t.Run(name, func(t *testing.T) {
			dbs := open(t)
			replicas := raceReplicas(t, dbs, now)
			ctx := context.Background()
			tok, err := replicas[0].Login(ctx, client.Credentials{Account: "acme", Password: rootPassword})
			if err != nil {
				t.Fatal(err)
			}
			const n = 20
			var (
				wg      sync.WaitGroup
				start   = make(chan struct{})
				mu      sync.Mutex
				winners []string
			)
			for i := range n {
				newPassword := fmt.Sprintf("Racing-Candidate-%02d", i)
				c := replicas[i%len(replicas)].WithToken(tok.AccessToken)
				wg.Go(func() {
					<-start
					_, err := c.ChangePassword(ctx, client.PasswordChange{CurrentPassword: rootPassword, NewPassword: newPassword})
					var e *client.Error
					switch {
					case err == nil:
						mu.Lock()
						winners = append(winners, newPassword)
						mu.Unlock()
					case errors.As(err, &e) && e.Status == http.StatusUnauthorized && e.Code == "password.current_invalid":
					default:
						t.Errorf("change to %s: %v", newPassword, err)
					}
				})
			}
			close(start)
			wg.Wait()
			if len(winners) != 1 {
				t.Fatalf("%d of %d concurrent changes succeeded (%v), want exactly one", len(winners), n, winners)
			}
			// The stored password is the winner's. (Logging in to check would
			// meet the lockout: the losers that read the new hash count as
			// wrong current passwords.)
			u, err := dbs[0].FindUserByName(ctx, "acme", "acme")
			if err != nil {
				t.Fatal(err)
			}
			hasher := password.NewPool(password.PoolConfig{Params: raceHashParams})
			for i := range n {
				pw := fmt.Sprintf("Racing-Candidate-%02d", i)
				ok, _, err := hasher.Verify(ctx, pw, u.PasswordHash)
				if err != nil || ok != (pw == winners[0]) {
					t.Fatalf("stored hash matches %s: %v (%v), winner %s", pw, ok, err, winners[0])
				}
			}
		})
	}
}

// raceHashParams make a hash take a few milliseconds, as a real one takes
// tens: long enough for the requests of a burst to overlap, as they do in
// production, where the test's cheapest hashes would let them run one after
// another.
var raceHashParams = password.Params{MemoryKiB: 4096, Iterations: 2, Parallelism: 1, SaltLen: 16, KeyLen: 32}
