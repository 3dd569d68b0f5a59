package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/store/sqldb"
)

func testSignatureReplays(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	t.Run("OnceWhileLive", func(t *testing.T) {
		until := clock.Now().Add(5 * time.Minute)
		if err := db.RecordSignature(ctx, "AK:aa", until); err != nil {
			t.Fatal(err)
		}
		err := db.RecordSignature(ctx, "AK:aa", until)
		if !fault.Is(err, fault.Conflict) || fault.CodeOf(err) != "signature.seen" {
			t.Fatalf("a live signature recorded twice: %v", err)
		}
		if err := db.RecordSignature(ctx, "AK:bb", until); err != nil {
			t.Fatalf("another signature: %v", err)
		}
		clock.Add(5 * time.Minute)
		// At its expiry instant the record is gone: the core keeps it a
		// second past the last instant it accepts the request.
		if err := db.RecordSignature(ctx, "AK:aa", clock.Now().Add(time.Minute)); err != nil {
			t.Fatalf("an expired record still refuses: %v", err)
		}
		if err := db.RecordSignature(ctx, "AK:aa", clock.Now().Add(time.Minute)); !fault.Is(err, fault.Conflict) {
			t.Fatalf("the renewed record does not refuse: %v", err)
		}
	})
	t.Run("ConcurrentExactlyOne", func(t *testing.T) {
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Go(func() { errs[i] = db.RecordSignature(ctx, "AK:race", clock.Now().Add(time.Minute)) })
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case !fault.Is(err, fault.Conflict):
				t.Fatalf("unexpected error: %v", err)
			}
		}
		if won != 1 {
			t.Fatalf("%d of 8 concurrent records won, want 1", won)
		}
	})
	t.Run("Purge", func(t *testing.T) {
		if err := db.RecordSignature(ctx, "AK:old", clock.Now().Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := db.RecordSignature(ctx, "AK:new", clock.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		clock.Add(2 * time.Minute)
		n, err := purge(t, db, clock.Now(), identity.PurgeSignatures)
		if err != nil || n < 1 {
			t.Fatalf("purge: %d %v", n, err)
		}
		if err := db.RecordSignature(ctx, "AK:old", clock.Now().Add(time.Minute)); err != nil {
			t.Fatalf("a purged signature: %v", err)
		}
		if err := db.RecordSignature(ctx, "AK:new", clock.Now().Add(time.Hour)); !fault.Is(err, fault.Conflict) {
			t.Fatalf("purge deleted a live signature: %v", err)
		}
	})
}
