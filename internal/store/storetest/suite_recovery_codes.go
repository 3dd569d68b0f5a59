package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/store/sqldb"
)

// testRecoveryCodes covers MFA recovery codes: a set needs an active
// device and replaces the old one, each code serves once with its login
// challenge (even to racing logins), and removing the device removes them.
func testRecoveryCodes(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	_, root := MustCreateAccount(t, db, "100000000027", "acme", "root@acme.test")
	set := func(step int64, hashes ...string) identity.RecoveryCodeSet {
		return identity.RecoveryCodeSet{UserID: root.ID, Hashes: hashes, Step: step,
			Audit:         identity.AuditEvent{ID: "ev-rc-" + hashes[0], Action: "mfa.recovery_codes.generate", Outcome: "success"},
			Notifications: []notify.Notification{{Channel: notify.Email, To: root.Email, Template: notify.MFAChanged}}}
	}
	challenge := func(id string) {
		t.Helper()
		clock.Add(time.Second)
		if err := db.CreateChallenge(ctx, &identity.ChallengeRecord{ID: id, Purpose: identity.ChallengeLogin, UserID: root.ID,
			AccountID: root.AccountID, Method: identity.VerifyTOTP, CreatedAt: clock.Now(), ExpiresAt: clock.Now().Add(5 * time.Minute)},
			time.Time{}, nil); err != nil {
			t.Fatal(err)
		}
	}
	use := func(challengeID, hash string) error {
		return db.UseRecoveryCode(ctx, identity.RecoveryCodeUse{UserID: root.ID, Hash: hash, ChallengeID: challengeID,
			Audit: identity.AuditEvent{ID: "ev-use-" + challengeID, Action: "mfa.recovery_code.use", Outcome: "success"}})
	}

	if st, err := db.FindRecoveryCodeStatus(ctx, root.ID); err != nil || st.Remaining != 0 || !st.CreatedAt.IsZero() {
		t.Fatalf("no codes yet: %+v %v", st, err)
	}
	wantKind(t, db.ReplaceRecoveryCodes(ctx, set(0, "h1", "h2")), fault.NotFound, "mfa.not_found")
	dev := &identity.MFADevice{UserID: root.ID, AccountID: root.AccountID, SerialNumber: "iam:" + root.AccountID + ":mfa/phone",
		Name: "phone", State: identity.MFAPending, SealedSecret: "v1.k1.s", CreatedAt: clock.Now()}
	if err := db.CreateMFADevice(ctx, dev, identity.AuditEvent{}); err != nil {
		t.Fatal(err)
	}
	wantKind(t, db.ReplaceRecoveryCodes(ctx, set(0, "h1", "h2")), fault.NotFound, "mfa.not_found") // pending only
	if err := db.ActivateMFADevice(ctx, root.ID, dev.SerialNumber, 100, identity.AuditEvent{}, nil); err != nil {
		t.Fatal(err)
	}
	db.ClaimOutbox(ctx, 10, time.Minute)
	// A proof by the device spends its step; a replayed step writes nothing.
	wantKind(t, db.ReplaceRecoveryCodes(ctx, set(100, "h1", "h2")), fault.Invalid, "verify.code_used")
	if st, _ := db.FindRecoveryCodeStatus(ctx, root.ID); st.Remaining != 0 {
		t.Fatalf("a refused set was stored: %+v", st)
	}
	if err := db.ReplaceRecoveryCodes(ctx, set(101, "h1", "h2", "h3")); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.FindMFADevice(ctx, root.ID); got.LastStep != 101 {
		t.Errorf("the proof's step was not spent: %d", got.LastStep)
	}
	if st, err := db.FindRecoveryCodeStatus(ctx, root.ID); err != nil || st.Remaining != 3 || !st.CreatedAt.Equal(clock.Now()) {
		t.Fatalf("after a set: %+v %v", st, err)
	}
	if msgs, err := db.ClaimOutbox(ctx, 10, time.Minute); err != nil || len(msgs) != 1 || msgs[0].Template != notify.MFAChanged {
		t.Fatalf("set notification: %+v %v", msgs, err)
	}

	// Each code serves once, with its challenge.
	challenge("c1")
	wantKind(t, use("c1", "nope"), fault.NotFound, "recovery_code.not_found")
	if err := use("c1", "h1"); err != nil {
		t.Fatal(err)
	}
	if st, _ := db.FindRecoveryCodeStatus(ctx, root.ID); st.Remaining != 2 {
		t.Fatalf("after a use: %+v", st)
	}
	challenge("c2")
	wantKind(t, use("c2", "h1"), fault.NotFound, "recovery_code.not_found")
	// A spent challenge keeps the code unspent.
	wantKind(t, use("c1", "h2"), fault.Invalid, "verify.code_used")
	if st, _ := db.FindRecoveryCodeStatus(ctx, root.ID); st.Remaining != 2 {
		t.Fatalf("a refused use spent a code: %+v", st)
	}
	// Two logins racing with one code: one wins.
	challenge("c3")
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for _, id := range []string{"c2", "c3"} {
		wg.Go(func() {
			if use(id, "h2") == nil {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if wins != 1 {
		t.Errorf("one code served %d logins", wins)
	}

	// A new set voids the old; removing the device removes the set.
	clock.Add(time.Minute)
	if err := db.ReplaceRecoveryCodes(ctx, set(0, "n1", "n2")); err != nil {
		t.Fatal(err)
	}
	challenge("c4")
	wantKind(t, use("c4", "h3"), fault.NotFound, "recovery_code.not_found")
	if st, _ := db.FindRecoveryCodeStatus(ctx, root.ID); st.Remaining != 2 {
		t.Fatalf("after a new set: %+v", st)
	}
	if err := db.DeleteMFADevice(ctx, identity.MFARemoval{UserID: root.ID}); err != nil {
		t.Fatal(err)
	}
	if st, _ := db.FindRecoveryCodeStatus(ctx, root.ID); st.Remaining != 0 {
		t.Fatalf("the codes outlived the device: %+v", st)
	}
}
