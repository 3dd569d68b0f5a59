package e2e_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/api/client"
	"github.com/watchword/watchword/internal/notify/smtpsink"
	"github.com/watchword/watchword/internal/secret"
)

// settle is how long the tests keep watching after the last expected
// message, to catch a duplicate: several polls and a retry's backoff.
const settle = 5*notifyPoll + 500*time.Millisecond

// TestNotifySMTPOutage takes the mail server down while five users change
// their passwords, and brings it back: every notification is delivered,
// over STARTTLS, exactly once.
func TestNotifySMTPOutage(t *testing.T) {
	sink := smtpsink.Start(t, smtpsink.WithStartTLS())
	s := MustServe(t, notifyArgs(sink, "--data", t.TempDir(), "--smtp-insecure", "--smtp-require-tls")...)
	root := MustLogin(t, s, client.Credentials{Account: "acme", Password: rootPassword})
	users := notifyMustUsers(t, root, "user", "en", 5, s)
	emails := notifyEmails(users)

	if err := sink.Stop(); err != nil {
		t.Fatal(err)
	}
	notifyMustChangeAll(t, users)
	notifyMustFailFor(t, s, root, emails, 3, 15*time.Second) // down a while: several failed tries each
	if err := sink.Restart(); err != nil {
		t.Fatal(err)
	}

	got := notifyMustDeliverOnce(t, sink, emails, 1, 20*time.Second, settle)
	for _, r := range emails {
		if m := got[r][0]; !m.TLS || m.Subject != "Your Watchword password was changed" {
			t.Errorf("%s: TLS %v, subject %q", r, m.TLS, m.Subject)
		}
	}
	sent := map[string]bool{}
	for _, e := range notifyList(t, s, root, "sent") {
		sent[e.Recipient] = e.Attempts >= 2 // at least one failed try, then the delivery
	}
	for _, r := range emails {
		if !sent[r] {
			t.Errorf("the outbox does not show %s's notification sent after failed tries: %v", r, sent)
		}
	}
	if p := notifyList(t, s, root, "pending"); len(p) != 0 {
		t.Errorf("still pending: %+v", p)
	}
}

// TestNotifyKillWithPendingOutbox kills the service with SIGKILL while its
// outbox holds undelivered notifications, then restarts it on the same data
// directory once the mail server is back: all are delivered, exactly once.
func TestNotifyKillWithPendingOutbox(t *testing.T) {
	sink := smtpsink.Start(t)
	data := t.TempDir()
	// A short lease: a notification claimed when the process died is
	// claimed again 2s after, rather than 5 minutes.
	args := notifyArgs(sink, "--data", data, "--notify-lease", "2s")
	s := MustServe(t, args...)
	root := MustLogin(t, s, client.Credentials{Account: "acme", Password: rootPassword})
	users := notifyMustUsers(t, root, "user", "en", 5, s)
	emails := notifyEmails(users)

	if err := sink.Stop(); err != nil {
		t.Fatal(err)
	}
	notifyMustChangeAll(t, users)
	notifyMustFailFor(t, s, root, emails, 1, 15*time.Second)
	s.MustKill(t)

	// With no server running, the operator sees the five waiting.
	pending := notifyOutboxLines(t, "--data", data, "--status", "pending")
	if len(pending) != len(emails) {
		t.Fatalf("admin outbox --status pending after the kill: %+v", pending)
	}

	if err := sink.Restart(); err != nil {
		t.Fatal(err)
	}
	s = MustServe(t, args...)
	notifyMustDeliverOnce(t, sink, emails, 1, 20*time.Second, settle)
	if sent := notifyOutboxLines(t, "--data", data, "--status", "sent"); len(sent) != len(emails) {
		t.Fatalf("admin outbox --status sent: %+v", sent)
	}
	s.MustStop(t)
}

// TestNotifyReplicasDeliverOnce runs two replicas on one PostgreSQL database,
// both draining one outbox every 20ms: a backlog built during an outage,
// then notifications queued while the mail server is up, through both
// replicas. None is sent twice, none is lost.
func TestNotifyReplicasDeliverOnce(t *testing.T) {
	sink := smtpsink.Start(t)
	args := notifyArgs(sink, "--database", mustPostgres(t), "--keyring", "k1:"+secret.GenerateKey(), "--notify-poll", "20ms")
	a, b := MustServeReplicas(t, args)
	root := MustLogin(t, a, client.Credentials{Account: "acme", Password: rootPassword})
	users := notifyMustUsers(t, root, "user", "en", 40, a, b)
	emails := notifyEmails(users)

	if err := sink.Stop(); err != nil {
		t.Fatal(err)
	}
	notifyMustChangeAll(t, users)
	if err := sink.Restart(); err != nil {
		t.Fatal(err)
	}
	notifyMustDeliverOnce(t, sink, emails, 1, 30*time.Second, settle)

	notifyMustChangeAll(t, users)
	notifyMustDeliverOnce(t, sink, emails, 2, 30*time.Second, settle)
	if p := notifyList(t, b, MustLogin(t, b, client.Credentials{Account: "acme", Password: rootPassword}), "pending"); len(p) != 0 {
		t.Errorf("still pending: %+v", p)
	}
}

// TestNotifyOptions covers what a password change asks of its notification:
// notify_type NONE sends nothing, the user's locale picks the language,
// theme_id picks the look, and an unknown theme falls back to the default.
func TestNotifyOptions(t *testing.T) {
	sink := smtpsink.Start(t)
	s := MustServe(t, notifyArgs(sink, "--data", t.TempDir())...)
	root := MustLogin(t, s, client.Credentials{Account: "acme", Password: rootPassword})

	t.Run("NotifyTypeNone", func(t *testing.T) {
		u := notifyMustUsers(t, root, "quiet", "en", 1, s)[0]
		u.mustChange(t, "NONE", "")
		u.mustChange(t, "", "") // this one notifies; one sent with NONE would come before it
		got := notifyMustDeliverOnce(t, sink, []string{u.Email}, 1, 10*time.Second, 2*notifyPoll+300*time.Millisecond)
		if m := got[u.Email][0]; m.Subject != "Your Watchword password was changed" {
			t.Fatalf("subject %q", m.Subject)
		}
		n := 0
		for _, e := range notifyList(t, s, root, "") {
			if e.Recipient == u.Email {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("the outbox holds %d notifications to %s, want 1: NONE must queue nothing", n, u.Email)
		}
	})
	t.Run("French", func(t *testing.T) {
		u := notifyMustUsers(t, root, "francoise", "fr", 1, s)[0]
		u.mustChange(t, "", "")
		m := notifyMustDeliverOnce(t, sink, []string{u.Email}, 1, 10*time.Second, 0)[u.Email][0]
		if m.Subject != "Votre mot de passe Watchword a été modifié" || !strings.Contains(m.Text, "Bonjour francoise0") ||
			!strings.Contains(m.HTML, `<html lang="fr">`) {
			t.Fatalf("subject %q, text %q", m.Subject, m.Text)
		}
	})
	t.Run("Theme", func(t *testing.T) {
		u := notifyMustUsers(t, root, "dark", "en", 1, s)[0]
		u.mustChange(t, "", "dark")
		m := notifyMustDeliverOnce(t, sink, []string{u.Email}, 1, 10*time.Second, 0)[u.Email][0]
		if !strings.Contains(m.HTML, `content="dark"`) || m.Subject != "Your Watchword password was changed" {
			t.Fatalf("the dark theme was not used: subject %q, html %q", m.Subject, m.HTML)
		}
	})
	t.Run("UnknownThemeFallsBack", func(t *testing.T) {
		u := notifyMustUsers(t, root, "plain", "fr", 1, s)[0]
		u.mustChange(t, "", "no-such-theme")
		m := notifyMustDeliverOnce(t, sink, []string{u.Email}, 1, 10*time.Second, 0)[u.Email][0]
		if !strings.Contains(m.HTML, `content="light"`) || m.Subject != "Votre mot de passe Watchword a été modifié" {
			t.Fatalf("no fallback to the default French template: subject %q, html %q", m.Subject, m.HTML)
		}
	})
	if dead := notifyList(t, s, root, "dead"); len(dead) != 0 {
		t.Errorf("dead notifications: %+v", dead)
	}
}

// TestNotifyDeadLetters lets a notification die while the mail server is
// down, shows it to the account's administrator (API) and to the operator
// (admin outbox), and has the administrator retry it once the server is
// back: it is delivered once, and not before the retry.
func TestNotifyDeadLetters(t *testing.T) {
	sink := smtpsink.Start(t)
	data := t.TempDir()
	s := MustServe(t, notifyArgs(sink, "--data", data, "--notify-max-attempts", "2")...)
	root := MustLogin(t, s, client.Credentials{Account: "acme", Password: rootPassword})
	me, err := root.Me(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	u := notifyMustUsers(t, root, "unlucky", "en", 1, s)[0]
	if err := sink.Stop(); err != nil {
		t.Fatal(err)
	}
	u.mustChange(t, "", "")

	var dead notifyEntry
	for deadline := time.Now().Add(15 * time.Second); dead.ID == ""; time.Sleep(notifyPoll) {
		if time.Now().After(deadline) {
			t.Fatalf("no dead notification; pending: %+v", notifyList(t, s, root, "pending"))
		}
		for _, e := range notifyList(t, s, root, "dead") {
			if e.Recipient == u.Email {
				dead = e
			}
		}
	}
	if dead.Attempts != 2 || dead.LastError == "" || dead.Template != "user_password_change_show_email" ||
		dead.Channel != "email" || dead.NextAttemptAt != nil {
		t.Fatalf("dead letter: %+v", dead)
	}
	lines := notifyOutboxLines(t, "--data", data, "--status", "dead")
	if len(lines) != 1 || lines[0].ID != dead.ID || lines[0].AccountID != me.AccountID || lines[0].Recipient != u.Email {
		t.Fatalf("admin outbox --status dead: %+v, want %s of account %s", lines, dead.ID, me.AccountID)
	}

	if err := sink.Restart(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(settle)
	if got := notifyReceived(sink, []string{u.Email}); len(got[u.Email]) != 0 {
		t.Fatal("a dead notification was sent without a retry")
	}
	var retried notifyEntry
	notifyCall(t, s, root, http.MethodPost, "/v1/account/notifications/"+dead.ID+"/retry", &retried)
	if retried.Status != "pending" || retried.Attempts != 0 || retried.NextAttemptAt == nil {
		t.Fatalf("retried: %+v", retried)
	}
	notifyMustDeliverOnce(t, sink, []string{u.Email}, 1, 10*time.Second, settle)
	if d := notifyList(t, s, root, "dead"); len(d) != 0 {
		t.Fatalf("still dead after the retry: %+v", d)
	}
}
