package postgres_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/password"
	"github.com/watchword/watchword/internal/store/postgres"
	"github.com/watchword/watchword/internal/store/sqldb"
	"github.com/watchword/watchword/internal/store/storetest"
)

// TestLockoutSharedByReplicas runs two cores, as two replicas would, over
// two connection pools to one database: failures counted by either lock
// the user on both.
func TestLockoutSharedByReplicas(t *testing.T) {
	url := storetest.MustPostgresURL(t)
	now := func() time.Time { return time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC) }
	var dbs []*sqldb.DB
	var cores []*identity.Services
	for range 2 {
		db, err := postgres.Open(context.Background(), url, now)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs = append(dbs, db)
		cores = append(cores, identity.New(identity.Deps{Store: db, Clock: now,
			Hasher: password.NewPool(password.PoolConfig{Params: password.Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}})}))
	}
	const pw = "Tr0ubadour-Horse-Staple"
	if _, _, err := cores[0].Accounts.Create(context.Background(), identity.NewAccount{Name: "acme", Email: "root@acme.test", Password: pw}); err != nil {
		t.Fatal(err)
	}
	res, err := cores[1].Auth.Login(context.Background(), identity.LoginInput{AccountName: "acme", Password: pw})
	if err != nil {
		t.Fatal(err)
	}
	p, err := cores[1].Auth.Authenticate(context.Background(), res.Token)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cores[1].Accounts.SetLoginPolicy(identity.WithPrincipal(context.Background(), p), identity.LoginPolicy{LoginFailedTimes: 6}); err != nil {
		t.Fatal(err)
	}

	// Six wrong passwords at once, three on each replica.
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Go(func() {
			ctx := identity.WithRequest(context.Background(), identity.Request{IP: "192.0.2.1"})
			_, err := cores[i%2].Auth.Login(ctx, identity.LoginInput{AccountName: "acme", Password: "wrong"})
			if fault.CodeOf(err) != "auth.invalid_credentials" {
				t.Errorf("wrong password: %v", err)
			}
		})
	}
	wg.Wait()
	for i, core := range cores {
		ctx := identity.WithRequest(context.Background(), identity.Request{IP: "192.0.2.1"})
		_, err := core.Auth.Login(ctx, identity.LoginInput{AccountName: "acme", Password: pw})
		if fault.CodeOf(err) != "auth.invalid_credentials" {
			t.Fatalf("replica %d lets a locked user in: %v", i, err)
		}
	}
	msgs, err := dbs[0].ClaimOutbox(context.Background(), 10, time.Minute)
	locks := 0
	for _, m := range msgs {
		if m.Template == notify.Lockout {
			locks++
		}
	}
	if err != nil || locks != 1 {
		t.Fatalf("want exactly one lockout notice, got %d (%v)", locks, err)
	}
}
