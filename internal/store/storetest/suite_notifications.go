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

// testNotifications checks the administrators' view of the outbox: rows
// carry their account, listings never cross accounts, and only a dead row
// of one's own account can be retried.
func testNotifications(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	acme, _ := MustCreateAccount(t, db, "100000000001", "acme", "root@acme.test")
	globex, _ := MustCreateAccount(t, db, "100000000002", "globex", "root@globex.test")
	note := func(to, account string) notify.Notification {
		return notify.Notification{Channel: notify.Email, To: to, Template: notify.PasswordChangedShowEmail, Locale: "en",
			Data: map[string]string{"name": to}, AccountID: account}
	}
	for _, n := range []notify.Notification{note("a1@acme.test", acme.ID), note("a2@acme.test", acme.ID),
		note("g1@globex.test", globex.ID), note("ops@example.test", "")} {
		if err := db.Enqueue(ctx, []notify.Notification{n}); err != nil {
			t.Fatal(err)
		}
		clock.Add(time.Second) // distinct creation times: listings are newest first
	}
	msgs, err := db.ClaimOutbox(ctx, 10, time.Minute)
	if err != nil || len(msgs) != 4 {
		t.Fatalf("claim: %d %v", len(msgs), err)
	}
	ids := map[string]string{} // recipient -> id
	for _, m := range msgs {
		ids[m.To] = m.ID
		if want := map[string]string{"a1@acme.test": acme.ID, "a2@acme.test": acme.ID, "g1@globex.test": globex.ID}[m.To]; m.AccountID != want {
			t.Errorf("claimed %s with account %q, want %q", m.To, m.AccountID, want)
		}
	}
	if err := db.MarkOutboxFailed(ctx, ids["a1@acme.test"], clock.Now(), "550 mailbox unavailable", true); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkOutboxSent(ctx, ids["a2@acme.test"]); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkOutboxFailed(ctx, ids["g1@globex.test"], clock.Now(), "gave up", true); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkOutboxSent(ctx, ids["ops@example.test"]); err != nil {
		t.Fatal(err)
	}

	t.Run("List", func(t *testing.T) {
		all, err := db.FindNotifications(ctx, acme.ID, identity.NotificationFilter{Limit: 10})
		if err != nil || len(all) != 2 || all[0].To != "a2@acme.test" || all[1].To != "a1@acme.test" {
			t.Fatalf("acme's notifications, newest first: %+v %v", all, err)
		}
		dead, err := db.FindNotifications(ctx, acme.ID, identity.NotificationFilter{Status: identity.NotificationDead, Limit: 10})
		if err != nil || len(dead) != 1 {
			t.Fatalf("acme's dead: %+v %v", dead, err)
		}
		d := dead[0]
		if d.ID != ids["a1@acme.test"] || d.AccountID != acme.ID || d.Channel != "email" || d.Template != notify.PasswordChangedShowEmail ||
			d.Status != "dead" || d.Attempts != 1 || d.LastError != "550 mailbox unavailable" || d.CreatedAt.IsZero() {
			t.Fatalf("dead row: %+v", d)
		}
		if one, _ := db.FindNotifications(ctx, acme.ID, identity.NotificationFilter{Limit: 1}); len(one) != 1 {
			t.Fatalf("limit 1 gave %d rows", len(one))
		}
		_, err = db.FindNotifications(ctx, "", identity.NotificationFilter{Limit: 10})
		wantKind(t, err, fault.Invalid, "notification.account_required")
		every, err := db.FindOutbox(ctx, "", 10)
		if err != nil || len(every) != 4 || every[0].To != "ops@example.test" || every[0].AccountID != "" {
			t.Fatalf("operator's view: %+v %v", every, err)
		}
	})
	t.Run("RetryOtherAccount", func(t *testing.T) {
		_, err := db.RetryNotification(ctx, globex.ID, ids["a1@acme.test"], identity.AuditEvent{})
		wantKind(t, err, fault.NotFound, "notification.not_found")
		_, err = db.RetryNotification(ctx, "", ids["ops@example.test"], identity.AuditEvent{})
		wantKind(t, err, fault.NotFound, "notification.not_found")
	})
	t.Run("RetryNotDead", func(t *testing.T) {
		_, err := db.RetryNotification(ctx, acme.ID, ids["a2@acme.test"], identity.AuditEvent{})
		wantKind(t, err, fault.Conflict, "notification.not_dead")
	})
	t.Run("Retry", func(t *testing.T) {
		clock.Add(time.Hour)
		ev := identity.AuditEvent{ID: "ev-retry", AccountID: acme.ID, Action: "notification.retry", Outcome: "success",
			Detail: map[string]string{"notification_id": ids["a1@acme.test"]}}
		got, err := db.RetryNotification(ctx, acme.ID, ids["a1@acme.test"], ev)
		if err != nil || got.Status != "pending" || got.Attempts != 0 || !got.NextAttemptAt.Equal(clock.Now()) || got.To != "a1@acme.test" {
			t.Fatalf("retried: %+v %v", got, err)
		}
		due, err := db.ClaimOutbox(ctx, 10, time.Minute)
		if err != nil || len(due) != 1 || due[0].ID != ids["a1@acme.test"] || due[0].Attempts != 1 {
			t.Fatalf("a retried row is due at once: %+v %v", due, err)
		}
		evs, err := db.FindAuditEvents(ctx, acme.ID, 10)
		if err != nil || len(evs) == 0 || evs[0].ID != "ev-retry" || evs[0].Detail["notification_id"] != ids["a1@acme.test"] {
			t.Fatalf("audit: %+v %v", evs, err)
		}
		_, err = db.RetryNotification(ctx, acme.ID, ids["a1@acme.test"], identity.AuditEvent{})
		wantKind(t, err, fault.Conflict, "notification.not_dead")
	})
}
