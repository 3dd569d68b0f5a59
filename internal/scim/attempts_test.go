package scim_test

import (
	"context"
	"net/http"
	"reflect"
	"testing"
)

// TestChangePasswordThrottled is hole 5 of issue 11 on SCIM: twelve wrong
// currentPassword on POST /v2.0/Me/password. Only the first five are
// evaluated; from then on the user is locked, and the right current
// password gets the same 400 INVALID_CREDS as a wrong one. Every try is
// audited.
func TestChangePasswordThrottled(t *testing.T) {
	f := mustFixture(t)
	var wrong map[string]any
	for i := range 12 {
		resp, body := f.do(t, "POST", "/v2.0/Me/password", f.token, changeBody("Wrong-Guess-0000", "New-Passphrase-42", "NONE"))
		if resp.StatusCode != http.StatusBadRequest || body["scimType"] != "INVALID_CREDS" {
			t.Fatalf("wrong current password %d: %d %v", i+1, resp.StatusCode, body)
		}
		wrong = body
	}
	resp, body := f.do(t, "POST", "/v2.0/Me/password", f.token, changeBody(startPassword, "New-Passphrase-42", "NONE"))
	if resp.StatusCode != http.StatusBadRequest || !reflect.DeepEqual(body, wrong) {
		t.Fatalf("the right current password while locked: %d %v, want the wrong one's %v", resp.StatusCode, body, wrong)
	}
	root, err := f.db.FindUserByName(context.Background(), "acme", "acme")
	if err != nil {
		t.Fatal(err)
	}
	evs, err := f.db.FindAuditEvents(context.Background(), root.AccountID, 1000)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, ev := range evs {
		if ev.UserID == root.ID && ev.Action == "password.change" {
			got[ev.Outcome]++
		}
	}
	if got["password.current_invalid"] != 5 || got["auth.locked"] != 8 || got["success"] != 0 {
		t.Fatalf("audit: %v", got)
	}
}
