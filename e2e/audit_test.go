package e2e_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/api/client"
)

// TestAuditTrail: on the real server, a failed sign-in, a lockout-free
// success and a password change each log one info line "audit" (never the
// password) and show in GET /v1/account/audit for the administrator.
func TestAuditTrail(t *testing.T) {
	s := MustServe(t, append([]string{"--data", t.TempDir(), "--log-level", "info"}, bootstrapFlags()...)...)
	ctx := context.Background()
	root := MustLogin(t, s, client.Credentials{Account: "acme", Password: rootPassword})
	bob, err := root.CreateUser(ctx, client.NewUser{Name: "bob", Email: "bob@acme.test", Password: bobPassword})
	if err != nil {
		t.Fatal(err)
	}
	const wrong = "Not-Bobs-Password-77"
	_, err = s.Client.Login(ctx, client.Credentials{Email: "bob@acme.test", Password: wrong})
	MustFail(t, err, 401, "auth.invalid_credentials")
	bobc := MustLogin(t, s, client.Credentials{Email: "bob@acme.test", Password: bobPassword})
	if _, err := bobc.ChangePassword(ctx, client.PasswordChange{CurrentPassword: bobPassword, NewPassword: "Fresh-Battery-43"}); err != nil {
		t.Fatal(err)
	}

	evs, err := root.AuditEvents(ctx, client.AuditFilter{UserID: bob.ID}, 0)
	if err != nil {
		t.Fatal(err)
	}
	// The log: one JSON line per event, found by its event ID. The server's
	// stderr reaches the test through a pipe, so wait until every event the
	// API lists has arrived.
	want := map[string]string{"user.create": "success", "auth.login": "auth.invalid_credentials", "password.change": "success"}
	logged := map[string]map[string]any{}
	allLogged := func() bool {
		for _, ev := range evs {
			if logged[ev.ID] == nil {
				return false
			}
		}
		return true
	}
	for deadline := time.Now().Add(10 * time.Second); ; {
		logged = map[string]map[string]any{}
		for _, line := range strings.Split(s.stderr.String(), "\n") {
			var l map[string]any
			if json.Unmarshal([]byte(line), &l) != nil || l["msg"] != "audit" {
				continue
			}
			if l["level"] != "INFO" {
				t.Fatalf("audit line not at info: %s", line)
			}
			id, _ := l["event_id"].(string)
			logged[id] = l
		}
		if allLogged() || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if strings.Contains(s.stderr.String(), wrong) || strings.Contains(s.stderr.String(), bobPassword) {
		t.Fatal("a password reached the log")
	}

	seen := map[string]bool{}
	for _, ev := range evs {
		l, ok := logged[ev.ID]
		if !ok {
			t.Fatalf("event %s %s/%s is not in the log", ev.ID, ev.Action, ev.Outcome)
		}
		if l["action"] != ev.Action || l["outcome"] != ev.Outcome || l["account_id"] == "" || l["user_id"] != bob.ID {
			t.Fatalf("log line %v for event %+v", l, ev)
		}
		seen[ev.Action+"/"+ev.Outcome] = true
	}
	for action, outcome := range want {
		if !seen[action+"/"+outcome] {
			t.Fatalf("no %s/%s event in %+v", action, outcome, evs)
		}
	}
	if !seen["auth.login/success"] {
		t.Fatalf("no successful sign-in in %+v", evs)
	}
}
