package api_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/api/client"
)

// TestListAudit: an administrator reads the account's trail, newest first,
// by page and by filter; a failed sign-in shows its fault code; other
// users, other accounts and bad filters are refused.
func TestListAudit(t *testing.T) {
	s := mustAPIServer(t)
	ctx := context.Background()
	start := time.Now().Add(-time.Second)
	root, err := s.Root.Me(ctx)
	if err != nil {
		t.Fatal(err)
	}
	alice, err := s.Root.CreateUser(ctx, client.NewUser{Name: "alice", Email: "alice@acme.test", Password: "Correct-Battery-42"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Anon.Login(ctx, client.Credentials{Email: "alice@acme.test", Password: "wrong-password-1"}); err == nil {
		t.Fatal("a wrong password signed in")
	}
	aliceClient := s.mustLogin(t, client.Credentials{Email: "alice@acme.test", Password: "Correct-Battery-42"})
	if _, err := aliceClient.ChangePassword(ctx, client.PasswordChange{CurrentPassword: "Correct-Battery-42", NewPassword: "Fresh-Battery-43"}); err != nil {
		t.Fatal(err)
	}

	t.Run("FiltersByUser", func(t *testing.T) {
		evs, err := s.Root.AuditEvents(ctx, client.AuditFilter{UserID: alice.ID}, 0)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, ev := range evs {
			if ev.UserID != alice.ID {
				t.Fatalf("event about %s in alice's trail: %+v", ev.UserID, ev)
			}
			got = append(got, ev.Action+"/"+ev.Outcome)
		}
		want := []string{"password.change/success", "auth.login/success", "auth.login/auth.invalid_credentials", "user.create/success"}
		if len(got) != len(want) {
			t.Fatalf("alice's trail %v, want %v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("alice's trail %v, want %v (newest first)", got, want)
			}
		}
		if evs[3].ActorID != root.ID || evs[0].ActorID != alice.ID || evs[0].IP == "" {
			t.Fatalf("actors: create by %q, change by %q (ip %q)", evs[3].ActorID, evs[0].ActorID, evs[0].IP)
		}
	})
	t.Run("FiltersByActionFamilyOutcomeAndTime", func(t *testing.T) {
		for _, c := range []struct {
			f    client.AuditFilter
			want int
		}{
			{client.AuditFilter{Action: "password.change"}, 1},
			{client.AuditFilter{Action: "auth.", UserID: alice.ID}, 2},
			{client.AuditFilter{Outcome: "auth.invalid_credentials"}, 1},
			{client.AuditFilter{Action: "password.change", Since: start}, 1},
			{client.AuditFilter{Action: "password.change", Before: start}, 0},
			{client.AuditFilter{Action: "auth"}, 0}, // an action, not a family: none is named "auth"
		} {
			evs, err := s.Root.AuditEvents(ctx, c.f, 0)
			if err != nil || len(evs) != c.want {
				t.Fatalf("%+v: %d events, %v; want %d", c.f, len(evs), err, c.want)
			}
		}
	})
	t.Run("Pages", func(t *testing.T) {
		all, err := s.Root.AuditEvents(ctx, client.AuditFilter{}, 0)
		if err != nil || len(all) < 5 {
			t.Fatalf("%d events, %v", len(all), err)
		}
		r := s.raw(t, http.MethodGet, "/v1/account/audit?limit=2", s.Root.Token(), "", nil)
		if r.Status != http.StatusOK || r.Header.Get("Link") == "" {
			t.Fatalf("first page: %d %s (Link %q)", r.Status, r.Body, r.Header.Get("Link"))
		}
		paged, err := s.Root.AuditEvents(ctx, client.AuditFilter{}, 0)
		if err != nil || len(paged) != len(all) {
			t.Fatalf("%d events then %d", len(all), len(paged))
		}
		for i := 1; i < len(all); i++ {
			if all[i].CreatedAt.After(all[i-1].CreatedAt) {
				t.Fatalf("not newest first at %d: %v after %v", i, all[i].CreatedAt, all[i-1].CreatedAt)
			}
		}
		mustProblem(t, s.raw(t, http.MethodGet, "/v1/account/audit?offset=2", s.Root.Token(), "", nil), http.StatusBadRequest, "page.offset")
		mustProblem(t, s.raw(t, http.MethodGet, "/v1/account/audit?limit=201", s.Root.Token(), "", nil), http.StatusBadRequest, "page.limit")
	})
	t.Run("BadTime", func(t *testing.T) {
		p := mustProblem(t, s.raw(t, http.MethodGet, "/v1/account/audit?since=yesterday", s.Root.Token(), "", nil), http.StatusBadRequest, "validation.time")
		if p.Field != "since" {
			t.Fatalf("field %q", p.Field)
		}
	})
	t.Run("NotAnAdministrator", func(t *testing.T) {
		_, err := s.mustLogin(t, client.Credentials{Email: "alice@acme.test", Password: "Fresh-Battery-43"}).AuditEvents(ctx, client.AuditFilter{}, 0)
		checkClientError(t, err, http.StatusForbidden, "auth.admin_required", "")
		_, err = s.Anon.AuditEvents(ctx, client.AuditFilter{}, 0)
		checkClientError(t, err, http.StatusUnauthorized, "auth.required", "")
	})
	t.Run("OtherAccountSeesOnlyItsOwn", func(t *testing.T) {
		globex := s.mustOtherAccount(t)
		evs, err := globex.AuditEvents(ctx, client.AuditFilter{UserID: alice.ID}, 0)
		if err != nil || len(evs) != 0 {
			t.Fatalf("globex reads acme's alice: %d events, %v", len(evs), err)
		}
		evs, err = globex.AuditEvents(ctx, client.AuditFilter{}, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range evs {
			if ev.UserID == alice.ID || ev.ActorID == root.ID {
				t.Fatalf("acme's event in globex's trail: %+v", ev)
			}
		}
	})
}
