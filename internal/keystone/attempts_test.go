package keystone_test

import (
	"context"
	"net/http"
	"regexp"
	"testing"
)

// TestChangePasswordThrottled is hole 5 of issue 11 on Keystone: twelve
// wrong original_password on POST /v3/users/{id}/password. Only the first
// five are evaluated; from then on alice is locked (for this address), and
// the right original password gets the same 401 as a wrong one, as
// Keystone answers a wrong original password. Every try is audited.
func TestChangePasswordThrottled(t *testing.T) {
	e := mustEnv(t)
	tok := e.mustToken(t, "alice", alicePassword)
	ids := regexp.MustCompile(`req-[0-9a-f-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	var wrong string
	for i := range 12 {
		r := e.change(t, tok, e.alice.ID, "Wrong-Guess-0000", "Other-Battery-4242")
		if r.status != http.StatusUnauthorized || r.header.Get("WWW-Authenticate") == "" {
			t.Fatalf("wrong original password %d: %d %s", i+1, r.status, r.body)
		}
		wrong = ids.ReplaceAllString(r.body, "")
	}
	r := e.change(t, tok, e.alice.ID, alicePassword, "Other-Battery-4242")
	if r.status != http.StatusUnauthorized || ids.ReplaceAllString(r.body, "") != wrong {
		t.Fatalf("the right original password while locked: %d %s, want the wrong one's %s", r.status, r.body, wrong)
	}
	evs, err := e.db.FindAuditEvents(context.Background(), e.acct.ID, 1000)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, ev := range evs {
		if ev.UserID == e.alice.ID && ev.Action == "password.change" {
			got[ev.Outcome]++
		}
	}
	if got["password.current_invalid"] != 5 || got["auth.locked"] != 8 || got["success"] != 0 {
		t.Fatalf("audit: %v", got)
	}
	if until, err := e.svc.Users.LockedUntil(e.admin, e.alice.ID); err != nil || until.IsZero() {
		t.Fatalf("alice is not locked: %v", err)
	}
}
