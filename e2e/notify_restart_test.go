package e2e_test

import (
	"testing"
	"time"

	"github.com/watchword/watchword/internal/api/client"
	"github.com/watchword/watchword/internal/notify/smtpsink"
)

// slowMail is how long the slow sink takes per message: long enough to stop
// the server mid-delivery.
const slowMail = 300 * time.Millisecond

// restartScenario queues 12 password-change notifications to a slow mail
// server, lets delivery begin, stops the server with stop, and restarts it
// on the same SQLite data with the default lease (30s): it returns the sink,
// the recipients and the time the restart took to deliver everything.
func restartScenario(t *testing.T, stop func(*Server)) (*smtpsink.Sink, []string) {
	t.Helper()
	sink := smtpsink.Start(t, smtpsink.WithDelay(slowMail))
	data := t.TempDir()
	args := notifyArgs(sink, "--data", data)
	s := MustServe(t, args...)
	root := MustLogin(t, s, client.Credentials{Account: "acme", Password: rootPassword})
	users := notifyMustUsers(t, root, "user", "en", 12, s)
	emails := notifyEmails(users)
	// Only the password changes' notifications count from here on.
	time.Sleep(settle)
	sink.Reset()
	notifyMustChangeAll(t, users)
	deadline := time.Now().Add(20 * time.Second)
	for len(sink.Messages()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no delivery began")
		}
		time.Sleep(10 * time.Millisecond)
	}
	stop(s)
	if n := len(sink.Messages()); n >= len(emails) {
		t.Fatalf("all %d delivered before the stop: the test stopped nothing mid-delivery", n)
	}
	MustServe(t, args...)
	return sink, emails
}

// TestNotifySIGTERMMidDelivery: SIGTERM during delivery lets the message
// being sent finish and hands the rest back, so the next start delivers all
// of them within seconds (not after a lease), each exactly once.
func TestNotifySIGTERMMidDelivery(t *testing.T) {
	sink, emails := restartScenario(t, func(s *Server) {
		start := time.Now()
		s.MustStop(t)
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("SIGTERM took %v to exit", took)
		}
	})
	notifyMustDeliverOnce(t, sink, emails, 1, time.Duration(len(emails))*slowMail+5*time.Second, settle)
}

// TestNotifyKillMidDeliveryReclaims: after a kill -9 during delivery, the
// next start on the same SQLite file takes back its dead predecessor's
// claims at once, so every notification arrives within seconds rather than
// after the 30-second lease. (The message on the wire when the process died
// may arrive twice: delivery is at least once, with a stable Message-ID.)
func TestNotifyKillMidDeliveryReclaims(t *testing.T) {
	sink, emails := restartScenario(t, func(s *Server) { s.MustKill(t) })
	deadline := time.Now().Add(time.Duration(len(emails))*slowMail + 5*time.Second)
	for {
		got := notifyReceived(sink, emails)
		missing := 0
		for _, e := range emails {
			if len(got[e]) == 0 {
				missing++
			}
		}
		if missing == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d notifications not delivered within seconds of the restart: %s", missing, len(emails), notifySummary(got))
		}
		time.Sleep(20 * time.Millisecond)
	}
}
