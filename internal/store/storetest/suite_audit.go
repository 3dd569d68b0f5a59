package storetest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/store/sqldb"
)

// testAuditTrail: FindAuditPage filters an account's events and pages them
// newest first by (created_at, id), ties included; OnAudit hears of the
// events a transaction committed, and never of a rolled-back one's.
func testAuditTrail(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	var mu sync.Mutex
	var heard []string
	db.OnAudit(func(ev identity.AuditEvent) {
		mu.Lock()
		defer mu.Unlock()
		heard = append(heard, ev.ID)
	})
	acme, _ := MustCreateAccount(t, db, "100000000001", "acme", "root@acme.test")
	globex, _ := MustCreateAccount(t, db, "100000000002", "globex", "root@globex.test")
	start := clock.Now()
	add := func(id, account, user, action, outcome string) {
		t.Helper()
		if err := db.AddAuditEvent(ctx, identity.AuditEvent{ID: id, AccountID: account, UserID: user, Action: action, Outcome: outcome}); err != nil {
			t.Fatal(err)
		}
	}
	clock.Add(time.Minute)
	add("a1", acme.ID, "u1", "auth.login", "success")
	add("a2", acme.ID, "u1", "auth.login", "auth.invalid_credentials") // same instant as a1
	clock.Add(time.Minute)
	middle := clock.Now()
	add("a3", acme.ID, "u2", "password.change", "success")
	add("a4", acme.ID, "u2", "password.reset", "success")
	add("g1", globex.ID, "u1", "auth.login", "success")
	clock.Add(time.Minute)
	add("a5", acme.ID, "u1", "auth.logout", "success")

	ids := func(evs []identity.AuditEvent) []string {
		out := []string{}
		for _, ev := range evs {
			out = append(out, ev.ID)
		}
		return out
	}
	find := func(f identity.AuditFilter) []string {
		t.Helper()
		evs, err := db.FindAuditPage(ctx, acme.ID, f, 100, nil)
		if err != nil {
			t.Fatal(err)
		}
		return ids(evs)
	}
	for _, c := range []struct {
		f    identity.AuditFilter
		want []string
	}{
		{identity.AuditFilter{UserID: "u1"}, []string{"a5", "a2", "a1"}},
		{identity.AuditFilter{Action: "auth."}, []string{"a5", "a2", "a1"}},
		{identity.AuditFilter{Action: "auth.login"}, []string{"a2", "a1"}},
		{identity.AuditFilter{Action: "auth"}, []string{}},
		{identity.AuditFilter{Action: "password."}, []string{"a4", "a3"}},
		{identity.AuditFilter{Outcome: "auth.invalid_credentials"}, []string{"a2"}},
		{identity.AuditFilter{Since: middle}, []string{"a5", "a4", "a3"}},
		{identity.AuditFilter{Before: middle}, []string{"a2", "a1"}},
		{identity.AuditFilter{Since: middle, Before: middle.Add(time.Second), UserID: "u2"}, []string{"a4", "a3"}},
		{identity.AuditFilter{Before: start}, []string{}},
	} {
		if got := find(c.f); !slices.Equal(got, c.want) {
			t.Errorf("%+v: %v, want %v", c.f, got, c.want)
		}
	}

	// Two at a time: the pages join up without a gap or a repeat, even
	// across events of the same instant.
	all := find(identity.AuditFilter{})
	var paged []string
	var after *identity.After
	for range 10 {
		evs, err := db.FindAuditPage(ctx, acme.ID, identity.AuditFilter{}, 2, after)
		if err != nil {
			t.Fatal(err)
		}
		paged = append(paged, ids(evs)...)
		if len(evs) < 2 {
			break
		}
		last := evs[len(evs)-1]
		after = &identity.After{At: last.CreatedAt, ID: last.ID}
	}
	if !slices.Equal(paged, all) || len(all) != 5 {
		t.Fatalf("paged %v, whole %v", paged, all)
	}

	// A rolled-back write's event is never heard of.
	mu.Lock()
	before := len(heard)
	mu.Unlock()
	err := db.CreateAccount(ctx, &identity.Account{ID: acme.ID, Name: "acme"}, &identity.User{ID: "x-root", AccountID: acme.ID},
		identity.AuditEvent{ID: "rolled-back", Action: "account.create", Outcome: "success"})
	if err == nil {
		t.Fatal("a second account with acme's ID was created")
	}
	mu.Lock()
	defer mu.Unlock()
	if got := fmt.Sprint(heard[before:]); got != "[]" {
		t.Fatalf("heard %s of a rolled-back write", got)
	}
	if !slices.Contains(heard, "a5") || !slices.Contains(heard, "g1") {
		t.Fatalf("committed events not heard: %v", heard)
	}
}
