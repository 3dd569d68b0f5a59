package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/api/client"
)

// mustDeadNotification has acme's root create alice, alice change her
// password through the API, and the delivery of the notification that
// queues fail for good. It returns alice's client and the notification's ID.
func (s *apiServer) mustDeadNotification(t *testing.T) (*client.Client, string) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.Root.CreateUser(ctx, client.NewUser{Name: "alice", Email: "alice@acme.test", Password: "Correct-Battery-42"}); err != nil {
		t.Fatal(err)
	}
	alice := s.mustLogin(t, client.Credentials{Email: "alice@acme.test", Password: "Correct-Battery-42"})
	if _, err := alice.ChangePassword(ctx, client.PasswordChange{CurrentPassword: "Correct-Battery-42", NewPassword: "Fresh-Battery-43"}); err != nil {
		t.Fatal(err)
	}
	msgs, err := s.DB.ClaimOutbox(ctx, 100, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if m.To == "alice@acme.test" {
			if err := s.DB.MarkOutboxFailed(ctx, m.ID, time.Now(), "smtp: RCPT TO: 550 no such mailbox", true); err != nil {
				t.Fatal(err)
			}
			return alice, m.ID
		}
	}
	t.Fatalf("no notification to alice in %+v", msgs)
	return nil, ""
}

func TestListNotifications(t *testing.T) {
	s := mustAPIServer(t)
	alice, id := s.mustDeadNotification(t)
	t.Run("OK", func(t *testing.T) {
		r := s.raw(t, http.MethodGet, "/v1/account/notifications?status=dead", s.Root.Token(), "", nil)
		if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "application/json" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		var raw struct {
			Items []map[string]any `json:"items"`
		}
		if err := json.Unmarshal(r.Body, &raw); err != nil || len(raw.Items) != 1 {
			t.Fatalf("body %s: %v", r.Body, err)
		}
		var keys []string
		for k := range raw.Items[0] {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		want := []string{"attempts", "channel", "created_at", "id", "last_error", "next_attempt_at", "recipient", "status", "template"}
		if !slices.Equal(keys, want) {
			t.Fatalf("fields %v, want %v (never the content: it may hold a reset link)", keys, want)
		}
		n := raw.Items[0]
		if n["id"] != id || n["recipient"] != "alice@acme.test" || n["template"] != "user_password_change_show_email" ||
			n["status"] != "dead" || n["attempts"] != 1.0 || n["channel"] != "email" ||
			n["last_error"] != "smtp: RCPT TO: 550 no such mailbox" || n["next_attempt_at"] != nil {
			t.Fatalf("notification %v", n)
		}
	})
	t.Run("OKOtherStatuses", func(t *testing.T) {
		for _, q := range []string{"?status=pending", "?status=sent", "?limit=0&status=sent"} {
			r := s.raw(t, http.MethodGet, "/v1/account/notifications"+q, s.Root.Token(), "", nil)
			if r.Status != http.StatusOK || string(r.Body) != "{\"items\":[]}\n" {
				t.Fatalf("%s: %d %s", q, r.Status, r.Body)
			}
		}
		r := s.raw(t, http.MethodGet, "/v1/account/notifications", s.Root.Token(), "", nil)
		if r.Status != http.StatusOK || !json.Valid(r.Body) {
			t.Fatalf("all: %d %s", r.Status, r.Body)
		}
	})
	t.Run("OKOtherAccountSeesNothing", func(t *testing.T) {
		globex := s.mustOtherAccount(t)
		r := s.raw(t, http.MethodGet, "/v1/account/notifications?status=dead", globex.Token(), "", nil)
		if r.Status != http.StatusOK || string(r.Body) != "{\"items\":[]}\n" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	tests := []struct {
		name, query, token string
		status             int
		code               string
	}{
		{"ErrStatus", "?status=failed", s.Root.Token(), http.StatusBadRequest, "notification.status_invalid"},
		{"ErrLimit", "?limit=-1", s.Root.Token(), http.StatusBadRequest, "page.limit"},
		{"ErrNotAdmin", "", alice.Token(), http.StatusForbidden, "auth.admin_required"},
		{"ErrAnonymous", "", "", http.StatusUnauthorized, "auth.required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mustProblem(t, s.raw(t, http.MethodGet, "/v1/account/notifications"+tt.query, tt.token, "", nil), tt.status, tt.code)
		})
	}
}

func TestRetryNotification(t *testing.T) {
	s := mustAPIServer(t)
	alice, id := s.mustDeadNotification(t)
	globex := s.mustOtherAccount(t)
	path := "/v1/account/notifications/" + id + "/retry"
	t.Run("ErrOtherAccount", func(t *testing.T) {
		mustProblem(t, s.raw(t, http.MethodPost, path, globex.Token(), "", nil), http.StatusNotFound, "notification.not_found")
	})
	t.Run("ErrUnknown", func(t *testing.T) {
		mustProblem(t, s.raw(t, http.MethodPost, "/v1/account/notifications/nope/retry", s.Root.Token(), "", nil),
			http.StatusNotFound, "notification.not_found")
	})
	t.Run("ErrNotAdmin", func(t *testing.T) {
		mustProblem(t, s.raw(t, http.MethodPost, path, alice.Token(), "", nil), http.StatusForbidden, "auth.admin_required")
	})
	t.Run("OK", func(t *testing.T) {
		r := s.raw(t, http.MethodPost, path, s.Root.Token(), "", nil)
		var n struct {
			ID            string     `json:"id"`
			Status        string     `json:"status"`
			Attempts      int        `json:"attempts"`
			NextAttemptAt *time.Time `json:"next_attempt_at"`
		}
		if err := json.Unmarshal(r.Body, &n); err != nil || r.Status != http.StatusOK || n.ID != id || n.Status != "pending" ||
			n.Attempts != 0 || n.NextAttemptAt == nil || time.Since(*n.NextAttemptAt) > time.Minute {
			t.Fatalf("%d %s %v", r.Status, r.Body, err)
		}
		msgs, err := s.DB.ClaimOutbox(context.Background(), 10, time.Minute)
		if err != nil || len(msgs) != 1 || msgs[0].ID != id {
			t.Fatalf("the retried notification is due again: %+v %v", msgs, err)
		}
	})
	t.Run("ErrNotDead", func(t *testing.T) {
		// Its own server, so that it runs alone: a retried notification is pending again.
		s := mustAPIServer(t)
		_, id := s.mustDeadNotification(t)
		path := "/v1/account/notifications/" + id + "/retry"
		if r := s.raw(t, http.MethodPost, path, s.Root.Token(), "", nil); r.Status != http.StatusOK {
			t.Fatalf("first retry: %d %s", r.Status, r.Body)
		}
		mustProblem(t, s.raw(t, http.MethodPost, path, s.Root.Token(), "", nil), http.StatusConflict, "notification.not_dead")
	})
	t.Run("ErrSecretErased", func(t *testing.T) {
		// A reset code that could not be delivered: its code was erased when
		// it died, so it is not sent again without it.
		ctx := context.Background()
		if r := s.raw(t, http.MethodPost, "/v1/recovery/requests", "", "application/json",
			[]byte(`{"email":"alice@acme.test","method":"email"}`)); r.Status != http.StatusAccepted && r.Status != http.StatusOK {
			t.Fatalf("reset request: %d %s", r.Status, r.Body)
		}
		msgs, err := s.DB.ClaimOutbox(ctx, 100, time.Minute)
		if err != nil || len(msgs) != 1 {
			t.Fatalf("claim: %+v %v", msgs, err)
		}
		var codeID string
		for _, m := range msgs {
			if m.Template == "reset_code" {
				codeID = m.ID
				if m.Sealed == "" || m.Data["code"] != "" {
					t.Fatalf("the code is not sealed: %+v", m)
				}
				if err := s.DB.MarkOutboxFailed(ctx, m.ID, time.Now(), "smtp: RCPT TO: 550 no such mailbox", true); err != nil {
					t.Fatal(err)
				}
			}
		}
		r := s.raw(t, http.MethodGet, "/v1/account/notifications?status=dead", s.Root.Token(), "", nil)
		if r.Status != http.StatusOK || !strings.Contains(string(r.Body), codeID) {
			t.Fatalf("the dead reset code is not listed: %d %s", r.Status, r.Body)
		}
		mustProblem(t, s.raw(t, http.MethodPost, "/v1/account/notifications/"+codeID+"/retry", s.Root.Token(), "", nil),
			http.StatusConflict, "notification.secret_erased")
	})
}
