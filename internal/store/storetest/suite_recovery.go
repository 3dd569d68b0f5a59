package storetest

import (
	"context"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/store/sqldb"
)

// resetVoid are the purposes the core voids with every reset request and
// password write (identity's resetPurposes); the store voids what it is told.
var resetVoid = []identity.Purpose{identity.PurposeReset, identity.PurposeResetLink, identity.PurposeResetTicket}

func testRecovery(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	a, root := MustCreateAccount(t, db, "100000000001", "acme", "root@acme.test")
	code := func(id string, p identity.Purpose) *identity.VerificationCode {
		return &identity.VerificationCode{ID: id, UserID: root.ID, Purpose: p, Channel: notify.Email, Target: root.Email,
			Hash: "h-" + id, ExpiresAt: clock.Now().Add(10 * time.Minute)}
	}
	token := func(hash string, p identity.Purpose) *identity.OneTimeToken {
		return &identity.OneTimeToken{Hash: hash, UserID: root.ID, Purpose: p, ExpiresAt: clock.Now().Add(30 * time.Minute)}
	}
	issue := func(w identity.SecretIssue) {
		t.Helper()
		if err := db.IssueSecret(ctx, w); err != nil {
			t.Fatalf("issue: %v", err)
		}
	}
	note := notify.Notification{Channel: notify.Email, To: root.Email, Template: notify.ResetCode, Data: map[string]string{"code": "123456"}}

	issue(identity.SecretIssue{UserID: root.ID, Void: resetVoid, Code: code("c1", identity.PurposeReset),
		Notifications: []notify.Notification{note}, Audit: identity.AuditEvent{ID: "ev1", AccountID: a.ID, Action: "password.reset.request", Outcome: "success"}})
	msgs, err := db.ClaimOutbox(ctx, 10, time.Minute)
	if err != nil || len(msgs) != 1 || msgs[0].Data["code"] != "123456" {
		t.Fatalf("outbox %+v %v", msgs, err)
	}
	for want := 1; want <= 2; want++ {
		c, err := db.AttemptCode(ctx, root.ID, identity.PurposeReset)
		if err != nil || c.ID != "c1" || c.Attempts != want || c.Hash != "h-c1" || c.Target != root.Email || c.Voided || c.UsedAt != nil {
			t.Fatalf("attempt %d: %+v %v", want, c, err)
		}
	}
	_, err = db.AttemptCode(ctx, root.ID, identity.PurposeEmailIdentity)
	wantKind(t, err, fault.NotFound, "verify.code_not_found")
	_, err = db.AttemptCode(ctx, "", identity.PurposeReset)
	wantKind(t, err, fault.NotFound, "verify.code_not_found")

	t.Run("NewIssueVoidsEarlier", func(t *testing.T) {
		issue(identity.SecretIssue{UserID: root.ID, Void: resetVoid, Token: token("link1", identity.PurposeResetLink)})
		clock.Add(time.Second)
		issue(identity.SecretIssue{UserID: root.ID, Void: resetVoid, Code: code("c2", identity.PurposeReset)})
		c, err := db.AttemptCode(ctx, root.ID, identity.PurposeReset)
		if err != nil || c.ID != "c2" || c.Attempts != 1 {
			t.Fatalf("current code: %+v %v", c, err)
		}
		tok, err := db.FindToken(ctx, "link1")
		if err != nil || !tok.Voided {
			t.Fatalf("link not voided: %+v %v", tok, err)
		}
		wantKind(t, db.ResetPassword(ctx, "link1", identity.PurposeResetLink, identity.PasswordWrite{Void: resetVoid, UserID: root.ID, Hash: "$new", ExpectHash: root.PasswordHash}), fault.Invalid, "verify.token_invalid")
	})
	t.Run("NobodyWritesOnlyAudit", func(t *testing.T) {
		issue(identity.SecretIssue{Void: resetVoid, Audit: identity.AuditEvent{ID: "ev-nobody", Action: "password.reset.request", Outcome: "recovery.unknown"}})
		c, err := db.AttemptCode(ctx, root.ID, identity.PurposeReset)
		if err != nil || c.ID != "c2" || c.Voided {
			t.Fatalf("a request for nobody touched the user's code: %+v %v", c, err)
		}
		wantKind(t, db.IssueSecret(ctx, identity.SecretIssue{UserID: "nope", Code: code("c9", identity.PurposeReset)}), fault.NotFound, "user.not_found")
	})
	t.Run("RedeemOnce", func(t *testing.T) {
		ticket := token("ticket1", identity.PurposeResetTicket)
		if err := db.RedeemCode(ctx, "c2", ticket, identity.AuditEvent{}); err != nil {
			t.Fatal(err)
		}
		wantKind(t, db.RedeemCode(ctx, "c2", token("ticket2", identity.PurposeResetTicket), identity.AuditEvent{}), fault.Invalid, "verify.code_used")
		c, _ := db.AttemptCode(ctx, root.ID, identity.PurposeReset)
		if c.UsedAt == nil || !c.UsedAt.Equal(clock.Now()) {
			t.Fatalf("code not marked used: %+v", c)
		}
		if _, err := db.FindToken(ctx, "ticket2"); !fault.Is(err, fault.NotFound) {
			t.Fatalf("a refused redeem stored its ticket: %v", err)
		}
	})
	t.Run("ResetSpendsTicket", func(t *testing.T) {
		mustSession(t, db, clock, "s1", root.ID, a.ID)
		issue(identity.SecretIssue{UserID: root.ID, Token: token("link3", identity.PurposeResetLink)})
		w := identity.PasswordWrite{Void: resetVoid, UserID: root.ID, Hash: "$reset", ExpectHash: root.PasswordHash, HistoryKeep: 5,
			Notifications: []notify.Notification{{Channel: notify.Email, To: root.Email, Template: notify.PasswordChangedShowEmail}}}
		if err := db.ResetPassword(ctx, "ticket1", identity.PurposeResetTicket, w); err != nil {
			t.Fatal(err)
		}
		u, _ := db.FindUserByID(ctx, root.ID)
		s, _ := db.FindSessionByTokenHash(ctx, "hash-s1")
		if u.PasswordHash != "$reset" || s.RevokedAt == nil {
			t.Fatalf("reset not applied: hash %q revoked %v", u.PasswordHash, s.RevokedAt)
		}
		tok, _ := db.FindToken(ctx, "ticket1")
		if tok.UsedAt == nil {
			t.Fatalf("ticket not spent: %+v", tok)
		}
		if other, _ := db.FindToken(ctx, "link3"); !other.Voided {
			t.Fatalf("the user's other reset link survived the reset: %+v", other)
		}
		wantKind(t, db.ResetPassword(ctx, "ticket1", identity.PurposeResetTicket, w), fault.Invalid, "verify.token_invalid")
		// A token of another user, or of another purpose, is refused too.
		issue(identity.SecretIssue{UserID: root.ID, Token: token("email-ticket", identity.PurposeEmailTicket)})
		wantKind(t, db.ResetPassword(ctx, "email-ticket", identity.PurposeResetTicket, w), fault.Invalid, "verify.token_invalid")
	})
	t.Run("ResetRefusesExpired", func(t *testing.T) {
		issue(identity.SecretIssue{UserID: root.ID, Void: resetVoid, Token: token("link2", identity.PurposeResetLink)})
		clock.Add(31 * time.Minute)
		wantKind(t, db.ResetPassword(ctx, "link2", identity.PurposeResetLink, identity.PasswordWrite{Void: resetVoid, UserID: root.ID, Hash: "$late", ExpectHash: "$reset"}), fault.Invalid, "verify.token_invalid")
		u, _ := db.FindUserByID(ctx, root.ID)
		if u.PasswordHash != "$reset" {
			t.Fatalf("an expired link changed the password to %q", u.PasswordHash)
		}
	})
	t.Run("PurgeExpired", func(t *testing.T) {
		n, err := purge(t, db, clock.Now(), recoveryKinds...)
		if err != nil || n < 4 {
			t.Fatalf("purged %d, %v", n, err)
		}
		if _, err := db.FindToken(ctx, "link2"); !fault.Is(err, fault.NotFound) {
			t.Fatalf("expired token kept: %v", err)
		}
	})
}

func testContactBind(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	a, root := MustCreateAccount(t, db, "100000000001", "acme", "root@acme.test")
	MustCreateAccount(t, db, "100000000002", "globex", "root@globex.test")
	ticket := func(hash string, p identity.Purpose) {
		t.Helper()
		err := db.IssueSecret(ctx, identity.SecretIssue{UserID: root.ID, Token: &identity.OneTimeToken{Hash: hash, UserID: root.ID,
			Purpose: p, ExpiresAt: clock.Now().Add(10 * time.Minute)}})
		if err != nil {
			t.Fatal(err)
		}
	}
	bindCode := func(id string, p identity.Purpose, target string) {
		t.Helper()
		err := db.IssueSecret(ctx, identity.SecretIssue{UserID: root.ID, Code: &identity.VerificationCode{ID: id, UserID: root.ID,
			Purpose: p, Channel: notify.Email, Target: target, Hash: "h", ExpiresAt: clock.Now().Add(10 * time.Minute)}})
		if err != nil {
			t.Fatal(err)
		}
	}
	ticket("t1", identity.PurposeEmailTicket)
	bindCode("b1", identity.PurposeEmailBind, "new@acme.test")
	changed := notify.Notification{Channel: notify.Email, To: root.Email, Template: notify.EmailChanged,
		Data: map[string]string{"new_email": "new@acme.test"}}
	u, err := db.BindContact(ctx, identity.ContactBind{UserID: root.ID, Kind: identity.ContactEmail, Address: "new@acme.test",
		TicketHash: "t1", TicketPurpose: identity.PurposeEmailTicket, CodeID: "b1", AccountContact: true, Notifications: []notify.Notification{changed}})
	if err != nil || u.Email != "new@acme.test" || !u.EmailVerified {
		t.Fatalf("bind: %+v %v", u, err)
	}
	acct, _ := db.FindAccountByID(ctx, a.ID)
	if acct.Profile.Email != "new@acme.test" {
		t.Fatalf("the root user's account kept email %q", acct.Profile.Email)
	}
	msgs, _ := db.ClaimOutbox(ctx, 10, time.Minute)
	if len(msgs) != 1 || msgs[0].To != "root@acme.test" || msgs[0].Template != notify.EmailChanged {
		t.Fatalf("old address not notified: %+v", msgs)
	}
	t.Run("ErrTicketSpent", func(t *testing.T) {
		bindCode("b2", identity.PurposeEmailBind, "other@acme.test")
		_, err := db.BindContact(ctx, identity.ContactBind{UserID: root.ID, Kind: identity.ContactEmail, Address: "other@acme.test",
			TicketHash: "t1", TicketPurpose: identity.PurposeEmailTicket, CodeID: "b2"})
		wantKind(t, err, fault.Invalid, "verify.token_invalid")
	})
	t.Run("ErrEmailTaken", func(t *testing.T) {
		ticket("t2", identity.PurposeEmailTicket)
		bindCode("b3", identity.PurposeEmailBind, "root@globex.test")
		_, err := db.BindContact(ctx, identity.ContactBind{UserID: root.ID, Kind: identity.ContactEmail, Address: "root@globex.test",
			TicketHash: "t2", TicketPurpose: identity.PurposeEmailTicket, CodeID: "b3"})
		wantKind(t, err, fault.Conflict, "email.taken")
		if u, _ := db.FindUserByID(ctx, root.ID); u.Email != "new@acme.test" {
			t.Fatalf("a refused bind changed the email to %q", u.Email)
		}
	})
	t.Run("Mobile", func(t *testing.T) {
		ticket("t3", identity.PurposeMobileTicket)
		bindCode("b4", identity.PurposeMobileBind, "+33612345678")
		u, err := db.BindContact(ctx, identity.ContactBind{UserID: root.ID, Kind: identity.ContactMobile, Address: "+33612345678",
			TicketHash: "t3", TicketPurpose: identity.PurposeMobileTicket, CodeID: "b4", AccountContact: true})
		if err != nil || u.Mobile != "+33612345678" || !u.MobileVerified {
			t.Fatalf("bind mobile: %+v %v", u, err)
		}
		acct, _ := db.FindAccountByID(ctx, a.ID)
		list, err := db.FindUsersByMobile(ctx, "+33612345678")
		if acct.Profile.MobileNumber != "+33612345678" || err != nil || len(list) != 1 || list[0].ID != root.ID {
			t.Fatalf("by mobile: account %q, %d users, %v", acct.Profile.MobileNumber, len(list), err)
		}
		if list, err := db.FindUsersByMobile(ctx, ""); err != nil || len(list) != 0 {
			t.Fatalf("empty mobile matched %d users, %v", len(list), err)
		}
	})
}

func testCaptchas(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	c := &identity.Captcha{ID: "cap1", Answer: "123456", AnswerHash: "h", ExpiresAt: clock.Now().Add(10 * time.Minute)}
	if err := db.CreateCaptcha(ctx, c); err != nil {
		t.Fatal(err)
	}
	wantKind(t, db.CreateCaptcha(ctx, c), fault.Conflict, "")
	got, err := db.FindCaptcha(ctx, "cap1")
	if err != nil || got.Answer != "123456" || got.AnswerHash != "h" || !got.ExpiresAt.Equal(c.ExpiresAt) {
		t.Fatalf("find: %+v %v", got, err)
	}
	if got, err := db.TakeCaptcha(ctx, "cap1"); err != nil || got.ID != "cap1" {
		t.Fatalf("take: %+v %v", got, err)
	}
	_, err = db.TakeCaptcha(ctx, "cap1")
	wantKind(t, err, fault.NotFound, "captcha.not_found")
	_, err = db.FindCaptcha(ctx, "cap1")
	wantKind(t, err, fault.NotFound, "captcha.not_found")
}

func testRateLimits(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	start := clock.Now()
	for want := 1; want <= 3; want++ {
		n, end, err := db.HitRateLimit(ctx, "k", time.Minute)
		if err != nil || n != want || !end.Equal(start.Add(time.Minute)) {
			t.Fatalf("hit %d: %d %v %v", want, n, end, err)
		}
	}
	if n, _, _ := db.HitRateLimit(ctx, "other", time.Minute); n != 1 {
		t.Fatalf("keys share a count: %d", n)
	}
	clock.Add(time.Minute)
	n, end, err := db.HitRateLimit(ctx, "k", time.Minute)
	if err != nil || n != 1 || !end.Equal(clock.Now().Add(time.Minute)) {
		t.Fatalf("new window: %d %v %v", n, end, err)
	}
	t.Run("Atomic", func(t *testing.T) {
		const workers = 16
		var mu sync.Mutex
		var seen []int
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, _, err := db.HitRateLimit(ctx, "race", time.Hour)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				seen = append(seen, n)
				mu.Unlock()
			}()
		}
		wg.Wait()
		sort.Ints(seen)
		for i, n := range seen {
			if n != i+1 {
				t.Fatalf("parallel counts %v, want 1..%d each once", seen, workers)
			}
		}
	})
	t.Run("Purge", func(t *testing.T) {
		clock.Add(2 * time.Minute)
		if _, err := purge(t, db, clock.Now(), recoveryKinds...); err != nil {
			t.Fatal(err)
		}
		if n, _, _ := db.HitRateLimit(ctx, "race", time.Hour); n != 17 {
			t.Fatalf("a live window was purged: count %d", n)
		}
	})
}

// checkLegacyRecovery reads back the rows of testdata/0003_recovery.sql.
func checkLegacyRecovery(t *testing.T, db *sqldb.DB) {
	ctx := context.Background()
	c, err := db.AttemptCode(ctx, "legacy-root", identity.PurposeReset)
	if err != nil || c.ID != "legacy-code" || c.Attempts != 3 || c.Channel != notify.SMS || c.Target != "+33600000009" || c.Voided {
		t.Fatalf("legacy code: %+v %v", c, err)
	}
	tok, err := db.FindToken(ctx, "legacy-token-hash")
	if err != nil || tok.UserID != "legacy-root" || tok.Purpose != identity.PurposeResetLink || tok.UsedAt == nil {
		t.Fatalf("legacy token: %+v %v", tok, err)
	}
	if ch, err := db.FindCaptcha(ctx, "legacy-captcha"); err != nil || ch.Answer != "123456" {
		t.Fatalf("legacy captcha: %+v %v", ch, err)
	}
	if n, _, err := db.HitRateLimit(ctx, "legacy:key", time.Hour); err != nil || n != 5 {
		t.Fatalf("legacy rate limit: %d %v", n, err)
	}
}
