package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/store/sqldb"
)

// recoveryKinds are the one-time secrets of recovery and sign-in, purged
// once expired.
var recoveryKinds = []identity.PurgeKind{identity.PurgeCodes, identity.PurgeTokens, identity.PurgeCaptchas,
	identity.PurgeRateLimits, identity.PurgeChallenges}

// purge runs each kind's batches to the end at cutoff and returns the rows
// deleted in all.
func purge(t *testing.T, db *sqldb.DB, cutoff time.Time, kinds ...identity.PurgeKind) (int, error) {
	t.Helper()
	total := 0
	for _, k := range kinds {
		for {
			n, err := db.PurgeBatch(context.Background(), k, cutoff, 1000)
			if err != nil {
				return total, err
			}
			total += n
			if n < 1000 {
				break
			}
		}
	}
	return total, nil
}

func testRetention(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	a, root := MustCreateAccount(t, db, "100000000001", "acme", "root@acme.test")

	t.Run("Sessions", func(t *testing.T) {
		start := clock.Now()
		session := func(id string, ttl time.Duration) *identity.Session {
			s := &identity.Session{ID: id, TokenHash: "hash-" + id, Kind: identity.UserToken, UserID: root.ID, AccountID: a.ID,
				Method: "password", CreatedAt: start, LastSeenAt: start, ExpiresAt: start.Add(ttl), IdleUntil: start.Add(ttl)}
			if err := db.CreateSession(ctx, s, identity.AuditEvent{}); err != nil {
				t.Fatal(err)
			}
			return s
		}
		expired := session("expired", time.Hour)
		revoked := session("revoked", 12*time.Hour)
		live := session("live", 12*time.Hour)
		clock.Add(2 * time.Hour)
		if err := db.RevokeSession(ctx, revoked.ID, identity.AuditEvent{}); err != nil { // at start+2h
			t.Fatal(err)
		}
		// The cutoff is the grace before now: rows ended after it stay.
		if n, err := purge(t, db, start.Add(time.Hour), identity.PurgeSessions); err != nil || n != 0 {
			t.Fatalf("purge at the expiry instant: %d %v", n, err)
		}
		if n, err := purge(t, db, start.Add(90*time.Minute), identity.PurgeSessions); err != nil || n != 1 {
			t.Fatalf("purge past the expiry: %d %v", n, err)
		}
		wantSession(t, db, expired, false)
		wantSession(t, db, revoked, true) // revoked at start+2h, after the cutoff
		if n, err := purge(t, db, start.Add(150*time.Minute), identity.PurgeSessions); err != nil || n != 1 {
			t.Fatalf("purge past the revocation: %d %v", n, err)
		}
		wantSession(t, db, revoked, false)
		wantSession(t, db, live, true)
	})

	t.Run("Batches", func(t *testing.T) {
		for i := range 25 {
			mustSession(t, db, clock, fmt.Sprintf("batch-%02d", i), root.ID, a.ID)
		}
		// These 25 have expired by then; "live" has not.
		clock.Add(2 * time.Hour)
		cutoff := clock.Now().Add(-time.Minute)
		for _, want := range []int{10, 10, 5, 0} {
			n, err := db.PurgeBatch(ctx, identity.PurgeSessions, cutoff, 10)
			if err != nil || n != want {
				t.Fatalf("batch: %d %v, want %d", n, err, want)
			}
		}
	})

	t.Run("Audit", func(t *testing.T) {
		acme, _ := MustCreateAccount(t, db, "100000000002", "audited", "root@audited.test")
		old := clock.Now()
		add := func(id string) {
			if err := db.AddAuditEvent(ctx, identity.AuditEvent{ID: id, AccountID: acme.ID, Action: "auth.login", Outcome: "success"}); err != nil {
				t.Fatal(err)
			}
		}
		add("old")
		clock.Add(time.Minute)
		add("new")
		if n, err := purge(t, db, old.Add(time.Second), identity.PurgeAudit); err != nil || n < 1 {
			t.Fatalf("purge: %d %v", n, err)
		}
		evs, err := db.FindAuditEvents(ctx, acme.ID, 10)
		if err != nil || len(evs) != 1 || evs[0].ID != "new" {
			t.Fatalf("after purge: %+v %v", evs, err)
		}
	})

	t.Run("Throttles", func(t *testing.T) {
		fail := func(key string, lockout time.Duration) identity.ThrottleState {
			t.Helper()
			st, err := db.RecordLoginFailure(ctx, []identity.ThrottleRule{{Key: key, MaxFailures: 1, Window: time.Hour,
				Lockout: lockout, MaxLockout: 4 * lockout}}, identity.AuditEvent{}, nil)
			if err != nil || len(st) != 1 {
				t.Fatalf("failure: %+v %v", st, err)
			}
			return st[0]
		}
		fail("user:quiet", time.Minute)
		fail("user:locked", 72*time.Hour)
		clock.Add(49 * time.Hour)
		if n, err := purge(t, db, clock.Now().Add(-48*time.Hour), identity.PurgeThrottles); err != nil || n != 1 {
			t.Fatalf("purge: %d %v", n, err)
		}
		// The quiet key's lockout count starts again; the locked key is
		// kept, lock and all, until its lock is over.
		if st := fail("user:quiet", time.Minute); st.Lockouts != 1 {
			t.Fatalf("quiet key after purge: %+v", st)
		}
		got, err := db.FindLoginThrottlesUnder(ctx, "user:locked")
		if err != nil || len(got) != 1 || got[0].Lockouts != 1 || !got[0].Locked(clock.Now()) {
			t.Fatalf("locked key after purge: %+v %v", got, err)
		}
	})

	t.Run("Notifications", func(t *testing.T) {
		note := func(to string) notify.Notification {
			return notify.Notification{Channel: notify.Email, To: to, Template: notify.PasswordChangedShowEmail}
		}
		if err := db.Enqueue(ctx, []notify.Notification{note("sent@acme.test"), note("dead@acme.test"), note("pending@acme.test")}); err != nil {
			t.Fatal(err)
		}
		msgs, err := db.ClaimOutbox(ctx, 10, time.Minute)
		if err != nil || len(msgs) != 3 {
			t.Fatalf("claim: %d %v", len(msgs), err)
		}
		ended := clock.Now()
		for _, m := range msgs {
			switch m.To {
			case "sent@acme.test":
				err = db.MarkOutboxSent(ctx, m.ID)
			case "dead@acme.test":
				err = db.MarkOutboxFailed(ctx, m.ID, ended, "refused", true)
			case "pending@acme.test":
				err = db.MarkOutboxFailed(ctx, m.ID, ended.Add(time.Hour), "later", false)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		clock.Add(time.Hour)
		cutoff := ended.Add(time.Second)
		if n, err := purge(t, db, cutoff, identity.PurgeSentNotifications); err != nil || n != 1 {
			t.Fatalf("purge sent: %d %v", n, err)
		}
		if n, err := purge(t, db, cutoff, identity.PurgeDeadNotifications); err != nil || n != 1 {
			t.Fatalf("purge dead: %d %v", n, err)
		}
		rows, err := db.FindOutbox(ctx, "", 10)
		if err != nil || len(rows) != 1 || rows[0].To != "pending@acme.test" {
			t.Fatalf("after purge: %+v %v", rows, err)
		}
	})

	t.Run("UnknownKind", func(t *testing.T) {
		if _, err := db.PurgeBatch(ctx, "everything", clock.Now(), 10); err == nil {
			t.Fatal("an unknown kind purged")
		}
	})
}

// wantSession checks whether s is still stored.
func wantSession(t *testing.T, db *sqldb.DB, s *identity.Session, kept bool) {
	t.Helper()
	_, err := db.FindSessionByTokenHash(context.Background(), s.TokenHash)
	if kept && err != nil {
		t.Fatalf("session %s was purged: %v", s.ID, err)
	}
	if !kept && !fault.Is(err, fault.NotFound) {
		t.Fatalf("session %s was kept: %v", s.ID, err)
	}
}
