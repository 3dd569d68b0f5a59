package identity_test

import (
	"context"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/testkit"
)

// TestNotificationsNameTheirAccount: notifications from each kind of change
// carry the account, so its administrator sees their dead letters.
func TestNotificationsNameTheirAccount(t *testing.T) {
	c := testkit.MustServices(t, testkit.Options{})
	ctx := context.Background()
	if _, err := c.Services.AccessKeys.Create(c.RootCtx, identity.NewAccessKey{}); err != nil {
		t.Fatal(err)
	}
	for range 6 { // past the default login policy's failure count: a lockout notice
		_, _ = c.Services.Auth.Login(ctx, identity.LoginInput{AccountName: "acme", Password: "wrong-password-1"})
	}
	msgs, err := c.DB.ClaimOutbox(ctx, 100, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	templates := map[string]bool{}
	for _, m := range msgs {
		templates[m.Template] = true
		if m.AccountID != c.Account.ID {
			t.Errorf("%s notification names account %q, want %q", m.Template, m.AccountID, c.Account.ID)
		}
	}
	for _, want := range []string{"access_key_created", "lockout"} {
		if !templates[want] {
			t.Errorf("no %s notification queued (got %v)", want, templates)
		}
	}
}
