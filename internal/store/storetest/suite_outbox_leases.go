package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/store/sqldb"
)

// testOutboxLeases: a renewed claim stays its worker's past the first lease;
// a released one is due again at once without counting an attempt; a
// reclaim (SQLite at start) frees every lease.
func testOutboxLeases(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	note := func(to string) notify.Notification {
		return notify.Notification{Channel: notify.Email, To: to, Template: notify.PasswordChangedShowEmail}
	}
	if err := db.Enqueue(ctx, []notify.Notification{note("a@acme.test"), note("b@acme.test"), note("c@acme.test")}); err != nil {
		t.Fatal(err)
	}
	claimed, err := db.ClaimOutbox(ctx, 10, time.Minute)
	if err != nil || len(claimed) != 3 {
		t.Fatalf("claim: %d %v", len(claimed), err)
	}
	ids := map[string]string{}
	for _, m := range claimed {
		ids[m.To] = m.ID
	}
	clock.Add(50 * time.Second)
	if err := db.RenewOutbox(ctx, []string{ids["a@acme.test"]}, time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := db.ReleaseOutbox(ctx, []string{ids["b@acme.test"]}); err != nil {
		t.Fatal(err)
	}
	// Released: due now, first attempt again.
	again, err := db.ClaimOutbox(ctx, 10, time.Minute)
	if err != nil || len(again) != 1 || again[0].To != "b@acme.test" || again[0].Attempts != 1 {
		t.Fatalf("after release: %+v %v", again, err)
	}
	// Past the first lease: c's lapsed and is claimed again; a's was renewed.
	clock.Add(20 * time.Second)
	again, err = db.ClaimOutbox(ctx, 10, time.Minute)
	if err != nil || len(again) != 1 || again[0].To != "c@acme.test" || again[0].Attempts != 2 {
		t.Fatalf("past the first lease: %+v %v", again, err)
	}
	// A reclaim frees every lease still running.
	n, err := db.ReclaimOutbox(ctx)
	if err != nil || n != 3 {
		t.Fatalf("reclaim: %d %v", n, err)
	}
	if again, err := db.ClaimOutbox(ctx, 10, time.Minute); err != nil || len(again) != 3 {
		t.Fatalf("after reclaim: %d %v", len(again), err)
	}
}
