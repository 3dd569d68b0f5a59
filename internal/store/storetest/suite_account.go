package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/store/sqldb"
)

// testAccountWrite checks that an account update and the pending contact
// change it starts (a bind code, the notices) commit together or not at
// all, and that the store never writes the account's email or mobile.
func testAccountWrite(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	a, root := MustCreateAccount(t, db, "100000000001", "acme", "root@acme.test")
	code := func(id, userID string) *identity.VerificationCode {
		return &identity.VerificationCode{ID: id, UserID: userID, Purpose: identity.PurposeEmailBind, Channel: notify.Email,
			Target: "new@acme.test", Hash: "h-" + id, ExpiresAt: clock.Now().Add(10 * time.Minute), CreatedAt: clock.Now()}
	}
	notes := []notify.Notification{
		{Channel: notify.Email, To: "new@acme.test", Template: notify.VerificationCode, Data: map[string]string{"code": "123456"}},
		{Channel: notify.Email, To: "root@acme.test", Template: notify.EmailChangeRequested, Data: map[string]string{"new_email": "new@acme.test"}},
	}
	outbox := func() []notify.Message {
		t.Helper()
		msgs, err := db.ClaimOutbox(ctx, 10, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			_ = db.MarkOutboxSent(ctx, m.ID)
		}
		return msgs
	}

	t.Run("ErrContactUnproven", func(t *testing.T) {
		for _, upd := range []identity.AccountUpdate{{Email: ptr("new@acme.test")}, {MobileNumber: ptr("+33611111111")}} {
			_, err := db.UpdateAccount(ctx, a.ID, identity.AccountWrite{Update: upd})
			wantKind(t, err, fault.Internal, "account.contact_unproven")
		}
		if u, _ := db.FindUserByID(ctx, root.ID); u.Email != "root@acme.test" || u.Mobile != "" {
			t.Fatalf("root user changed: %+v", u)
		}
	})
	t.Run("FailingWriteCommitsNothing", func(t *testing.T) {
		// A code for no user breaks the write after the profile was updated.
		_, err := db.UpdateAccount(ctx, a.ID, identity.AccountWrite{Update: identity.AccountUpdate{City: ptr("Nowhere")},
			Codes: []*identity.VerificationCode{code("c0", "nobody")}, Notifications: notes,
			Audit: identity.AuditEvent{ID: "ev-fail", AccountID: a.ID, Action: "account.update", Outcome: "success"}})
		if err == nil {
			t.Fatal("a code for no user was stored")
		}
		if got, _ := db.FindAccountByID(ctx, a.ID); got.Profile.City != "" {
			t.Fatalf("the profile changed with a failed write: %+v", got.Profile)
		}
		if msgs := outbox(); len(msgs) != 0 {
			t.Fatalf("a failed write queued %+v", msgs)
		}
		if evs, _ := db.FindAuditEvents(ctx, a.ID, 10); len(evs) != 0 {
			t.Fatalf("a failed write was audited: %+v", evs)
		}
	})
	t.Run("PendingChange", func(t *testing.T) {
		for _, id := range []string{"c1", "c2"} {
			got, err := db.UpdateAccount(ctx, a.ID, identity.AccountWrite{Update: identity.AccountUpdate{City: ptr("Paris")},
				Codes: []*identity.VerificationCode{code(id, root.ID)}, Notifications: notes,
				Audit: identity.AuditEvent{ID: "ev-" + id, AccountID: a.ID, Action: "account.update", Outcome: "success"}})
			if err != nil || got.Profile.City != "Paris" || got.Profile.Email != "root@acme.test" {
				t.Fatalf("update: %+v %v", got, err)
			}
			if msgs := outbox(); len(msgs) != 2 || msgs[0].To+msgs[1].To != "new@acme.testroot@acme.test" && msgs[0].To+msgs[1].To != "root@acme.testnew@acme.test" {
				t.Fatalf("queued %+v", msgs)
			}
		}
		// The second code voided the first: the current one is c2.
		c, err := db.AttemptCode(ctx, root.ID, identity.PurposeEmailBind)
		if err != nil || c.ID != "c2" || c.Target != "new@acme.test" || c.Voided {
			t.Fatalf("current code %+v %v", c, err)
		}
		if u, _ := db.FindUserByEmail(ctx, "root@acme.test"); u == nil || u.ID != root.ID {
			t.Fatalf("the root user lost its proven email: %+v", u)
		}
	})
}
