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

// testLoginSecurity covers login policies, failure counters, virtual MFA
// devices, challenges and bulk session revocation.
func testLoginSecurity(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	a, root := MustCreateAccount(t, db, "100000000001", "acme", "root@acme.test")

	t.Run("LoginPolicy", func(t *testing.T) {
		got, err := db.FindLoginPolicy(ctx, a.ID)
		if err != nil || got != (identity.LoginPolicy{}) {
			t.Fatalf("unset policy: %+v %v", got, err)
		}
		p := identity.LoginPolicy{LockoutDuration: 20, LoginFailedTimes: 3, PeriodWithLoginFailures: 30, SessionTimeout: 60,
			ShowRecentLoginInfo: true, CustomInfoForLogin: "Authorised use only", AccountValidityPeriod: 90}
		if err := db.SetLoginPolicy(ctx, a.ID, p, identity.AuditEvent{ID: "ev-lp", Action: "policy.login.update", Outcome: "success"}); err != nil {
			t.Fatal(err)
		}
		if got, err := db.FindLoginPolicy(ctx, a.ID); err != nil || got != p {
			t.Fatalf("read back %+v %v", got, err)
		}
		_, err = db.FindLoginPolicy(ctx, "nope")
		wantKind(t, err, fault.NotFound, "account.not_found")
		wantKind(t, db.SetLoginPolicy(ctx, "nope", p, identity.AuditEvent{}), fault.NotFound, "account.not_found")
	})

	t.Run("Throttle", func(t *testing.T) { testThrottle(t, db, clock, root) })
	t.Run("ThrottleConcurrent", func(t *testing.T) {
		rule := identity.ThrottleRule{Key: "ip:198.51.100.9", MaxFailures: 1000, Window: time.Hour, Lockout: time.Minute, MaxLockout: time.Hour}
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				if _, err := db.RecordLoginFailure(ctx, []identity.ThrottleRule{rule}, identity.AuditEvent{}, nil); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		got, err := db.FindLoginThrottles(ctx, []string{rule.Key})
		if err != nil || len(got) != 1 || got[0].Failures != 20 {
			t.Fatalf("20 concurrent failures counted as %+v %v", got, err)
		}
	})
	t.Run("ThrottleReserveSettle", func(t *testing.T) { testThrottleReserveSettle(t, db, clock, root) })
	t.Run("MFADevices", func(t *testing.T) { testMFADevices(t, db, clock, root) })
	t.Run("Challenges", func(t *testing.T) { testChallenges(t, db, clock, root) })
	t.Run("Avatars", func(t *testing.T) {
		_, err := db.FindAvatar(ctx, root.ID)
		wantKind(t, err, fault.NotFound, "avatar.not_found")
		a := &identity.Avatar{UserID: root.ID, PNG: []byte("\x89PNG\r\n\x1a\n\x00\xff"), ETag: `"e1"`, UpdatedAt: clock.Now()}
		if err := db.SetAvatar(ctx, a, identity.AuditEvent{ID: "ev-av", Action: "avatar.update", Outcome: "success"}); err != nil {
			t.Fatal(err)
		}
		a.PNG, a.ETag = []byte("\x89PNG\r\n\x1a\n\x01"), `"e2"`
		if err := db.SetAvatar(ctx, a, identity.AuditEvent{}); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindAvatar(ctx, root.ID)
		if err != nil || string(got.PNG) != string(a.PNG) || got.ETag != `"e2"` || !got.UpdatedAt.Equal(clock.Now()) {
			t.Fatalf("read back: %+v %v", got, err)
		}
		wantKind(t, db.SetAvatar(ctx, &identity.Avatar{UserID: "nope", PNG: []byte("x")}, identity.AuditEvent{}), fault.NotFound, "user.not_found")
		if err := db.DeleteAvatar(ctx, root.ID, identity.AuditEvent{}); err != nil {
			t.Fatal(err)
		}
		_, err = db.FindAvatar(ctx, root.ID)
		wantKind(t, err, fault.NotFound, "avatar.not_found")
		if err := db.DeleteAvatar(ctx, root.ID, identity.AuditEvent{}); err != nil {
			t.Fatalf("deleting no avatar: %v", err)
		}
	})
	t.Run("RevokeOtherSessionsAndLastLogin", func(t *testing.T) {
		if at, ip, err := db.LastLogin(ctx, root.ID); err != nil || !at.IsZero() || ip != "" {
			t.Fatalf("last login before any: %v %q %v", at, ip, err)
		}
		for _, id := range []string{"keep", "other1", "other2"} {
			clock.Add(time.Second)
			mustSession(t, db, clock, id, root.ID, a.ID)
		}
		at, _, err := db.LastLogin(ctx, root.ID)
		if err != nil || !at.Equal(clock.Now()) {
			t.Fatalf("last login %v, want %v (%v)", at, clock.Now(), err)
		}
		n, err := db.RevokeOtherSessions(ctx, root.ID, "keep", identity.AuditEvent{ID: "ev-ro", Action: "session.revoke_others", Outcome: "success"})
		if err != nil || n != 2 {
			t.Fatalf("revoked %d %v", n, err)
		}
		if list, _ := db.FindSessions(ctx, root.ID); len(list) != 1 || list[0].ID != "keep" {
			t.Fatalf("left %+v", list)
		}
	})
}

func testThrottle(t *testing.T, db *sqldb.DB, clock *Clock, root *identity.User) {
	ctx := context.Background()
	rule := identity.ThrottleRule{Key: "user:" + root.ID, MaxFailures: 3, Window: 15 * time.Minute, Lockout: 15 * time.Minute, MaxLockout: 40 * time.Minute}
	locks := 0
	onLock := func(st identity.ThrottleState) []notify.Notification {
		locks++
		return []notify.Notification{{Channel: notify.Email, To: root.Email, Template: notify.Lockout, Data: map[string]string{"name": "acme"}}}
	}
	fail := func() identity.ThrottleState {
		t.Helper()
		st, err := db.RecordLoginFailure(ctx, []identity.ThrottleRule{rule}, identity.AuditEvent{}, onLock)
		if err != nil || len(st) != 1 {
			t.Fatalf("record: %+v %v", st, err)
		}
		return st[0]
	}
	if st := fail(); st.Failures != 1 || st.JustLocked || st.Locked(clock.Now()) {
		t.Fatalf("first failure: %+v", st)
	}
	// A new window starts once the old one is over.
	clock.Add(16 * time.Minute)
	if st := fail(); st.Failures != 1 {
		t.Fatalf("new window: %+v", st)
	}
	fail()
	st := fail()
	if !st.JustLocked || !st.LockedUntil.Equal(clock.Now().Add(15*time.Minute)) || st.Lockouts != 1 || locks != 1 {
		t.Fatalf("third failure must lock for 15 min: %+v (locks %d)", st, locks)
	}
	msgs, err := db.ClaimOutbox(ctx, 10, time.Minute)
	if err != nil || len(msgs) != 1 || msgs[0].Template != notify.Lockout {
		t.Fatalf("lockout notice: %+v %v", msgs, err)
	}
	if err := db.MarkOutboxSent(ctx, msgs[0].ID); err != nil {
		t.Fatal(err)
	}
	// Failures while locked count but do not lock again.
	for range 4 {
		if st := fail(); st.JustLocked {
			t.Fatalf("locked again while locked: %+v", st)
		}
	}
	got, err := db.FindLoginThrottles(ctx, []string{rule.Key, "ip:unknown"})
	if err != nil || len(got) != 1 || !got[0].Locked(clock.Now()) || got[0].Lockouts != 1 {
		t.Fatalf("find: %+v %v", got, err)
	}
	// The second lockout doubles; the third is capped.
	clock.Add(16 * time.Minute)
	for range 2 {
		fail()
	}
	if st := fail(); !st.JustLocked || !st.LockedUntil.Equal(clock.Now().Add(30*time.Minute)) {
		t.Fatalf("second lockout must double: %+v", st)
	}
	clock.Add(31 * time.Minute)
	for range 2 {
		fail()
	}
	if st := fail(); !st.JustLocked || !st.LockedUntil.Equal(clock.Now().Add(40*time.Minute)) {
		t.Fatalf("third lockout must be capped at 40 min: %+v", st)
	}
	if err := db.ClearLoginThrottle(ctx, rule.Key, identity.AuditEvent{ID: "ev-unlock", Action: "user.unlock", Outcome: "success"}); err != nil {
		t.Fatal(err)
	}
	if got, err := db.FindLoginThrottles(ctx, []string{rule.Key}); err != nil || len(got) != 0 {
		t.Fatalf("after clear: %+v %v", got, err)
	}
	if msgs, err := db.ClaimOutbox(ctx, 10, time.Minute); err != nil || len(msgs) != 2 || locks != 3 {
		t.Fatalf("one notice per lockout: %d more notices, %d locks, %v", len(msgs), locks, err)
	}
}

// testThrottleReserveSettle covers the password proof's counters: an
// attempt reserved before it is evaluated, then settled (a failure's audit
// and notice, or a success's clear and refund) in one transaction, and
// keys scoped under a user's key found and cleared together.
func testThrottleReserveSettle(t *testing.T, db *sqldb.DB, clock *Clock, root *identity.User) {
	ctx := context.Background()
	user := "user:" + root.ID
	perIP := identity.ThrottleRule{Key: user + "|ip:192.0.2.7", MaxFailures: 2, Window: 15 * time.Minute, Lockout: 15 * time.Minute, MaxLockout: time.Hour}
	day := identity.ThrottleRule{Key: user + "|day", MaxFailures: 100, Window: 24 * time.Hour, Lockout: 24 * time.Hour, MaxLockout: 24 * time.Hour}
	// A key that merely starts like the user's is not under it.
	other := identity.ThrottleRule{Key: user + "x|day", MaxFailures: 100, Window: time.Hour, Lockout: time.Hour, MaxLockout: time.Hour}
	reserve := func(rules ...identity.ThrottleRule) []identity.ThrottleState {
		t.Helper()
		st, err := db.ReserveLoginAttempt(ctx, rules)
		if err != nil || len(st) == 0 {
			t.Fatalf("reserve: %+v %v", st, err)
		}
		return st
	}
	reserve(other)
	if st := reserve(perIP, day); st[0].Failures != 1 || st[1].Failures != 1 || st[0].JustLocked {
		t.Fatalf("first reservation: %+v", st)
	}
	// The second locks the per-IP key: it is the threshold's last attempt.
	st := reserve(perIP, day)
	if !st[0].JustLocked || st[1].Failures != 2 {
		t.Fatalf("second reservation must lock: %+v", st)
	}
	// Settled as a failure: audit and notice in one write.
	note := notify.Notification{Channel: notify.Email, To: root.Email, Template: notify.Lockout, Data: map[string]string{"name": "acme"}}
	if err := db.SettleLoginAttempt(ctx, identity.AttemptSettlement{Audit: identity.AuditEvent{ID: "ev-fail", AccountID: root.AccountID,
		UserID: root.ID, Action: "auth.login", Outcome: "auth.invalid_credentials"}, Notifications: []notify.Notification{note}}); err != nil {
		t.Fatal(err)
	}
	msgs, err := db.ClaimOutbox(ctx, 10, time.Minute)
	if err != nil || len(msgs) != 1 || msgs[0].Template != notify.Lockout {
		t.Fatalf("lockout notice: %+v %v", msgs, err)
	}
	if err := db.MarkOutboxSent(ctx, msgs[0].ID); err != nil {
		t.Fatal(err)
	}
	// A third, while locked, is counted and not let through, and the keys
	// after the locked one are not charged for it.
	if st := reserve(perIP, day); len(st) != 1 || !st[0].Locked(clock.Now()) || st[0].JustLocked {
		t.Fatalf("reserved while locked: %+v", st)
	}
	// Unless the locked key's rule lets the charging pass on.
	passing := perIP
	passing.PassLocked = true
	if st := reserve(passing, day); len(st) != 2 || st[1].Failures != 3 {
		t.Fatalf("reserved past a PassLocked key: %+v", st)
	}
	under, err := db.FindLoginThrottlesUnder(ctx, user)
	if err != nil || len(under) != 2 || under[0].Key != day.Key || under[0].Failures != 3 || under[1].Key != perIP.Key {
		t.Fatalf("under the user's key: %+v %v", under, err)
	}
	// A success clears one key and gives its attempt back to another.
	if err := db.SettleLoginAttempt(ctx, identity.AttemptSettlement{Keys: []identity.SettledKey{{Key: perIP.Key, Clear: true}, {Key: day.Key}}}); err != nil {
		t.Fatal(err)
	}
	under, err = db.FindLoginThrottlesUnder(ctx, user)
	if err != nil || len(under) != 1 || under[0].Key != day.Key || under[0].Failures != 2 {
		t.Fatalf("after a success: %+v %v", under, err)
	}
	// Clearing the user's key clears every key under it, and no other.
	if err := db.ClearLoginThrottle(ctx, user, identity.AuditEvent{}); err != nil {
		t.Fatal(err)
	}
	if under, err := db.FindLoginThrottlesUnder(ctx, user); err != nil || len(under) != 0 {
		t.Fatalf("after clearing the user: %+v %v", under, err)
	}
	if got, err := db.FindLoginThrottles(ctx, []string{other.Key}); err != nil || len(got) != 1 {
		t.Fatalf("a key outside the user's was cleared: %+v %v", got, err)
	}
}

func testMFADevices(t *testing.T, db *sqldb.DB, clock *Clock, root *identity.User) {
	ctx := context.Background()
	other := &identity.User{ID: "u-bob", AccountID: root.AccountID, Name: "bob", PasswordOrigin: identity.OriginUnset, LoginVerification: "off", Enabled: true}
	if err := db.CreateUser(ctx, other, identity.AuditEvent{}); err != nil {
		t.Fatal(err)
	}
	dev := func(userID, name string) *identity.MFADevice {
		return &identity.MFADevice{UserID: userID, AccountID: root.AccountID, SerialNumber: "iam:" + root.AccountID + ":mfa/" + name,
			Name: name, State: identity.MFAPending, SealedSecret: "v1.k1.secret-" + name, SealedURI: "v1.k1.uri-" + name, CreatedAt: clock.Now()}
	}
	if _, err := db.FindMFADevice(ctx, root.ID); fault.CodeOf(err) != "mfa.not_found" {
		t.Fatalf("no device yet: %v", err)
	}
	if err := db.CreateMFADevice(ctx, dev(root.ID, "phone"), identity.AuditEvent{}); err != nil {
		t.Fatal(err)
	}
	// A new pending device replaces the pending one.
	if err := db.CreateMFADevice(ctx, dev(root.ID, "tablet"), identity.AuditEvent{}); err != nil {
		t.Fatal(err)
	}
	wantKind(t, db.CreateMFADevice(ctx, dev(other.ID, "tablet"), identity.AuditEvent{}), fault.Conflict, "mfa.serial_taken")
	got, err := db.FindMFADevice(ctx, root.ID)
	if err != nil || got.Name != "tablet" || got.State != identity.MFAPending || got.SealedURI != "v1.k1.uri-tablet" {
		t.Fatalf("pending device: %+v %v", got, err)
	}
	wantKind(t, db.ActivateMFADevice(ctx, root.ID, "wrong-serial", 5, identity.AuditEvent{}, nil), fault.NotFound, "mfa.not_found")
	wantKind(t, db.UseMFAStep(ctx, root.ID, 9), fault.NotFound, "mfa.not_found")
	note := notify.Notification{Channel: notify.Email, To: root.Email, Template: notify.MFAChanged, Data: map[string]string{"method": "bound"}}
	if err := db.ActivateMFADevice(ctx, root.ID, got.SerialNumber, 100, identity.AuditEvent{ID: "ev-bind", Action: "mfa.bind", Outcome: "success"},
		[]notify.Notification{note}); err != nil {
		t.Fatal(err)
	}
	got, _ = db.FindMFADevice(ctx, root.ID)
	if got.State != identity.MFAActive || got.LastStep != 100 || got.SealedURI != "" || !got.BoundAt.Equal(clock.Now()) {
		t.Fatalf("active device: %+v", got)
	}
	wantKind(t, db.CreateMFADevice(ctx, dev(root.ID, "again"), identity.AuditEvent{}), fault.Conflict, "mfa.already_bound")
	wantKind(t, db.UseMFAStep(ctx, root.ID, 100), fault.Invalid, "verify.code_used")
	wantKind(t, db.UseMFAStep(ctx, root.ID, 99), fault.Invalid, "verify.code_used")
	if err := db.UseMFAStep(ctx, root.ID, 101); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateMFADevice(ctx, dev(other.ID, "bobphone"), identity.AuditEvent{}); err != nil {
		t.Fatal(err)
	}
	if list, err := db.FindMFADevices(ctx, root.AccountID); err != nil || len(list) != 2 {
		t.Fatalf("list: %+v %v", list, err)
	}
	// Deleting the device applies the fallback it is given, to a user
	// still on its From method.
	if err := db.SetLoginVerification(ctx, identity.LoginVerificationWrite{UserID: root.ID, Method: identity.VerifyTOTP, RequireMFA: true}); err != nil {
		t.Fatal(err)
	}
	totpOff := identity.VerificationFallback{From: identity.VerifyTOTP, To: identity.VerifyOff}
	wantKind(t, db.DeleteMFADevice(ctx, identity.MFARemoval{UserID: root.ID, Serial: "wrong-serial", Fallback: totpOff}), fault.NotFound, "mfa.not_found")
	if err := db.DeleteMFADevice(ctx, identity.MFARemoval{UserID: root.ID, Serial: got.SerialNumber, Fallback: totpOff,
		Audit: identity.AuditEvent{ID: "ev-unbind", Action: "mfa.unbind", Outcome: "success"}, Notifications: []notify.Notification{note}}); err != nil {
		t.Fatal(err)
	}
	if u, _ := db.FindUserByID(ctx, root.ID); u.LoginVerification != identity.VerifyOff {
		t.Fatalf("login verification after unbind: %q", u.LoginVerification)
	}
	wantKind(t, db.SetLoginVerification(ctx, identity.LoginVerificationWrite{UserID: root.ID, Method: identity.VerifyTOTP, RequireMFA: true}), fault.Conflict, "login_verification.mfa_required")
	msgs, err := db.ClaimOutbox(ctx, 10, time.Minute)
	if err != nil || len(msgs) != 2 || msgs[0].Template != notify.MFAChanged {
		t.Fatalf("notifications: %+v %v", msgs, err)
	}
	// A user no longer on the fallback's From method keeps its own.
	if err := db.SetLoginVerification(ctx, identity.LoginVerificationWrite{UserID: other.ID, Method: identity.VerifyEmail}); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteMFADevice(ctx, identity.MFARemoval{UserID: other.ID, Fallback: totpOff}); err != nil {
		t.Fatal(err)
	}
	if u, _ := db.FindUserByID(ctx, other.ID); u.LoginVerification != identity.VerifyEmail {
		t.Fatalf("a fallback from totp moved a user on email to %q", u.LoginVerification)
	}
}

func testChallenges(t *testing.T, db *sqldb.DB, clock *Clock, root *identity.User) {
	ctx := context.Background()
	ch := func(id, purpose, target string) *identity.ChallengeRecord {
		return &identity.ChallengeRecord{ID: id, Purpose: purpose, UserID: root.ID, AccountID: root.AccountID, Method: identity.VerifyEmail,
			Target: target, CodeHash: "hash-" + id, PasswordChangedAt: clock.Now(), Restricted: "password_change", IP: "192.0.2.1",
			CreatedAt: clock.Now(), ExpiresAt: clock.Now().Add(5 * time.Minute)}
	}
	note := notify.Notification{Channel: notify.Email, To: root.Email, Template: notify.VerificationCode, Data: map[string]string{"code": "123456"}}
	if err := db.CreateChallenge(ctx, ch("c1", identity.ChallengeLogin, ""), time.Time{}, []notify.Notification{note}); err != nil {
		t.Fatal(err)
	}
	got, err := db.AttemptChallenge(ctx, "c1")
	if err != nil || got.Attempts != 0 || got.CodeHash != "hash-c1" || got.Restricted != "password_change" || got.Voided ||
		!got.ExpiresAt.Equal(clock.Now().Add(5*time.Minute)) || !got.PasswordChangedAt.Equal(clock.Now()) {
		t.Fatalf("first attempt: %+v %v", got, err)
	}
	if got, _ = db.AttemptChallenge(ctx, "c1"); got.Attempts != 1 {
		t.Fatalf("second attempt counts the first: %+v", got)
	}
	_, err = db.AttemptChallenge(ctx, "nope")
	wantKind(t, err, fault.NotFound, "challenge.not_found")
	// A new challenge of the purpose voids the earlier one.
	clock.Add(time.Second)
	if err := db.CreateChallenge(ctx, ch("c2", identity.ChallengeLogin, ""), time.Time{}, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ = db.AttemptChallenge(ctx, "c1"); !got.Voided {
		t.Fatalf("c1 not voided: %+v", got)
	}
	wantKind(t, db.UseChallenge(ctx, "c1", root.ID, 0), fault.Invalid, "verify.code_used")
	if err := db.UseChallenge(ctx, "c2", root.ID, 0); err != nil {
		t.Fatal(err)
	}
	wantKind(t, db.UseChallenge(ctx, "c2", root.ID, 0), fault.Invalid, "verify.code_used")
	if got, _ = db.AttemptChallenge(ctx, "c2"); got.UsedAt == nil {
		t.Fatalf("c2 not marked used: %+v", got)
	}

	// Codes for changing the method are found by user, purpose and target.
	for i, target := range []string{identity.VerifySMS, identity.VerifyEmail} {
		clock.Add(time.Second)
		if err := db.CreateChallenge(ctx, ch("v"+target, identity.ChallengeVerificationChange, target), time.Time{}, nil); err != nil {
			t.Fatal(i, err)
		}
	}
	got, err = db.AttemptLatestChallenge(ctx, root.ID, identity.ChallengeVerificationChange, identity.VerifyEmail)
	if err != nil || got.ID != "vemail" || got.Voided {
		t.Fatalf("latest email change code: %+v %v", got, err)
	}
	_, err = db.AttemptLatestChallenge(ctx, root.ID, identity.ChallengeVerificationChange, identity.VerifyTOTP)
	wantKind(t, err, fault.NotFound, "challenge.not_found")
	change := notify.Notification{Channel: notify.Email, To: root.Email, Template: notify.LoginVerificationChanged, Data: map[string]string{"method": "email"}}
	if err := db.SetLoginVerification(ctx, identity.LoginVerificationWrite{UserID: root.ID, Method: identity.VerifyEmail, ChallengeIDs: []string{"vemail"},
		Audit: identity.AuditEvent{ID: "ev-lv", Action: "login_verification.update", Outcome: "success"}, Notifications: []notify.Notification{change}}); err != nil {
		t.Fatal(err)
	}
	if u, _ := db.FindUserByID(ctx, root.ID); u.LoginVerification != identity.VerifyEmail {
		t.Fatalf("method %q", u.LoginVerification)
	}
	wantKind(t, db.SetLoginVerification(ctx, identity.LoginVerificationWrite{UserID: root.ID, Method: identity.VerifyOff, ChallengeIDs: []string{"vemail"}}), fault.Invalid, "verify.code_used")
	if u, _ := db.FindUserByID(ctx, root.ID); u.LoginVerification != identity.VerifyEmail {
		t.Fatalf("a refused change must not apply: %q", u.LoginVerification)
	}
	wantKind(t, db.SetLoginVerification(ctx, identity.LoginVerificationWrite{UserID: "nope", Method: identity.VerifyOff}), fault.NotFound, "user.not_found")

	// Two codes sent within one clock tick: the one the second voided is
	// never taken for the latest.
	for _, id := range []string{"vsame1", "vsame2"} {
		if err := db.CreateChallenge(ctx, ch(id, identity.ChallengeVerificationChange, identity.VerifySMS), time.Time{}, nil); err != nil {
			t.Fatal(err)
		}
	}
	got, err = db.AttemptLatestChallenge(ctx, root.ID, identity.ChallengeVerificationChange, identity.VerifySMS)
	if err != nil || got.ID != "vsame2" || got.Voided {
		t.Fatalf("latest of two codes sent at once: %+v %v", got, err)
	}
	// A switch between two methods that are on spends the code of each, in
	// one transaction; neither serves again.
	if err := db.CreateChallenge(ctx, ch("vproof", identity.ChallengeVerificationProof, identity.VerifySMS), time.Time{}, nil); err != nil {
		t.Fatal(err)
	}
	if got, err := db.AttemptLatestChallenge(ctx, root.ID, identity.ChallengeVerificationChange, identity.VerifySMS); err != nil || got.ID != "vsame2" || got.Voided {
		t.Fatalf("a code of the factor in use voided the new factor's: %+v %v", got, err)
	}
	if err := db.SetLoginVerification(ctx, identity.LoginVerificationWrite{UserID: root.ID, Method: identity.VerifySMS, ChallengeIDs: []string{"vproof", "vsame2"}}); err != nil {
		t.Fatal(err)
	}
	wantKind(t, db.SetLoginVerification(ctx, identity.LoginVerificationWrite{UserID: root.ID, Method: identity.VerifyOff, ChallengeIDs: []string{"vproof"}}), fault.Invalid, "verify.code_used")
	wantKind(t, db.SetLoginVerification(ctx, identity.LoginVerificationWrite{UserID: root.ID, Method: identity.VerifyOff, ChallengeIDs: []string{"vsame2"}}), fault.Invalid, "verify.code_used")
	if u, _ := db.FindUserByID(ctx, root.ID); u.LoginVerification != identity.VerifySMS {
		t.Fatalf("method %q", u.LoginVerification)
	}
	msgs, err := db.ClaimOutbox(ctx, 10, time.Minute)
	got2 := map[string]string{}
	for _, m := range msgs {
		got2[m.Template] = m.Data["code"] + m.Data["method"]
	}
	if err != nil || len(msgs) != 2 || got2[notify.VerificationCode] != "123456" || got2[notify.LoginVerificationChanged] != "email" {
		t.Fatalf("notifications: %+v %v", msgs, err)
	}
	// A new challenge sweeps the user's challenges that expired before the
	// time the core gives, and only those.
	clock.Add(time.Hour)
	if err := db.CreateChallenge(ctx, ch("fresh", identity.ChallengeLogin, ""), clock.Now().Add(-30*time.Minute), nil); err != nil {
		t.Fatal(err)
	}
	_, err = db.AttemptChallenge(ctx, "c1")
	wantKind(t, err, fault.NotFound, "challenge.not_found")
	if _, err := db.AttemptChallenge(ctx, "fresh"); err != nil {
		t.Fatalf("the new challenge: %v", err)
	}
}
