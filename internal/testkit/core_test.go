package testkit_test

import (
	"testing"
	"time"

	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/testkit"
)

func TestMustServices(t *testing.T) {
	c := testkit.MustServices(t, testkit.Options{Account: identity.NewAccount{Mobile: "+33612345678"}})
	if c.Account.Name != "acme" || c.Root.Email != "root@acme.test" || c.Root.Mobile != "+33612345678" || c.Clock == nil {
		t.Fatalf("account %+v, root %+v", c.Account, c.Root)
	}
	p, ok := identity.PrincipalFrom(c.RootCtx)
	if !ok || p.UserID != c.Root.ID || p.AccountID != c.Account.ID || !p.Admin || p.SessionID != "" {
		t.Fatalf("root principal: %+v", p)
	}
	ctx, token := c.MustLogin(t, identity.LoginInput{AccountName: "acme", Password: testkit.RootPassword})
	if p, _ := identity.PrincipalFrom(ctx); token == "" || p.UserID != c.Root.ID || p.SessionID == "" {
		t.Fatalf("login principal: %+v", p)
	}
	// Keys seal, which needs the default keyring.
	if _, err := c.Services.AccessKeys.Create(c.RootCtx, identity.NewAccessKey{}); err != nil {
		t.Fatal(err)
	}
	start := c.Now()
	c.Clock.Add(time.Minute)
	if got := c.Now(); got.Sub(start) != time.Minute {
		t.Fatalf("clock moved %v", got.Sub(start))
	}
}
