package identity_test

import (
	"context"
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/store/sqldb"
)

// racingStore lets another password change commit between the core's read
// of the user and its write, every time while t is set: the interleaving a
// race produces now and then, made certain.
type racingStore struct {
	identity.Store
	db *sqldb.DB
	t  *testing.T
}

func (r *racingStore) interfere(userID string) {
	t, ctx := r.t, context.Background()
	u, err := r.db.FindUserByID(ctx, userID)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.db.SetPassword(ctx, identity.PasswordWrite{UserID: userID, Hash: "$interloper", ExpectHash: u.PasswordHash}); err != nil {
		t.Fatal(err)
	}
}

// TestPasswordWriteLosesRace: a password write decided on a hash another
// change has replaced applies nothing, and each caller gets its answer:
// the user changing their own password is told the current password is
// wrong (it no longer is the current one), an administrator is told of
// the conflict, and a user update carrying a password changes none of its
// other fields either.
func TestPasswordWriteLosesRace(t *testing.T) {
	c := mustCore(t)
	alice := c.mustAlice(t)
	racing := &racingStore{Store: c.db, db: c.db}
	svc := identity.New(identity.Deps{Store: racing, Clock: c.fx.Now, Hasher: c.fx.Pool,
		Keyring: c.fx.Keyring})
	aliceCtx := c.mustLogin(t, identity.LoginInput{AccountName: "acme", UserName: "alice", Password: alicePassword})
	reset := func() {
		t.Helper()
		// Put alice's password back, so that each case starts from it.
		if _, err := c.svc.Passwords.AdminSet(c.admin, alice.ID, alicePassword, false); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("Change", func(t *testing.T) {
		racing.t = t
		_, err := svc.Passwords.Change(aliceCtx, identity.PasswordChange{Current: alicePassword, New: "Lost-Race-Lantern-51"})
		if fault.KindOf(err) != fault.Unauthenticated || fault.CodeOf(err) != "password.current_invalid" {
			t.Fatalf("the losing change: %v", err)
		}
		if h := c.hashOf(t, alice.ID); h != "$interloper" {
			t.Fatalf("the losing change was written: %s", h)
		}
	})
	t.Run("AdminSet", func(t *testing.T) {
		racing.t = nil
		reset()
		racing.t = t
		_, err := svc.Passwords.AdminSet(c.admin, alice.ID, "Lost-Race-Lantern-52", false)
		if fault.KindOf(err) != fault.Conflict || fault.CodeOf(err) != identity.CodePasswordChangedMeanwhile {
			t.Fatalf("the losing set: %v", err)
		}
		if h := c.hashOf(t, alice.ID); h != "$interloper" {
			t.Fatalf("the losing set was written: %s", h)
		}
	})
	t.Run("UpdateDetail", func(t *testing.T) {
		racing.t = nil
		reset()
		racing.t = t
		_, err := svc.Users.UpdateDetail(c.admin, alice.ID, identity.UserChange{Password: ptr("Lost-Race-Lantern-53"),
			User: identity.UserUpdate{DisplayName: ptr("Changed")}, Attributes: identity.UserAttributesUpdate{Description: ptr("changed")}})
		if fault.CodeOf(err) != identity.CodePasswordChangedMeanwhile {
			t.Fatalf("the losing update: %v", err)
		}
		u, _ := c.db.FindUserByID(context.Background(), alice.ID)
		attrs, _ := c.db.FindUserAttributes(context.Background(), alice.ID)
		if u.PasswordHash != "$interloper" || u.DisplayName == "Changed" || attrs.Description != "" {
			t.Fatalf("the losing update was written: %+v %+v", u, attrs)
		}
	})
}

func (r *racingStore) SetPassword(ctx context.Context, w identity.PasswordWrite) error {
	if r.t != nil {
		r.interfere(w.UserID)
	}
	return r.Store.SetPassword(ctx, w)
}

func (r *racingStore) UpdateUserDetail(ctx context.Context, w identity.UserDetailWrite) (*identity.User, error) {
	if r.t != nil && w.Password != nil {
		r.interfere(w.UserID)
	}
	return r.Store.UpdateUserDetail(ctx, w)
}
