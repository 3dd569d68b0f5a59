package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/api/client"
	"github.com/watchword/watchword/internal/notify/smtpsink"
)

// notifyPoll is how often the servers of the notification tests look at the
// outbox; the tests wait in multiples of it.
const notifyPoll = 100 * time.Millisecond

// notifyArgs are the serve flags of the notification tests: mail goes to
// sink, the outbox is polled often, and a failed delivery is retried after
// 200ms, then at most every 500ms, many times, so an outage of a few
// seconds kills nothing.
func notifyArgs(sink *smtpsink.Sink, extra ...string) []string {
	args := []string{"--smtp-url", sink.URL(), "--mail-from", "Watchword <no-reply@watchword.test>",
		"--notify-poll", notifyPoll.String(), "--notify-backoff", "200ms", "--notify-max-backoff", "500ms",
		"--notify-max-attempts", "100"}
	return append(append(args, bootstrapFlags()...), extra...)
}

// notifyUser is an IAM user of acme logged in through one server.
type notifyUser struct {
	Email    string
	Password string
	Client   *client.Client
}

// notifyMustUsers has root create n users named prefix0..prefixN-1 with
// emails prefixI@acme.test and the given locale, and logs each in through
// the server of its index in via (round-robin).
func notifyMustUsers(t *testing.T, root *client.Client, prefix, locale string, n int, via ...*Server) []*notifyUser {
	t.Helper()
	ctx := context.Background()
	users := make([]*notifyUser, n)
	for i := range users {
		u := &notifyUser{Email: fmt.Sprintf("%s%d@acme.test", prefix, i), Password: bobPassword}
		if _, err := root.CreateUser(ctx, client.NewUser{Name: fmt.Sprintf("%s%d", prefix, i), Email: u.Email,
			Locale: locale, Password: u.Password}); err != nil {
			t.Fatalf("create %s: %v", u.Email, err)
		}
		u.Client = MustLogin(t, via[i%len(via)], client.Credentials{Email: u.Email, Password: u.Password})
		users[i] = u
	}
	return users
}

// change changes u's password through /v1/me/password with the given
// notify_type and theme_id ("" for the defaults).
func (u *notifyUser) change(notifyType, theme string) error {
	next := "N" + u.Password[1:] + "x"
	if _, err := u.Client.ChangePassword(context.Background(), client.PasswordChange{CurrentPassword: u.Password,
		NewPassword: next, NotifyType: notifyType, ThemeID: theme}); err != nil {
		return fmt.Errorf("change %s's password: %w", u.Email, err)
	}
	u.Password = next
	return nil
}

// mustChange is change for the test's goroutine.
func (u *notifyUser) mustChange(t *testing.T, notifyType, theme string) {
	t.Helper()
	if err := u.change(notifyType, theme); err != nil {
		t.Fatal(err)
	}
}

// notifyMustChangeAll changes every user's password once, concurrently.
func notifyMustChangeAll(t *testing.T, users []*notifyUser) {
	t.Helper()
	errs := make([]error, len(users))
	var wg sync.WaitGroup
	for i, u := range users {
		wg.Go(func() { errs[i] = u.change("", "") })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// notifyEmails lists the users' emails.
func notifyEmails(users []*notifyUser) []string {
	out := make([]string, len(users))
	for i, u := range users {
		out[i] = u.Email
	}
	return out
}

// notifyReceived returns the messages the sink accepted for each of
// recipients, keyed by recipient.
func notifyReceived(sink *smtpsink.Sink, recipients []string) map[string][]smtpsink.Received {
	out := map[string][]smtpsink.Received{}
	for _, m := range sink.Messages() {
		if len(m.To) == 1 && slices.Contains(recipients, m.To[0]) {
			out[m.To[0]] = append(out[m.To[0]], m)
		}
	}
	return out
}

// notifyMustDeliverOnce waits until each recipient has received want
// messages, then waits settle longer, and checks that no recipient got
// more, and that no Message-ID (the outbox row's ID) arrived twice: every
// notification delivered exactly once. It returns the messages.
func notifyMustDeliverOnce(t *testing.T, sink *smtpsink.Sink, recipients []string, want int, timeout, settle time.Duration) map[string][]smtpsink.Received {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		got := notifyReceived(sink, recipients)
		missing := 0
		for _, r := range recipients {
			missing += max(0, want-len(got[r]))
		}
		if missing == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v, %d of %d notifications have not arrived; received %v", timeout, missing, want*len(recipients),
				notifySummary(got))
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(settle)
	got := notifyReceived(sink, recipients)
	ids := map[string]int{}
	for _, r := range recipients {
		if len(got[r]) != want {
			t.Errorf("%s received %d messages, want %d", r, len(got[r]), want)
		}
		for _, m := range got[r] {
			id := m.Header.Get("Message-Id")
			if id == "" {
				t.Errorf("a message to %s has no Message-ID", r)
			}
			ids[id]++
		}
	}
	for id, n := range ids {
		if n != 1 {
			t.Errorf("Message-ID %s delivered %d times", id, n)
		}
	}
	if len(ids) != want*len(recipients) {
		t.Errorf("%d distinct Message-IDs, want %d", len(ids), want*len(recipients))
	}
	if t.Failed() {
		t.FailNow()
	}
	return got
}

func notifySummary(got map[string][]smtpsink.Received) string {
	var b strings.Builder
	for r, ms := range got {
		fmt.Fprintf(&b, "%s×%d ", r, len(ms))
	}
	return b.String()
}

// notifyEntry is a row of GET /v1/account/notifications.
type notifyEntry struct {
	ID            string     `json:"id"`
	Channel       string     `json:"channel"`
	Recipient     string     `json:"recipient"`
	Template      string     `json:"template"`
	Status        string     `json:"status"`
	Attempts      int        `json:"attempts"`
	LastError     string     `json:"last_error"`
	CreatedAt     time.Time  `json:"created_at"`
	NextAttemptAt *time.Time `json:"next_attempt_at"`
}

// notifyCall sends an administrator's request to one of the notification
// routes, which the public client does not cover, and decodes a 200 answer.
func notifyCall(t *testing.T, s *Server, admin *client.Client, method, path string, out any) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+admin.Token())
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		var p client.Error
		_ = json.NewDecoder(res.Body).Decode(&p)
		t.Fatalf("%s %s: %d %s %s", method, path, res.StatusCode, p.Code, p.Detail)
	}
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
}

// notifyList lists acme's notifications with the given status, as its root
// user sees them through the API.
func notifyList(t *testing.T, s *Server, root *client.Client, status string) []notifyEntry {
	t.Helper()
	var all []notifyEntry
	q := url.Values{"limit": {"200"}, "status": {status}}
	for {
		var out struct {
			Items      []notifyEntry `json:"items"`
			NextCursor string        `json:"next_cursor"`
		}
		notifyCall(t, s, root, http.MethodGet, "/v1/account/notifications?"+q.Encode(), &out)
		all = append(all, out.Items...)
		if out.NextCursor == "" {
			return all
		}
		q.Set("cursor", out.NextCursor)
	}
}

// notifyMustFailFor waits until every notification to recipients is still
// pending but has failed at least tries times: the outage has been seen.
func notifyMustFailFor(t *testing.T, s *Server, root *client.Client, recipients []string, tries int, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		failed := 0
		for _, e := range notifyList(t, s, root, "pending") {
			if slices.Contains(recipients, e.Recipient) && e.Attempts >= tries && e.LastError != "" {
				failed++
			}
		}
		if failed == len(recipients) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v only %d of %d notifications had %d failed tries", timeout, failed, len(recipients), tries)
		}
		time.Sleep(notifyPoll)
	}
}

// notifyOutboxLine is a line of `watchword admin outbox`.
type notifyOutboxLine struct {
	ID        string `json:"id"`
	AccountID string `json:"account_id"`
	Recipient string `json:"recipient"`
	Status    string `json:"status"`
	Attempts  int    `json:"attempts"`
	LastError string `json:"last_error"`
}

// notifyOutboxLines runs `watchword admin outbox` with args and parses its
// JSON lines.
func notifyOutboxLines(t *testing.T, args ...string) []notifyOutboxLine {
	t.Helper()
	out := MustRun(t, append([]string{"admin", "outbox"}, args...)...)
	var lines []notifyOutboxLine
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l == "" {
			continue
		}
		var v notifyOutboxLine
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatalf("admin outbox printed %q: %v", l, err)
		}
		lines = append(lines, v)
	}
	return lines
}
