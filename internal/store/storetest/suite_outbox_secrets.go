package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/secret"
	"github.com/watchword/watchword/internal/store/sqldb"
)

// testOutboxSecrets checks that a notification's secrets are stored sealed,
// never without a keyring, come back only through the keyring, are erased
// once the row is sent or dead, that a dead row which lost its secret is not
// retried, and that sent rows are purged after the retention.
func testOutboxSecrets(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	acme, root := MustCreateAccount(t, db, "100000000001", "acme", "root@acme.test")
	code := func(to string) notify.Notification {
		return notify.Notification{Channel: notify.Email, To: to, Template: notify.ResetCode, AccountID: acme.ID,
			Data: map[string]string{"name": "Root"}, Secret: map[string]string{"code": "493817"}}
	}

	t.Run("NoKeyring", func(t *testing.T) {
		err := db.Enqueue(ctx, []notify.Notification{code(root.Email)})
		if err == nil || fault.CodeOf(err) != "notify.seal" {
			t.Fatalf("queued a secret without a keyring: %v", err)
		}
		// The notification goes with the change it reports: neither is written.
		err = db.SetLoginVerification(ctx, identity.LoginVerificationWrite{UserID: root.ID, Method: identity.VerifyEmail,
			Audit: identity.AuditEvent{ID: "ev-lv", Action: "login_verification.update"}, Notifications: []notify.Notification{code(root.Email)}})
		if err == nil {
			t.Fatal("a change carrying a secret notification was written without a keyring")
		}
		if u, _ := db.FindUserByID(ctx, root.ID); u.LoginVerification == identity.VerifyEmail {
			t.Fatal("the change was written without its notification")
		}
		if rows, _ := db.FindOutbox(ctx, "", 10); len(rows) != 0 {
			t.Fatalf("rows: %+v", rows)
		}
	})

	keys, err := secret.NewKeyring(secret.Key{ID: "k1", Secret: make([]byte, secret.KeySize)})
	if err != nil {
		t.Fatal(err)
	}
	db.SetSealer(keys)
	if err := db.Enqueue(ctx, []notify.Notification{code("sent@acme.test"), code("dead@acme.test"),
		{Channel: notify.Email, To: "plain@acme.test", Template: notify.PasswordChangedShowEmail, AccountID: acme.ID}}); err != nil {
		t.Fatal(err)
	}
	msgs, err := db.ClaimOutbox(ctx, 10, time.Minute)
	if err != nil || len(msgs) != 3 {
		t.Fatalf("claim: %+v %v", msgs, err)
	}
	ids := map[string]string{}
	for _, m := range msgs {
		ids[m.To] = m.ID
		if m.To == "plain@acme.test" {
			if m.Sealed != "" {
				t.Errorf("a notification without secrets has sealed %q", m.Sealed)
			}
			continue
		}
		if m.Sealed == "" || strings.Contains(m.Sealed, "493817") || m.Data["code"] != "" || m.Secret != nil || m.Data["name"] != "Root" {
			t.Fatalf("claimed %+v: the code must come only sealed", m)
		}
		opened, err := notify.OpenSecrets(keys, m)
		if err != nil || opened.Secret["code"] != "493817" {
			t.Fatalf("open: %+v %v", opened, err)
		}
	}
	if err := db.MarkOutboxSent(ctx, ids["sent@acme.test"]); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkOutboxFailed(ctx, ids["dead@acme.test"], clock.Now(), "550 no such user", true); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkOutboxFailed(ctx, ids["plain@acme.test"], clock.Now(), "550 no such user", true); err != nil {
		t.Fatal(err)
	}

	t.Run("DeadLetterShown", func(t *testing.T) {
		dead, err := db.FindNotifications(ctx, acme.ID, identity.NotificationFilter{Status: identity.NotificationDead, Limit: 10})
		if err != nil || len(dead) != 2 {
			t.Fatalf("dead: %+v %v", dead, err)
		}
		for _, d := range dead {
			if d.SecretErased != (d.To == "dead@acme.test") || d.LastError != "550 no such user" || d.Template == "" {
				t.Errorf("dead letter %+v", d)
			}
		}
	})
	t.Run("RetryErased", func(t *testing.T) {
		_, err := db.RetryNotification(ctx, acme.ID, ids["dead@acme.test"], identity.AuditEvent{ID: "ev-r1"})
		wantKind(t, err, fault.Conflict, "notification.secret_erased")
		if due, _ := db.ClaimOutbox(ctx, 10, time.Minute); len(due) != 0 {
			t.Fatalf("a refused retry queued %+v", due)
		}
		// A notification without secrets is still retried.
		got, err := db.RetryNotification(ctx, acme.ID, ids["plain@acme.test"], identity.AuditEvent{ID: "ev-r2"})
		if err != nil || got.Status != identity.NotificationPending || got.SecretErased {
			t.Fatalf("retry: %+v %v", got, err)
		}
		due, _ := db.ClaimOutbox(ctx, 10, time.Minute)
		if len(due) != 1 || due[0].ID != ids["plain@acme.test"] {
			t.Fatalf("due: %+v", due)
		}
		if err := db.MarkOutboxSent(ctx, due[0].ID); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("Purge", func(t *testing.T) {
		// "sent" was sent at the start; "plain" at the same instant, by the
		// store's clock. Both go once the cutoff passes that instant.
		sentAt := clock.Now()
		if n, err := purge(t, db, sentAt, identity.PurgeSentNotifications); err != nil || n != 0 {
			t.Fatalf("purge at the send instant: %d %v", n, err)
		}
		clock.Add(30 * 24 * time.Hour)
		if err := db.Enqueue(ctx, []notify.Notification{code("later@acme.test")}); err != nil {
			t.Fatal(err)
		}
		later, _ := db.ClaimOutbox(ctx, 10, time.Minute)
		if len(later) != 1 {
			t.Fatalf("later: %+v", later)
		}
		if err := db.MarkOutboxSent(ctx, later[0].ID); err != nil {
			t.Fatal(err)
		}
		n, err := purge(t, db, sentAt.Add(time.Microsecond), identity.PurgeSentNotifications)
		if err != nil || n != 2 {
			t.Fatalf("purge: %d %v", n, err)
		}
		rows, _ := db.FindOutbox(ctx, "", 10)
		got := map[string]string{}
		for _, r := range rows {
			got[r.To] = r.Status
		}
		if len(rows) != 2 || got["dead@acme.test"] != identity.NotificationDead || got["later@acme.test"] != identity.NotificationSent {
			t.Fatalf("after purge: %v", got)
		}
	})
}
