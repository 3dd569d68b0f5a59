package storetest

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/store/sqldb"
)

func mustSession(t *testing.T, db *sqldb.DB, clock *Clock, id, userID, accountID string) *identity.Session {
	t.Helper()
	now := clock.Now()
	s := &identity.Session{ID: id, TokenHash: "hash-" + id, Kind: identity.UserToken, UserID: userID, AccountID: accountID,
		Method: "password", CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour), IdleUntil: now.Add(time.Hour)}
	if err := db.CreateSession(context.Background(), s, identity.AuditEvent{}); err != nil {
		t.Fatal(err)
	}
	return s
}

func testSetPassword(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	a, root := MustCreateAccount(t, db, "100000000001", "acme", "root@acme.test")
	mustSession(t, db, clock, "keep", root.ID, a.ID)
	mustSession(t, db, clock, "other", root.ID, a.ID)
	note := notify.Notification{Channel: notify.Email, To: root.Email, Template: notify.PasswordChangedShowEmail, Locale: "en", Data: map[string]string{"name": "acme"}}
	prev := root.PasswordHash
	for i, h := range []string{"$h1", "$h2", "$h3"} {
		clock.Add(time.Second)
		w := identity.PasswordWrite{Void: resetVoid, UserID: root.ID, Hash: h, ExpectHash: prev, KeepSessionID: "keep", HistoryKeep: 2,
			Notifications: []notify.Notification{note}, Audit: identity.AuditEvent{ID: "pw" + h, Action: "password.change", Outcome: "success"}}
		if err := db.SetPassword(ctx, w); err != nil {
			t.Fatalf("set %d: %v", i, err)
		}
		prev = h
	}
	u, _ := db.FindUserByID(ctx, root.ID)
	if u.PasswordHash != "$h3" || u.PasswordOrigin != identity.OriginLocal || !u.PasswordChangedAt.Equal(clock.Now()) {
		t.Fatalf("user after set: %+v", u)
	}
	hist, err := db.PasswordHistory(ctx, root.ID, 10)
	if err != nil || len(hist) != 2 || hist[0] != "$h2" || hist[1] != "$h1" {
		t.Fatalf("history %v %v", hist, err)
	}
	keep, _ := db.FindSessionByTokenHash(ctx, "hash-keep")
	other, _ := db.FindSessionByTokenHash(ctx, "hash-other")
	if keep.RevokedAt != nil || other.RevokedAt == nil {
		t.Fatalf("revocation: keep %v other %v", keep.RevokedAt, other.RevokedAt)
	}
	msgs, err := db.ClaimOutbox(ctx, 10, time.Minute)
	if err != nil || len(msgs) != 3 || msgs[0].To != root.Email || msgs[0].Data["name"] != "acme" {
		t.Fatalf("outbox %+v %v", msgs, err)
	}
	wantKind(t, db.SetPassword(ctx, identity.PasswordWrite{Void: resetVoid, UserID: "nope", Hash: "x"}), fault.NotFound, "user.not_found")

	t.Run("RehashLosesToConcurrentChange", func(t *testing.T) {
		if err := db.RehashPassword(ctx, root.ID, "$stale", "$rehash"); err != nil {
			t.Fatal(err)
		}
		if u, _ := db.FindUserByID(ctx, root.ID); u.PasswordHash != "$h3" {
			t.Fatalf("rehash overwrote a newer hash: %s", u.PasswordHash)
		}
		if err := db.RehashPassword(ctx, root.ID, "$h3", "$rehash"); err != nil {
			t.Fatal(err)
		}
		if u, _ := db.FindUserByID(ctx, root.ID); u.PasswordHash != "$rehash" {
			t.Fatalf("rehash not applied: %s", u.PasswordHash)
		}
	})
	t.Run("UnrestrictOnlyWhenTold", func(t *testing.T) {
		now := clock.Now()
		s := &identity.Session{ID: "forced", TokenHash: "hash-forced", Kind: identity.UserToken, UserID: root.ID, AccountID: a.ID,
			Method: "password", Restricted: "password_change", CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour), IdleUntil: now.Add(time.Hour)}
		if err := db.CreateSession(ctx, s, identity.AuditEvent{}); err != nil {
			t.Fatal(err)
		}
		for i, unrestrict := range []bool{false, true} {
			u, _ := db.FindUserByID(ctx, root.ID)
			if err := db.SetPassword(ctx, identity.PasswordWrite{UserID: root.ID, Hash: "$forced-" + strconv.Itoa(i), ExpectHash: u.PasswordHash,
				KeepSessionID: "forced", Unrestrict: unrestrict, HistoryKeep: 2}); err != nil {
				t.Fatal(err)
			}
			got, _ := db.FindSessionByTokenHash(ctx, "hash-forced")
			if want := map[bool]string{false: "password_change", true: ""}[unrestrict]; got.Restricted != want || got.RevokedAt != nil {
				t.Fatalf("Unrestrict %v: restricted %q revoked %v", unrestrict, got.Restricted, got.RevokedAt)
			}
		}
	})
}

func testSessions(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	a, root := MustCreateAccount(t, db, "100000000001", "acme", "root@acme.test")
	s := mustSession(t, db, clock, "s1", root.ID, a.ID)
	got, err := db.FindSessionByTokenHash(ctx, s.TokenHash)
	if err != nil || got.UserID != root.ID || !got.Admin || got.Kind != identity.UserToken || !got.ExpiresAt.Equal(s.ExpiresAt) {
		t.Fatalf("find: %+v %v", got, err)
	}
	_, err = db.FindSessionByTokenHash(ctx, "unknown")
	wantKind(t, err, fault.NotFound, "")
	later := clock.Now().Add(10 * time.Minute)
	if err := db.TouchSession(ctx, "s1", later, later.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, _ = db.FindSessionByTokenHash(ctx, s.TokenHash)
	if !got.LastSeenAt.Equal(later) {
		t.Fatalf("touch: %v", got.LastSeenAt)
	}
	mustSession(t, db, clock, "s2", root.ID, a.ID)
	list, err := db.FindSessions(ctx, root.ID)
	if err != nil || len(list) != 2 {
		t.Fatalf("list %d %v", len(list), err)
	}
	if err := db.RevokeSession(ctx, "s1", identity.AuditEvent{}); err != nil {
		t.Fatal(err)
	}
	wantKind(t, db.RevokeSession(ctx, "s1", identity.AuditEvent{}), fault.NotFound, "")
	if list, _ := db.FindSessions(ctx, root.ID); len(list) != 1 || list[0].ID != "s2" {
		t.Fatalf("after revoke: %v", list)
	}
}

func testClients(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	a, _ := MustCreateAccount(t, db, "100000000001", "acme", "root@acme.test")
	c := &identity.APIClient{ID: "c1", AccountID: a.ID, Name: "ci", SecretHash: "h"}
	if err := db.CreateAPIClient(ctx, c, identity.AuditEvent{}); err != nil {
		t.Fatal(err)
	}
	wantKind(t, db.CreateAPIClient(ctx, &identity.APIClient{ID: "c2", AccountID: a.ID, Name: "ci"}, identity.AuditEvent{}), fault.Conflict, "client.name_taken")
	now := clock.Now()
	if err := db.CreateSession(ctx, &identity.Session{ID: "cs", TokenHash: "ch", Kind: identity.ClientToken, ClientID: "c1",
		AccountID: a.ID, Method: "client_credentials", CreatedAt: now, ExpiresAt: now.Add(time.Hour), IdleUntil: now.Add(time.Hour)}, identity.AuditEvent{}); err != nil {
		t.Fatal(err)
	}
	if got, err := db.FindAPIClientByID(ctx, "c1"); err != nil || got.Name != "ci" {
		t.Fatalf("find %+v %v", got, err)
	}
	if list, err := db.FindAPIClientsPage(ctx, a.ID, 10, nil); err != nil || len(list) != 1 {
		t.Fatalf("list %v %v", list, err)
	}
	if err := db.DeleteAPIClient(ctx, "c1", identity.AuditEvent{}); err != nil {
		t.Fatal(err)
	}
	_, err := db.FindSessionByTokenHash(ctx, "ch")
	wantKind(t, err, fault.NotFound, "") // the client's tokens went with it
}

func testOutbox(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	n := notify.Notification{Channel: notify.SMS, To: "+33612345678", Template: notify.VerificationCode, Data: map[string]string{"code": "123456"}}
	if err := db.Enqueue(ctx, []notify.Notification{n, n}); err != nil {
		t.Fatal(err)
	}
	first, err := db.ClaimOutbox(ctx, 1, time.Minute)
	if err != nil || len(first) != 1 || first[0].Attempts != 1 || first[0].Data["code"] != "123456" {
		t.Fatalf("claim: %+v %v", first, err)
	}
	second, _ := db.ClaimOutbox(ctx, 10, time.Minute)
	if len(second) != 1 || second[0].ID == first[0].ID {
		t.Fatalf("a leased message was claimed twice: %+v", second)
	}
	if again, _ := db.ClaimOutbox(ctx, 10, time.Minute); len(again) != 0 {
		t.Fatalf("leased messages claimable: %+v", again)
	}
	if err := db.MarkOutboxSent(ctx, first[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkOutboxFailed(ctx, second[0].ID, clock.Now().Add(time.Minute), "smtp down", false); err != nil {
		t.Fatal(err)
	}
	if due, _ := db.ClaimOutbox(ctx, 10, time.Minute); len(due) != 0 {
		t.Fatalf("retried before its time: %+v", due)
	}
	clock.Add(2 * time.Minute)
	retry, _ := db.ClaimOutbox(ctx, 10, time.Minute)
	if len(retry) != 1 || retry[0].Attempts != 2 {
		t.Fatalf("retry: %+v", retry)
	}
	// A worker that dies leaves its lease to run out; the message is due again.
	clock.Add(2 * time.Minute)
	if again, _ := db.ClaimOutbox(ctx, 10, time.Minute); len(again) != 1 {
		t.Fatalf("expired lease not reclaimed: %+v", again)
	}
	if err := db.MarkOutboxFailed(ctx, retry[0].ID, clock.Now(), "gave up", true); err != nil {
		t.Fatal(err)
	}
	dead, err := db.FindOutbox(ctx, "dead", 10)
	if err != nil || len(dead) != 1 || dead[0].LastError != "gave up" {
		t.Fatalf("dead letters: %+v %v", dead, err)
	}
}

func testAudit(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	a, _ := MustCreateAccount(t, db, "100000000001", "acme", "root@acme.test")
	clock.Add(time.Second)
	if err := db.AddAuditEvent(ctx, identity.AuditEvent{ID: "e2", AccountID: a.ID, Action: "auth.login", Outcome: "auth.invalid_credentials",
		IP: "127.0.0.1", Detail: map[string]string{"k": "v"}}); err != nil {
		t.Fatal(err)
	}
	evs, err := db.FindAuditEvents(ctx, a.ID, 10)
	if err != nil || len(evs) != 1 || evs[0].Action != "auth.login" || evs[0].Detail["k"] != "v" {
		t.Fatalf("events %+v %v", evs, err)
	}
}
