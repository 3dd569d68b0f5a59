package api_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/watchword/watchword/internal/api/client"
	"github.com/watchword/watchword/internal/identity"
)

// TestRestrictedTokenOverV1 checks that an administrator whose password an
// administrator set gets a token that reads itself and changes its password,
// and nothing else: no profile update and no user administration.
func TestRestrictedTokenOverV1(t *testing.T) {
	s := mustAPIServer(t)
	ctx := context.Background()
	root := identity.WithPrincipal(ctx, identity.Principal{Kind: identity.UserToken, UserID: mustMe(t, s.Root).ID,
		AccountID: s.AccountID, Admin: true})
	const pw = "Admin-Set-Battery-42"
	bob, err := s.Svc.Users.Create(root, identity.NewUser{Name: "bob", Email: "bob@acme.test", Admin: true, Password: pw, ForceChange: true})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := s.Anon.Login(ctx, client.Credentials{Account: "acme", Username: "bob", Password: pw})
	if err != nil || !tok.PasswordChangeRequired {
		t.Fatalf("login: %+v %v", tok, err)
	}
	c := s.Anon.WithToken(tok.AccessToken)
	if me, err := c.Me(ctx); err != nil || me.ID != bob.ID {
		t.Fatalf("the restricted token cannot read itself: %+v %v", me, err)
	}
	refused := []struct {
		name string
		call func() error
	}{
		{"UpdateMe", func() error { _, err := c.UpdateMe(ctx, client.ProfileUpdate{DisplayName: ptr("B")}); return err }},
		{"ListUsers", func() error { _, err := c.Users(ctx, client.UserFilter{}); return err }},
		{"ShowUser", func() error { _, err := c.User(ctx, bob.ID); return err }},
		{"CreateUser", func() error {
			_, err := c.CreateUser(ctx, client.NewUser{Name: "eve", Email: "eve@acme.test"})
			return err
		}},
		{"UpdateUser", func() error {
			_, err := c.UpdateUser(ctx, bob.ID, client.UserUpdate{DisplayName: ptr("B")})
			return err
		}},
		{"SetUserPassword", func() error { _, err := c.SetUserPassword(ctx, bob.ID, "Other-Battery-4242", false); return err }},
		{"DeleteUser", func() error { return c.DeleteUser(ctx, bob.ID) }},
		{"CreateAccessKey", func() error { _, err := c.CreateAccessKey(ctx, "", client.NewAccessKey{}); return err }},
		{"UpdateAccount", func() error { _, err := c.UpdateAccount(ctx, client.AccountUpdate{}); return err }},
		{"CreateAPIClient", func() error { _, err := c.CreateAPIClient(ctx, "ci"); return err }},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if client.StatusOf(err) != http.StatusForbidden || client.CodeOf(err) != "password.change_required" {
				t.Fatalf("got %v, want 403 password.change_required", err)
			}
		})
	}
	if _, err := c.ChangePassword(ctx, client.PasswordChange{CurrentPassword: pw, NewPassword: "Chosen-Battery-4242", NotifyType: "NONE"}); err != nil {
		t.Fatalf("the restricted token cannot change the password: %v", err)
	}
	if _, err := c.Users(ctx, client.UserFilter{}); err != nil {
		t.Fatalf("the token is still restricted after the change: %v", err)
	}
}

// TestForgotFloodDoesNotLockLogin floods forgot-password requests for the
// root user until they are rate-limited; the right password still logs in.
func TestForgotFloodDoesNotLockLogin(t *testing.T) {
	s := mustRecoveryStack(t, nil)
	limited := false
	for i := 0; i < 200 && !limited; i++ {
		a := s.call(t, http.MethodPost, "/recovery/requests", "", map[string]string{"email": "root@acme.test", "method": "email"})
		switch a.Status {
		case http.StatusAccepted:
		case http.StatusTooManyRequests:
			limited = true
		default:
			t.Fatalf("request %d: %d %s", i, a.Status, a.Body)
		}
	}
	if !limited {
		t.Fatal("200 forgot-password requests were never rate-limited")
	}
	s.mustLogin(t, map[string]string{"email": "root@acme.test", "password": rsRootPassword})
	s.mustLogin(t, map[string]string{"account": "acme", "password": rsRootPassword})
}

func mustMe(t *testing.T, c *client.Client) *client.User {
	t.Helper()
	me, err := c.Me(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return me
}
