package identity_test

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/store/sqldb"
	"github.com/watchword/watchword/internal/testkit"
)

// keyCore is a core on SQLite with a movable clock and one account.
type keyCore struct {
	db    *sqldb.DB
	svc   *identity.Services
	now   time.Time
	root  *identity.User
	admin context.Context // the root user as principal
}

func mustKeyCore(t *testing.T, maxKeys int) *keyCore {
	t.Helper()
	c := &keyCore{now: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)}
	fx := testkit.MustServices(t, testkit.Options{Now: func() time.Time { return c.now }, MaxAccessKeys: maxKeys,
		Account: identity.NewAccount{Locale: "fr"}})
	c.db, c.svc, c.root, c.admin = fx.DB, fx.Services, fx.Root, fx.RootCtx
	return c
}

// wantFault fails unless err is a fault of this kind and code.
func wantFault(t testing.TB, err error, kind fault.Kind, code string) {
	t.Helper()
	if err == nil || fault.KindOf(err) != kind || fault.CodeOf(err) != code {
		t.Fatalf("got %v (kind %q, code %q), want kind %q code %q", err, fault.KindOf(err), fault.CodeOf(err), kind, code)
	}
}

func TestAccessKeyCreateAndResolve(t *testing.T) {
	c := mustKeyCore(t, 0)
	c.now = c.now.Add(time.Second) // after the account's own audit event
	created, err := c.svc.AccessKeys.Create(c.admin, identity.NewAccessKey{Tag: "laptop"})
	if err != nil {
		t.Fatal(err)
	}
	k := created.Key
	if !regexp.MustCompile(`^[A-Z0-9]{20}$`).MatchString(k.ID) || !regexp.MustCompile(`^[A-Z0-9]{40}$`).MatchString(created.SecretKey) {
		t.Fatalf("key formats: %q %q", k.ID, created.SecretKey)
	}
	if k.State != identity.AccessKeyActive || k.UserID != c.root.ID || k.Tag != "laptop" || !k.ExpiresAt.IsZero() || k.SealedSecret != "" {
		t.Fatalf("created key: %+v", k)
	}
	stored, err := c.db.FindAccessKeyByID(context.Background(), k.ID)
	if err != nil || stored.SealedSecret == "" || regexp.MustCompile(created.SecretKey).MatchString(stored.SealedSecret) {
		t.Fatalf("the secret key is not sealed at rest: %+v %v", stored, err)
	}
	got, sk, u, err := c.svc.AccessKeys.ResolveKey(context.Background(), k.ID)
	if err != nil || string(sk) != created.SecretKey || u.ID != c.root.ID || got.ID != k.ID || got.SealedSecret != "" {
		t.Fatalf("resolve: %+v %q %+v %v", got, sk, u, err)
	}
	msgs, err := c.db.ClaimOutbox(context.Background(), 10, time.Minute)
	if err != nil || len(msgs) != 1 || msgs[0].Template != notify.AccessKeyCreated || msgs[0].To != "root@acme.test" ||
		msgs[0].Data["key_id"] != k.ID || msgs[0].Locale != "fr" {
		t.Fatalf("notification: %+v %v", msgs, err)
	}
	evs, _ := c.db.FindAuditEvents(context.Background(), c.root.AccountID, 1)
	if len(evs) != 1 || evs[0].Action != "access_key.create" || evs[0].Detail["access_key_id"] != k.ID {
		t.Fatalf("audit: %+v", evs)
	}

	t.Run("ErrUnknownKey", func(t *testing.T) {
		_, _, _, err := c.svc.AccessKeys.ResolveKey(context.Background(), "ABCDEFGHIJ0123456789")
		wantFault(t, err, fault.Unauthenticated, "auth.invalid_access_key")
	})
	t.Run("ErrNoPrincipal", func(t *testing.T) {
		_, err := c.svc.AccessKeys.Create(context.Background(), identity.NewAccessKey{})
		wantFault(t, err, fault.Unauthenticated, "auth.required")
	})
	t.Run("ErrExpiryPast", func(t *testing.T) {
		_, err := c.svc.AccessKeys.Create(c.admin, identity.NewAccessKey{ExpiresAt: c.now.Add(-time.Second)})
		wantFault(t, err, fault.Invalid, "access_key.expiry_past")
	})
}

func TestAccessKeyLimit(t *testing.T) {
	c := mustKeyCore(t, 2)
	for range 2 {
		if _, err := c.svc.AccessKeys.Create(c.admin, identity.NewAccessKey{}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := c.svc.AccessKeys.Create(c.admin, identity.NewAccessKey{})
	wantFault(t, err, fault.Conflict, "access_key.limit_exceeded")
}

func TestAccessKeyStateAndExpiry(t *testing.T) {
	c := mustKeyCore(t, 0)
	created, err := c.svc.AccessKeys.Create(c.admin, identity.NewAccessKey{})
	if err != nil {
		t.Fatal(err)
	}
	id := created.Key.ID
	resolves := func() bool {
		_, _, _, err := c.svc.AccessKeys.ResolveKey(context.Background(), id)
		return err == nil
	}
	inactive, active := identity.AccessKeyInactive, identity.AccessKeyActive
	k, err := c.svc.AccessKeys.Update(c.admin, "", id, identity.AccessKeyUpdate{State: &inactive})
	if err != nil || k.State != identity.AccessKeyInactive || resolves() {
		t.Fatalf("deactivated key: %+v %v, resolves %v", k, err, resolves())
	}
	if list, _ := c.svc.AccessKeys.List(c.admin, identity.AccessKeyFilter{States: []identity.AccessKeyState{inactive}}); len(list) != 1 {
		t.Fatalf("list inactive: %+v", list)
	}
	expiry := c.now.Add(time.Hour)
	if _, err := c.svc.AccessKeys.Update(c.admin, "", id, identity.AccessKeyUpdate{State: &active, ExpiresAt: &expiry}); err != nil || !resolves() {
		t.Fatalf("reactivated: %v", err)
	}
	c.now = c.now.Add(2 * time.Hour)
	if resolves() {
		t.Fatal("an expired key still resolves")
	}
	never := time.Time{}
	if k, err := c.svc.AccessKeys.Update(c.admin, "", id, identity.AccessKeyUpdate{ExpiresAt: &never}); err != nil || !k.ExpiresAt.IsZero() || !resolves() {
		t.Fatalf("cleared expiry: %+v %v", k, err)
	}
	bad := identity.AccessKeyState("tot")
	_, err = c.svc.AccessKeys.Update(c.admin, "", id, identity.AccessKeyUpdate{State: &bad})
	wantFault(t, err, fault.Invalid, "access_key.state_invalid")
	past := c.now.Add(-time.Minute)
	_, err = c.svc.AccessKeys.Update(c.admin, "", id, identity.AccessKeyUpdate{ExpiresAt: &past})
	wantFault(t, err, fault.Invalid, "access_key.expiry_past")
	_, err = c.svc.AccessKeys.Update(c.admin, "", "tot", identity.AccessKeyUpdate{State: &active})
	wantFault(t, err, fault.NotFound, "access_key.not_found")

	if err := c.svc.AccessKeys.Delete(c.admin, "", id); err != nil || resolves() {
		t.Fatalf("delete: %v", err)
	}
	wantFault(t, c.svc.AccessKeys.Delete(c.admin, "", id), fault.NotFound, "access_key.not_found")
}

func TestAccessKeyOwnership(t *testing.T) {
	c := mustKeyCore(t, 0)
	bob, err := c.svc.Users.Create(c.admin, identity.NewUser{Name: "bob", Email: "bob@acme.test", Password: "Zebra-Crossing-Lamp-91"})
	if err != nil {
		t.Fatal(err)
	}
	asBob := identity.WithPrincipal(context.Background(), identity.Principal{Kind: identity.UserToken, UserID: bob.ID, AccountID: bob.AccountID})
	rootKey, err := c.svc.AccessKeys.Create(c.admin, identity.NewAccessKey{})
	if err != nil {
		t.Fatal(err)
	}
	// The administrator manages bob's keys by naming him.
	bobKey, err := c.svc.AccessKeys.Create(c.admin, identity.NewAccessKey{UserName: "bob"})
	if err != nil || bobKey.Key.UserID != bob.ID {
		t.Fatalf("create for bob: %+v %v", bobKey, err)
	}
	if list, err := c.svc.AccessKeys.List(asBob, identity.AccessKeyFilter{}); err != nil || len(list) != 1 || list[0].ID != bobKey.Key.ID {
		t.Fatalf("bob's own list: %+v %v", list, err)
	}
	if list, err := c.svc.AccessKeys.List(asBob, identity.AccessKeyFilter{UserName: "bob"}); err != nil || len(list) != 1 {
		t.Fatalf("bob naming himself: %+v %v", list, err)
	}
	_, err = c.svc.AccessKeys.List(asBob, identity.AccessKeyFilter{UserName: "acme"})
	wantFault(t, err, fault.Forbidden, "auth.admin_required")
	// Someone else's key reads as not found, without a user name and with.
	inactive := identity.AccessKeyInactive
	_, err = c.svc.AccessKeys.Update(asBob, "", rootKey.Key.ID, identity.AccessKeyUpdate{State: &inactive})
	wantFault(t, err, fault.NotFound, "access_key.not_found")
	wantFault(t, c.svc.AccessKeys.Delete(c.admin, "", bobKey.Key.ID), fault.NotFound, "access_key.not_found")
	if err := c.svc.AccessKeys.Delete(c.admin, "bob", bobKey.Key.ID); err != nil {
		t.Fatal(err)
	}
	_, err = c.svc.AccessKeys.List(c.admin, identity.AccessKeyFilter{UserName: "nobody"})
	wantFault(t, err, fault.NotFound, "user.not_found")
	// A token restricted to changing the password cannot manage keys.
	restricted := identity.WithPrincipal(context.Background(), identity.Principal{Kind: identity.UserToken, UserID: bob.ID,
		AccountID: bob.AccountID, Restricted: "password_change"})
	_, err = c.svc.AccessKeys.Create(restricted, identity.NewAccessKey{})
	wantFault(t, err, fault.Forbidden, "password.change_required")
	// An API client has no keys of its own.
	client := identity.WithPrincipal(context.Background(), identity.Principal{Kind: identity.ClientToken, ClientID: "c1",
		AccountID: bob.AccountID, Admin: true})
	_, err = c.svc.AccessKeys.List(client, identity.AccessKeyFilter{})
	wantFault(t, err, fault.Forbidden, "auth.user_token_required")
	if list, err := c.svc.AccessKeys.List(client, identity.AccessKeyFilter{UserName: "bob"}); err != nil || len(list) != 0 {
		t.Fatalf("client listing bob's keys: %+v %v", list, err)
	}
}
