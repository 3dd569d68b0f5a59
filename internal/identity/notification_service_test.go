package identity_test

import (
	"context"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
)

// mustDeadNotice changes alice's password, so that a notification to her is
// queued, then fails its delivery for good, as the worker would after a
// refusal. It returns the notification's ID.
func (c *core) mustDeadNotice(t *testing.T) string {
	t.Helper()
	ctx := c.mustLogin(t, aliceLogin)
	if _, err := c.svc.Passwords.Change(ctx, identity.PasswordChange{Current: alicePassword, New: "Fresh-Battery-43"}); err != nil {
		t.Fatal(err)
	}
	msgs, err := c.db.ClaimOutbox(context.Background(), 100, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	id := ""
	for _, m := range msgs {
		if m.To != "alice@acme.test" {
			continue
		}
		if m.AccountID != c.acct.ID {
			t.Fatalf("the password-change notification names account %q, want %q", m.AccountID, c.acct.ID)
		}
		id = m.ID
		if err := c.db.MarkOutboxFailed(context.Background(), m.ID, c.clock.Now(), "smtp: RCPT TO: 550 no such mailbox", true); err != nil {
			t.Fatal(err)
		}
	}
	if id == "" {
		t.Fatalf("no notification to alice in %+v", msgs)
	}
	return id
}

func TestNotificationList(t *testing.T) {
	c := mustCore(t)
	c.mustAlice(t)
	id := c.mustDeadNotice(t)
	t.Run("OK", func(t *testing.T) {
		for _, status := range []string{"", identity.NotificationDead} {
			list, err := c.svc.Notifications.List(c.admin, identity.NotificationFilter{Status: status})
			if err != nil || len(list) != 1 {
				t.Fatalf("status %q: %+v %v", status, list, err)
			}
			n := list[0]
			if n.ID != id || n.To != "alice@acme.test" || n.Status != "dead" || n.Attempts != 1 || n.AccountID != c.acct.ID ||
				n.LastError != "smtp: RCPT TO: 550 no such mailbox" {
				t.Fatalf("notification: %+v", n)
			}
		}
		for _, status := range []string{identity.NotificationPending, identity.NotificationSent} {
			if list, err := c.svc.Notifications.List(c.admin, identity.NotificationFilter{Status: status}); err != nil || len(list) != 0 {
				t.Fatalf("status %q: %+v %v", status, list, err)
			}
		}
	})
	t.Run("OtherAccountSeesNothing", func(t *testing.T) {
		_, globex := c.mustOtherAccount(t)
		list, err := c.svc.Notifications.List(globex, identity.NotificationFilter{})
		if err != nil || len(list) != 0 {
			t.Fatalf("globex sees %+v %v", list, err)
		}
	})
	tests := []struct {
		name string
		ctx  func() context.Context
		f    identity.NotificationFilter
		want [3]string
	}{
		{"ErrStatus", func() context.Context { return c.admin }, identity.NotificationFilter{Status: "failed"},
			[3]string{string(fault.Invalid), "notification.status_invalid", "status must be dead, pending or sent"}},
		{"ErrNotAdmin", func() context.Context {
			return c.mustLogin(t, identity.LoginInput{Email: "alice@acme.test", Password: "Fresh-Battery-43"})
		},
			identity.NotificationFilter{}, adminRequired},
		{"ErrAnonymous", context.Background, identity.NotificationFilter{},
			[3]string{string(fault.Unauthenticated), "auth.required", "authentication required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.svc.Notifications.List(tt.ctx(), tt.f)
			checkFaultOf(t, err, tt.want)
		})
	}
}

func TestNotificationRetry(t *testing.T) {
	c := mustCore(t)
	c.mustAlice(t)
	id := c.mustDeadNotice(t)
	_, globex := c.mustOtherAccount(t)
	notFound := [3]string{string(fault.NotFound), "notification.not_found", "no such notification"}
	t.Run("ErrOtherAccount", func(t *testing.T) {
		_, err := c.svc.Notifications.Retry(globex, id)
		checkFaultOf(t, err, notFound)
	})
	t.Run("ErrUnknown", func(t *testing.T) {
		_, err := c.svc.Notifications.Retry(c.admin, "0123456789abcdef")
		checkFaultOf(t, err, notFound)
		_, err = c.svc.Notifications.Retry(c.admin, "")
		checkFaultOf(t, err, notFound)
	})
	t.Run("ErrNotAdmin", func(t *testing.T) {
		alice := c.mustLogin(t, identity.LoginInput{Email: "alice@acme.test", Password: "Fresh-Battery-43"})
		_, err := c.svc.Notifications.Retry(alice, id)
		checkFaultOf(t, err, adminRequired)
	})
	t.Run("OK", func(t *testing.T) {
		c.clock.Add(time.Hour)
		n, err := c.svc.Notifications.Retry(c.admin, id)
		if err != nil || n.ID != id || n.Status != "pending" || n.Attempts != 0 || !n.NextAttemptAt.Equal(c.clock.Now()) {
			t.Fatalf("retried: %+v %v", n, err)
		}
		msgs, err := c.db.ClaimOutbox(context.Background(), 10, time.Minute)
		if err != nil || len(msgs) != 1 || msgs[0].ID != id || msgs[0].Template == "" || msgs[0].Data["account"] != "acme" {
			t.Fatalf("the retried notification is due again, content intact: %+v %v", msgs, err)
		}
		evs, _ := c.db.FindAuditEvents(context.Background(), c.acct.ID, 100)
		found := false
		for _, ev := range evs {
			found = found || (ev.Action == "notification.retry" && ev.ActorID == c.root.ID && ev.Detail["notification_id"] == id)
		}
		if !found {
			t.Fatalf("no notification.retry audit event in %+v", evs)
		}
	})
	t.Run("ErrNotDead", func(t *testing.T) {
		_, err := c.svc.Notifications.Retry(c.admin, id)
		checkFault(t, err, fault.Conflict, "notification.not_dead", "only a dead notification can be retried; this one is pending")
	})
}
