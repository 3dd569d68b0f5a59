package storetest

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/password"
	"github.com/watchword/watchword/internal/store/sqldb"
)

// writeState is what a password or user write may change, read back to
// check that a refused write changed none of it.
type writeState struct {
	user     identity.User
	history  []string
	revoked  bool // the session "s-watch" is revoked
	voided   bool // the reset link "link-watch" is voided
	attrs    identity.UserAttributes
	outbox   int
	auditLen int
}

// watchWrites gives userID a session and an unused reset link to watch,
// and returns a function reading the state back. Reading claims the
// outbox, so each read counts the rows queued since the last.
func watchWrites(t *testing.T, db *sqldb.DB, clock *Clock, accountID, userID string) func() writeState {
	t.Helper()
	ctx := context.Background()
	mustSession(t, db, clock, "s-watch", userID, accountID)
	if err := db.IssueSecret(ctx, identity.SecretIssue{UserID: userID, Token: &identity.OneTimeToken{Hash: "link-watch",
		UserID: userID, Purpose: identity.PurposeResetLink, ExpiresAt: clock.Now().Add(time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	return func() writeState {
		t.Helper()
		u, err := db.FindUserByID(ctx, userID)
		if err != nil {
			t.Fatal(err)
		}
		var st writeState
		st.user = *u
		st.history, _ = db.PasswordHistory(ctx, userID, 100)
		s, _ := db.FindSessionByTokenHash(ctx, "hash-s-watch")
		st.revoked = s.RevokedAt != nil
		tok, _ := db.FindToken(ctx, "link-watch")
		st.voided = tok.Voided
		st.attrs, _ = db.FindUserAttributes(ctx, userID)
		msgs, err := db.ClaimOutbox(ctx, 100, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		st.outbox = len(msgs)
		evs, _ := db.FindAuditEvents(ctx, accountID, 1000)
		st.auditLen = len(evs)
		return st
	}
}

// sameState fails unless a refused write left the state as it was.
func sameState(t *testing.T, before, after writeState) {
	t.Helper()
	if after.outbox != 0 {
		t.Fatalf("a refused write queued %d notifications", after.outbox)
	}
	before.outbox = 0
	if fmt.Sprint(before) != fmt.Sprint(after) {
		t.Fatalf("a refused write changed the state:\nbefore %+v\nafter  %+v", before, after)
	}
}

// testPasswordCAS: a password write applies only while the stored hash is
// the one it expects; of concurrent writes expecting the same hash exactly
// one applies; every password write voids the user's reset secrets.
func testPasswordCAS(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	a, root := MustCreateAccount(t, db, "100000000001", "acme", "root@acme.test")
	state := watchWrites(t, db, clock, a.ID, root.ID)
	note := []notify.Notification{{Channel: notify.Email, To: root.Email, Template: notify.PasswordChangedShowEmail, AccountID: a.ID}}
	ev := func(id string) identity.AuditEvent {
		return identity.AuditEvent{ID: id, AccountID: a.ID, Action: "password.change", Outcome: "success"}
	}

	t.Run("StaleExpectationChangesNothing", func(t *testing.T) {
		before := state()
		err := db.SetPassword(ctx, identity.PasswordWrite{Void: resetVoid, UserID: root.ID, Hash: "$new", ExpectHash: "$not-the-stored-one",
			HistoryKeep: 5, Notifications: note, Audit: ev("ev-stale")})
		wantKind(t, err, fault.Conflict, identity.CodePasswordChangedMeanwhile)
		sameState(t, before, state())
	})
	t.Run("ConcurrentWritesOneWins", func(t *testing.T) {
		errs := race(func(i int) error {
			return db.SetPassword(ctx, identity.PasswordWrite{Void: resetVoid, UserID: root.ID, Hash: "$cas-" + strconv.Itoa(i),
				ExpectHash: root.PasswordHash, HistoryKeep: 5, Notifications: note, Audit: ev("ev-cas-" + strconv.Itoa(i))})
		})
		winner := -1
		for i, err := range errs {
			switch {
			case err == nil && winner >= 0:
				t.Fatalf("writes %d and %d both applied over the same hash", winner, i)
			case err == nil:
				winner = i
			case fault.KindOf(err) != fault.Conflict || fault.CodeOf(err) != identity.CodePasswordChangedMeanwhile:
				t.Fatalf("write %d: %v, want Conflict %s", i, err, identity.CodePasswordChangedMeanwhile)
			}
		}
		if winner < 0 {
			t.Fatalf("no write applied: %v", errs)
		}
		st := state()
		if st.user.PasswordHash != "$cas-"+strconv.Itoa(winner) || len(st.history) != 1 || st.history[0] != root.PasswordHash ||
			st.outbox != 1 || !st.revoked {
			t.Fatalf("after the race (winner %d): %+v", winner, st)
		}
	})
	t.Run("AnyWriteVoidsResetSecrets", func(t *testing.T) {
		// The race's winner voided link-watch; a new link and code go the same way.
		if !state().voided {
			t.Fatal("a password change left a reset link usable")
		}
		u, _ := db.FindUserByID(ctx, root.ID)
		if err := db.IssueSecret(ctx, identity.SecretIssue{UserID: root.ID,
			Token: &identity.OneTimeToken{Hash: "link-2", UserID: root.ID, Purpose: identity.PurposeResetLink, ExpiresAt: clock.Now().Add(time.Hour)},
			Code: &identity.VerificationCode{ID: "code-2", UserID: root.ID, Purpose: identity.PurposeReset, Channel: notify.Email,
				Target: root.Email, Hash: "h", ExpiresAt: clock.Now().Add(time.Hour)}}); err != nil {
			t.Fatal(err)
		}
		if err := db.SetPassword(ctx, identity.PasswordWrite{Void: resetVoid, UserID: root.ID, Hash: "$after", ExpectHash: u.PasswordHash, HistoryKeep: 5}); err != nil {
			t.Fatal(err)
		}
		tok, _ := db.FindToken(ctx, "link-2")
		c, err := db.AttemptCode(ctx, root.ID, identity.PurposeReset)
		if !tok.Voided || err != nil || !c.Voided {
			t.Fatalf("after a change: link %+v, code %+v %v", tok, c, err)
		}
		// A reset that read the hash before that change loses: its token is void.
		wantKind(t, db.ResetPassword(ctx, "link-2", identity.PurposeResetLink, identity.PasswordWrite{Void: resetVoid, UserID: root.ID, Hash: "$reset", ExpectHash: u.PasswordHash}),
			fault.Invalid, "verify.token_invalid")
	})
	t.Run("NoPasswordYet", func(t *testing.T) {
		u := &identity.User{ID: "u-unset", AccountID: a.ID, Name: "unset", PasswordOrigin: identity.OriginUnset,
			LoginVerification: "off", Enabled: true, CreatedAt: clock.Now(), UpdatedAt: clock.Now()}
		if err := db.CreateUser(ctx, u, identity.AuditEvent{}); err != nil {
			t.Fatal(err)
		}
		if err := db.SetPassword(ctx, identity.PasswordWrite{Void: resetVoid, UserID: u.ID, Hash: "$first", ExpectHash: "$guess"}); fault.CodeOf(err) != identity.CodePasswordChangedMeanwhile {
			t.Fatalf("a write expecting a hash the user never had: %v", err)
		}
		if err := db.SetPassword(ctx, identity.PasswordWrite{Void: resetVoid, UserID: u.ID, Hash: "$first", ExpectHash: ""}); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.FindUserByID(ctx, u.ID); got.PasswordHash != "$first" || got.PasswordOrigin != identity.OriginLocal {
			t.Fatalf("first password: %+v", got)
		}
		if h, _ := db.PasswordHistory(ctx, u.ID, 10); len(h) != 0 {
			t.Fatalf("an empty hash went into history: %v", h)
		}
	})
}

// testFailedWritesQueueNothing: a write whose transaction fails after it
// queued its notifications leaves neither the change nor the outbox rows.
// (Committing the password-changed notice apart from the password write
// passed the suite before these.)
func testFailedWritesQueueNothing(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	a, root := MustCreateAccount(t, db, "100000000001", "acme", "root@acme.test")
	alice := &identity.User{ID: "u-alice", AccountID: a.ID, Name: "alice", Email: "alice@acme.test", PasswordOrigin: identity.OriginLocal,
		PasswordHash: "$alice-old", LoginVerification: "off", Enabled: true, CreatedAt: clock.Now(), UpdatedAt: clock.Now()}
	if err := db.CreateUser(ctx, alice, identity.AuditEvent{ID: "ev-alice", AccountID: a.ID, Action: "user.create", Outcome: "success"}); err != nil {
		t.Fatal(err)
	}
	state := watchWrites(t, db, clock, a.ID, alice.ID)
	note := []notify.Notification{{Channel: notify.Email, To: alice.Email, Template: notify.PasswordChangedShowEmail, AccountID: a.ID}}
	pw := func(auditID string) *identity.PasswordWrite {
		return &identity.PasswordWrite{Void: resetVoid, UserID: alice.ID, Hash: "$alice-new", ExpectHash: alice.PasswordHash, HistoryKeep: 5,
			Notifications: note, Audit: identity.AuditEvent{ID: auditID, AccountID: a.ID, Action: "password.admin_set", Outcome: "success"}}
	}

	t.Run("SetPasswordFailingLast", func(t *testing.T) {
		before := state()
		// The audit event is the write's last statement, after its outbox
		// rows; an ID already taken makes it fail.
		wantKind(t, db.SetPassword(ctx, *pw("ev-alice")), fault.Conflict, "")
		sameState(t, before, state())
	})
	t.Run("UserDetailFailingOnEmail", func(t *testing.T) {
		before := state()
		_, err := db.UpdateUserDetail(ctx, identity.UserDetailWrite{UserID: alice.ID, Password: pw("ev-pw-1"),
			User: identity.UserUpdate{Email: ptr(root.Email)}, UserAudit: identity.AuditEvent{ID: "ev-upd-1", AccountID: a.ID, Action: "user.update"},
			Attributes: identity.UserAttributesUpdate{Description: ptr("changed")}, AttributesAudit: identity.AuditEvent{ID: "ev-attr-1", AccountID: a.ID, Action: "user.attributes.update"}})
		wantKind(t, err, fault.Conflict, "email.taken")
		sameState(t, before, state())
	})
	t.Run("UserDetailFailingOnAttributes", func(t *testing.T) {
		before := state()
		_, err := db.UpdateUserDetail(ctx, identity.UserDetailWrite{UserID: alice.ID, Password: pw("ev-pw-2"),
			User: identity.UserUpdate{DisplayName: ptr("Alice")}, UserAudit: identity.AuditEvent{ID: "ev-upd-2", AccountID: a.ID, Action: "user.update"},
			Attributes: identity.UserAttributesUpdate{Description: ptr("changed")}, AttributesAudit: identity.AuditEvent{ID: "ev-alice", AccountID: a.ID}})
		wantKind(t, err, fault.Conflict, "")
		sameState(t, before, state())
	})
	t.Run("UpdateUserFailing", func(t *testing.T) {
		before := state()
		_, err := db.UpdateUser(ctx, identity.UserWrite{UserID: alice.ID, Update: identity.UserUpdate{Email: ptr(root.Email)},
			Audit: identity.AuditEvent{ID: "ev-u-3", AccountID: a.ID}, Notifications: note})
		wantKind(t, err, fault.Conflict, "email.taken")
		_, err = db.UpdateUser(ctx, identity.UserWrite{UserID: alice.ID, Update: identity.UserUpdate{DisplayName: ptr("Al")},
			Audit: identity.AuditEvent{ID: "ev-alice", AccountID: a.ID}, Notifications: note})
		wantKind(t, err, fault.Conflict, "")
		sameState(t, before, state())
	})
	t.Run("UserDetailAppliesAll", func(t *testing.T) {
		before := state()
		u, err := db.UpdateUserDetail(ctx, identity.UserDetailWrite{UserID: alice.ID, Password: pw("ev-pw-4"),
			User: identity.UserUpdate{Email: ptr("alice@new.test")}, UserAudit: identity.AuditEvent{ID: "ev-upd-4", AccountID: a.ID, Action: "user.update"},
			Attributes: identity.UserAttributesUpdate{XUserID: ptr("x-1")}, AttributesAudit: identity.AuditEvent{ID: "ev-attr-4", AccountID: a.ID, Action: "user.attributes.update"}})
		if err != nil {
			t.Fatal(err)
		}
		after := state()
		if u.Email != "alice@new.test" || u.PasswordHash != "$alice-new" || after.user.PasswordHash != "$alice-new" ||
			after.attrs.XUserID != "x-1" || after.outbox != 1 || !after.revoked || !after.voided || after.auditLen != before.auditLen+3 ||
			len(after.history) != 1 {
			t.Fatalf("after the update: %+v (returned %+v)", after, u)
		}
		_, err = db.UpdateUserDetail(ctx, identity.UserDetailWrite{UserID: "nope", ForceChange: ptr(true)})
		wantKind(t, err, fault.NotFound, "user.not_found")
	})
}

// testPolicyUpdates: a policy's read-modify-write is one transaction that
// holds the account: concurrent updates of different settings all survive,
// and a refused change writes nothing.
func testPolicyUpdates(t *testing.T, db *sqldb.DB, _ *Clock) {
	ctx := context.Background()
	a, _ := MustCreateAccount(t, db, "100000000001", "acme", "root@acme.test")
	ev := identity.AuditEvent{}

	t.Run("Password", func(t *testing.T) {
		set := []func(*password.Policy){
			func(p *password.Policy) { p.MinLength = 11 }, func(p *password.Policy) { p.HistoryCount = 3 },
			func(p *password.Policy) { p.MinAgeMinutes = 5 }, func(p *password.Policy) { p.MaxAgeDays = 90 },
			func(p *password.Policy) { p.MinCharTypes = 3 }, func(p *password.Policy) { p.MaxConsecutive = 4 },
			func(p *password.Policy) { p.MinStrength = 2 }, func(p *password.Policy) { p.LocalDictionary = password.DictionaryWarn },
		}
		errs := race(func(i int) error {
			_, err := db.UpdatePasswordPolicy(ctx, a.ID, func(p password.Policy) (password.Policy, error) {
				set[i%len(set)](&p)
				return p, nil
			}, ev)
			return err
		})
		for i, err := range errs {
			if err != nil {
				t.Fatalf("update %d: %v", i, err)
			}
		}
		want := password.DefaultPolicy()
		for _, f := range set {
			f(&want)
		}
		got, _ := db.FindAccountByID(ctx, a.ID)
		if got.PasswordPolicy != want {
			t.Fatalf("after concurrent updates:\ngot  %+v\nwant %+v", got.PasswordPolicy, want)
		}
		refused := fault.New(fault.Invalid, "password.policy_invalid", "no")
		_, err := db.UpdatePasswordPolicy(ctx, a.ID, func(p password.Policy) (password.Policy, error) {
			p.MinLength = 99
			return p, refused
		}, ev)
		if err != refused {
			t.Fatalf("the change's error: %v", err)
		}
		if got, _ := db.FindAccountByID(ctx, a.ID); got.PasswordPolicy != want {
			t.Fatalf("a refused change was written: %+v", got.PasswordPolicy)
		}
		_, err = db.UpdatePasswordPolicy(ctx, "nope", func(p password.Policy) (password.Policy, error) { return p, nil }, ev)
		wantKind(t, err, fault.NotFound, "account.not_found")
	})
	t.Run("Login", func(t *testing.T) {
		set := []func(*identity.LoginPolicy){
			func(p *identity.LoginPolicy) { p.AccountValidityPeriod = 30 }, func(p *identity.LoginPolicy) { p.CustomInfoForLogin = "hi" },
			func(p *identity.LoginPolicy) { p.LockoutDuration = 20 }, func(p *identity.LoginPolicy) { p.LoginFailedTimes = 4 },
			func(p *identity.LoginPolicy) { p.PeriodWithLoginFailures = 30 }, func(p *identity.LoginPolicy) { p.SessionTimeout = 60 },
			func(p *identity.LoginPolicy) { p.ShowRecentLoginInfo = true },
		}
		errs := race(func(i int) error {
			_, err := db.UpdateLoginPolicy(ctx, a.ID, func(p identity.LoginPolicy) (identity.LoginPolicy, error) {
				set[i%len(set)](&p)
				return p, nil
			}, ev)
			return err
		})
		for i, err := range errs {
			if err != nil {
				t.Fatalf("update %d: %v", i, err)
			}
		}
		var want identity.LoginPolicy
		for _, f := range set {
			f(&want)
		}
		if got, err := db.FindLoginPolicy(ctx, a.ID); err != nil || got != want {
			t.Fatalf("after concurrent updates:\ngot  %+v %v\nwant %+v", got, err, want)
		}
		_, err := db.UpdateLoginPolicy(ctx, "nope", func(p identity.LoginPolicy) (identity.LoginPolicy, error) { return p, nil }, ev)
		wantKind(t, err, fault.NotFound, "account.not_found")
	})
}
