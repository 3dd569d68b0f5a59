package e2e_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/watchword/watchword/internal/api/client"
	"github.com/watchword/watchword/internal/secret"
	"github.com/watchword/watchword/internal/store/storetest"
)

// TestReplicasShareOnePostgres runs two `watchword serve` processes on one
// PostgreSQL database and checks that they act as one service.
func TestReplicasShareOnePostgres(t *testing.T) {
	args := append([]string{"--database", storetest.MustPostgresURL(t), "--keyring", "k1:" + secret.GenerateKey()}, bootstrapFlags()...)
	// Both start at once: both migrate and both try to create the bootstrap
	// account; exactly one of each must win and neither may fail.
	a, b := MustServeReplicas(t, args)
	ctx := context.Background()

	rootA := MustLogin(t, a, client.Credentials{Account: "acme", Password: rootPassword})
	l, err := rootA.Users(ctx, client.UserFilter{})
	if err != nil || len(l.Items) != 1 {
		t.Fatalf("one bootstrap account with one user: %+v %v", l, err)
	}

	t.Run("UserCreatedOnALogsInOnB", func(t *testing.T) {
		if _, err := rootA.CreateUser(ctx, client.NewUser{Name: "bob", Email: "bob@acme.test", Password: bobPassword}); err != nil {
			t.Fatal(err)
		}
		MustLogin(t, b, client.Credentials{Account: "acme", Username: "bob", Password: bobPassword})
	})

	const newPassword = "Fresh-Battery-43"
	t.Run("PasswordChangedOnAInvalidatesOldOnB", func(t *testing.T) {
		bobA := MustLogin(t, a, client.Credentials{Email: "bob@acme.test", Password: bobPassword})
		bobB := MustLogin(t, b, client.Credentials{Email: "bob@acme.test", Password: bobPassword})
		if _, err := bobA.ChangePassword(ctx, client.PasswordChange{CurrentPassword: bobPassword, NewPassword: newPassword}); err != nil {
			t.Fatal(err)
		}
		_, err := b.Client.Login(ctx, client.Credentials{Email: "bob@acme.test", Password: bobPassword})
		MustFail(t, err, http.StatusUnauthorized, "auth.invalid_credentials")
		MustLogin(t, b, client.Credentials{Email: "bob@acme.test", Password: newPassword})
		// The change revoked bob's other sessions, wherever they were issued.
		_, err = bobB.Me(ctx)
		MustFail(t, err, http.StatusUnauthorized, "auth.invalid_token")
		if _, err := bobA.Me(ctx); err != nil {
			t.Fatalf("the session that changed the password survives: %v", err)
		}
		if _, err := b.Client.WithToken(bobA.Token()).Me(ctx); err != nil {
			t.Fatalf("and works on the other replica too: %v", err)
		}
	})

	t.Run("SessionRevokedOnOneIsRevokedOnBoth", func(t *testing.T) {
		onA := MustLogin(t, a, client.Credentials{Email: "bob@acme.test", Password: newPassword})
		onB := MustLogin(t, b, client.Credentials{Email: "bob@acme.test", Password: newPassword})
		sessions, err := onB.Sessions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var idB string
		for _, s := range sessions {
			if s.Current {
				idB = s.ID
			}
		}
		if err := onA.RevokeSession(ctx, idB); err != nil {
			t.Fatal(err)
		}
		for _, srv := range []*Server{a, b} {
			_, err := srv.Client.WithToken(onB.Token()).Me(ctx)
			MustFail(t, err, http.StatusUnauthorized, "auth.invalid_token")
		}
		// A logout on B ends the token on A as well.
		if err := b.Client.WithToken(onA.Token()).Logout(ctx); err != nil {
			t.Fatal(err)
		}
		_, err = onA.Me(ctx)
		MustFail(t, err, http.StatusUnauthorized, "auth.invalid_token")
	})

	t.Run("UserDeletedOnBIsGoneOnA", func(t *testing.T) {
		rootB := MustLogin(t, b, client.Credentials{Account: "acme", Password: rootPassword})
		l, err := rootB.Users(ctx, client.UserFilter{Name: "bob"})
		if err != nil || len(l.Items) != 1 {
			t.Fatalf("%+v %v", l, err)
		}
		if err := rootB.DeleteUser(ctx, l.Items[0].ID); err != nil {
			t.Fatal(err)
		}
		_, err = a.Client.Login(ctx, client.Credentials{Email: "bob@acme.test", Password: newPassword})
		MustFail(t, err, http.StatusUnauthorized, "auth.invalid_credentials")
	})

	a.MustStop(t)
	b.MustStop(t)
}
