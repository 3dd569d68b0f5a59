package sqlite_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/store/sqldb"
	"github.com/watchword/watchword/internal/store/storetest"
)

// TestErrorObserver: the store reports each driver error it classifies, by
// kind, once: a unique-key violation is a conflict, a closed database
// "other"; a missing row and a business conflict the store checked for
// itself (a name taken) are answers, not errors, and are not reported.
func TestErrorObserver(t *testing.T) {
	db := storetest.MustOpenSQLite(t, nil)
	var mu sync.Mutex
	got := map[string]int{}
	db.SetErrorObserver(func(kind string) { mu.Lock(); got[kind]++; mu.Unlock() })
	ctx := context.Background()
	a, root := storetest.MustCreateAccount(t, db, "100000000001", "acme", "root@acme.test")

	if _, err := db.FindAccountByID(ctx, "nope"); !fault.Is(err, fault.NotFound) {
		t.Fatalf("missing account: %v", err)
	}
	err := db.CreateAccount(ctx, &identity.Account{ID: "2", Name: "acme"}, &identity.User{ID: "2r", AccountID: "2", Name: "acme"}, identity.AuditEvent{})
	if fault.CodeOf(err) != "account.name_taken" {
		t.Fatalf("name taken: %v", err)
	}
	now := time.Now()
	sess := &identity.Session{ID: "s1", TokenHash: "h1", Kind: identity.UserToken, UserID: root.ID, AccountID: a.ID,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour), IdleUntil: now.Add(time.Hour)}
	if err := db.CreateSession(ctx, sess, identity.AuditEvent{}); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateSession(ctx, sess, identity.AuditEvent{}); !fault.Is(err, fault.Conflict) {
		t.Fatalf("the same session twice: %v", err)
	}
	mu.Lock()
	if len(got) != 1 || got[sqldb.ErrorConflict] != 1 {
		t.Errorf("reported %v, want one conflict", got)
	}
	mu.Unlock()

	db.Close()
	sess.ID, sess.TokenHash = "s2", "h2"
	if err := db.CreateSession(ctx, sess, identity.AuditEvent{}); err == nil {
		t.Fatal("a closed store wrote")
	}
	mu.Lock()
	defer mu.Unlock()
	if got[sqldb.ErrorOther] != 1 {
		t.Errorf("reported %v, want one other after the store closed", got)
	}
}
