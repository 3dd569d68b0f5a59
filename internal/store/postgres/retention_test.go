package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/store/postgres"
	"github.com/watchword/watchword/internal/store/sqldb"
	"github.com/watchword/watchword/internal/store/storetest"
)

// TestPurgeByTwoReplicas: replicas purging at once delete disjoint rows,
// each row once, and neither waits on rows the other holds.
func TestPurgeByTwoReplicas(t *testing.T) {
	url := storetest.MustPostgresURL(t)
	clock := storetest.NewClock()
	var dbs []*sqldb.DB
	for range 2 {
		db, err := postgres.Open(context.Background(), url, clock.Now)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs = append(dbs, db)
	}
	ctx := context.Background()
	a, root := storetest.MustCreateAccount(t, dbs[0], "100000000001", "acme", "root@acme.test")
	const total = 200
	for i := range total {
		now := clock.Now()
		s := &identity.Session{ID: fmt.Sprintf("s%03d", i), TokenHash: fmt.Sprintf("h%03d", i), Kind: identity.UserToken,
			UserID: root.ID, AccountID: a.ID, Method: "password", CreatedAt: now, LastSeenAt: now,
			ExpiresAt: now.Add(time.Minute), IdleUntil: now.Add(time.Minute)}
		if err := dbs[i%2].CreateSession(ctx, s, identity.AuditEvent{}); err != nil {
			t.Fatal(err)
		}
	}
	cutoff := clock.Now().Add(time.Hour)

	t.Run("SkipsLockedRows", func(t *testing.T) {
		// Another replica's purge holds five rows in an open transaction.
		raw, err := sql.Open("pgx", url)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		tx, err := raw.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, `SELECT id FROM sessions WHERE id IN ('s000','s001','s002','s003','s004') FOR UPDATE`); err != nil {
			t.Fatal(err)
		}
		wait, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		n, err := dbs[1].PurgeBatch(wait, identity.PurgeSessions, cutoff, 10)
		if err != nil || n != 10 {
			t.Fatalf("purge beside held rows: %d %v (it must skip them, not wait)", n, err)
		}
		var held int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sessions WHERE id IN ('s000','s001','s002','s003','s004')`).Scan(&held); err != nil || held != 5 {
			t.Fatalf("held rows: %d %v", held, err)
		}
	})

	t.Run("Concurrent", func(t *testing.T) {
		var mu sync.Mutex
		purged := 10 // by the subtest before
		var wg sync.WaitGroup
		for _, db := range dbs {
			wg.Go(func() {
				for {
					n, err := db.PurgeBatch(ctx, identity.PurgeSessions, cutoff, 7)
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					purged += n
					mu.Unlock()
					if n == 0 {
						return
					}
				}
			})
		}
		wg.Wait()
		if purged != total {
			t.Fatalf("purged %d rows in all, want each of %d once", purged, total)
		}
	})
}
