package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/cli"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/store/sqlite"
	"github.com/watchword/watchword/internal/store/storetest"
)

// TestAdminOutbox seeds a data directory with one dead, one sent and one
// pending notification and reads them back through the command.
func TestAdminOutbox(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "watchword.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	acme, _ := storetest.MustCreateAccount(t, db, "100000000001", "acme", "root@acme.test")
	for _, to := range []string{"dead@acme.test", "sent@acme.test", "pending@acme.test"} {
		if err := db.Enqueue(ctx, []notify.Notification{{Channel: notify.Email, To: to, Template: notify.ResetLink,
			Data: map[string]string{"link": "https://x/reset/secret"}, AccountID: acme.ID}}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Millisecond) // distinct creation times: the listing is newest first
	}
	msgs, err := db.ClaimOutbox(ctx, 2, time.Minute)
	if err != nil || len(msgs) != 2 {
		t.Fatalf("claim: %v %v", msgs, err)
	}
	if err := db.MarkOutboxFailed(ctx, msgs[0].ID, time.Now(), "smtp: RCPT TO: 550 no such mailbox", true); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkOutboxSent(ctx, msgs[1].ID); err != nil {
		t.Fatal(err)
	}
	db.Close()

	type line struct {
		ID, AccountID, Recipient, Status, LastError string
		Attempts                                    int
		NextAttemptAt                               *time.Time
	}
	run := func(args ...string) ([]line, string, error) {
		var out, errOut bytes.Buffer
		err := cli.Run(ctx, append([]string{"admin", "outbox", "--data", dir}, args...),
			cli.Env{Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }})
		var lines []line
		for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
			if l == "" {
				continue
			}
			if strings.Contains(l, "secret") {
				t.Errorf("the listing shows the content: %s", l)
			}
			var v struct {
				ID            string     `json:"id"`
				AccountID     string     `json:"account_id"`
				Recipient     string     `json:"recipient"`
				Status        string     `json:"status"`
				LastError     string     `json:"last_error"`
				Attempts      int        `json:"attempts"`
				NextAttemptAt *time.Time `json:"next_attempt_at"`
			}
			if err := json.Unmarshal([]byte(l), &v); err != nil {
				t.Fatalf("line %q: %v", l, err)
			}
			lines = append(lines, line(v))
		}
		return lines, errOut.String(), err
	}

	t.Run("Dead", func(t *testing.T) {
		got, _, err := run("--status", "dead")
		if err != nil || len(got) != 1 {
			t.Fatalf("%+v %v", got, err)
		}
		if g := got[0]; g.ID != msgs[0].ID || g.AccountID != acme.ID || g.Status != "dead" || g.Attempts != 1 ||
			g.LastError != "smtp: RCPT TO: 550 no such mailbox" || g.NextAttemptAt != nil {
			t.Fatalf("%+v", g)
		}
	})
	t.Run("All", func(t *testing.T) {
		got, _, err := run()
		if err != nil || len(got) != 3 || got[0].Recipient != "pending@acme.test" || got[0].NextAttemptAt == nil {
			t.Fatalf("%+v %v", got, err)
		}
	})
	t.Run("Account", func(t *testing.T) {
		if got, _, err := run("--account", acme.ID, "--status", "sent"); err != nil || len(got) != 1 || got[0].Recipient != "sent@acme.test" {
			t.Fatalf("%+v %v", got, err)
		}
		if got, _, err := run("--account", "100000000002"); err != nil || len(got) != 0 {
			t.Fatalf("%+v %v", got, err)
		}
	})
	t.Run("ErrStatus", func(t *testing.T) {
		if _, _, err := run("--status", "failed"); err == nil || !strings.Contains(err.Error(), "want dead, pending or sent") {
			t.Fatalf("got %v", err)
		}
	})
}
