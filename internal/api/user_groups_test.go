package api_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/watchword/watchword/internal/api/client"
	"github.com/watchword/watchword/internal/identity"
)

// TestUserShowsItsGroups: GET /v1/users/{id} lists the groups the user is
// in, the admin group when it administers the account, and [] when none.
func TestUserShowsItsGroups(t *testing.T) {
	s := mustAPIServer(t)
	tok, err := s.Anon.Login(context.Background(), client.Credentials{Account: "acme", Password: rootPassword})
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Svc.Auth.Authenticate(context.Background(), tok.AccessToken)
	if err != nil {
		t.Fatal(err)
	}
	ctx := identity.WithPrincipal(context.Background(), p)
	bob, err := s.Svc.Users.Create(ctx, identity.NewUser{Name: "bob"})
	if err != nil {
		t.Fatal(err)
	}
	type shown struct {
		Admin  bool `json:"admin"`
		Groups *[]struct {
			ID          string `json:"id"`
			DisplayName string `json:"display_name"`
			Builtin     string `json:"builtin"`
		} `json:"groups"`
	}
	show := func(id string) shown {
		t.Helper()
		r := s.raw(t, "GET", "/v1/users/"+id, tok.AccessToken, "", nil)
		var out shown
		if r.Status != 200 || json.Unmarshal(r.Body, &out) != nil || out.Groups == nil {
			t.Fatalf("GET /v1/users/%s: %d %s", id, r.Status, r.Body)
		}
		return out
	}
	if got := show(bob.ID); len(*got.Groups) != 0 {
		t.Fatalf("bob in no group: %+v", got)
	}
	ops, err := s.Svc.Groups.Create(ctx, identity.GroupEdit{DisplayName: "Ops", Members: []string{bob.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Svc.Groups.Update(ctx, identity.AdminGroupID(s.AccountID), 0, func(e identity.GroupEdit) (identity.GroupEdit, error) {
		e.Members = append(e.Members, bob.ID)
		return e, nil
	}); err != nil {
		t.Fatal(err)
	}
	got := show(bob.ID)
	g := *got.Groups
	if !got.Admin || len(g) != 2 || g[0].DisplayName != "admin" || g[0].Builtin != "admin" || g[1].ID != ops.ID || g[1].DisplayName != "Ops" {
		t.Fatalf("bob's groups: %+v", got)
	}
}
