package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/store/sqldb"
)

func mustAccessKey(t *testing.T, db *sqldb.DB, id, userID, accountID string, limit int) *identity.AccessKey {
	t.Helper()
	k := &identity.AccessKey{ID: id, UserID: userID, AccountID: accountID, State: identity.AccessKeyActive,
		SealedSecret: "v1.k1.sealed-" + id}
	if err := db.CreateAccessKey(context.Background(), k, limit, identity.AuditEvent{}, nil); err != nil {
		t.Fatalf("create access key %s: %v", id, err)
	}
	return k
}

func testAccessKeys(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	a, root := MustCreateAccount(t, db, "100000000001", "acme", "root@acme.test")
	MustCreateAccount(t, db, "100000000002", "globex", "root@globex.test")
	bob := &identity.User{ID: "bob", AccountID: a.ID, Name: "bob", Email: "bob@acme.test", PasswordOrigin: identity.OriginUnset,
		LoginVerification: "off", Enabled: true}
	if err := db.CreateUser(ctx, bob, identity.AuditEvent{}); err != nil {
		t.Fatal(err)
	}

	note := notify.Notification{Channel: notify.Email, To: root.Email, Template: notify.AccessKeyCreated, Data: map[string]string{"key_id": "AK1"}}
	expires := clock.Now().Add(48 * time.Hour)
	k1 := &identity.AccessKey{ID: "AK1", UserID: root.ID, AccountID: a.ID, State: identity.AccessKeyActive, Tag: "ci",
		ExpiresAt: expires, SealedSecret: "v1.k1.secret"}
	if err := db.CreateAccessKey(ctx, k1, 3, identity.AuditEvent{ID: "ev-ak1", AccountID: a.ID, Action: "access_key.create", Outcome: "success"},
		[]notify.Notification{note}); err != nil {
		t.Fatal(err)
	}
	if !k1.CreatedAt.Equal(clock.Now()) || !k1.UpdatedAt.Equal(clock.Now()) {
		t.Fatalf("created times %v %v, want the transaction's %v", k1.CreatedAt, k1.UpdatedAt, clock.Now())
	}
	got, err := db.FindAccessKeyByID(ctx, "AK1")
	if err != nil || got.UserID != root.ID || got.AccountID != a.ID || got.State != identity.AccessKeyActive || got.Tag != "ci" ||
		got.SealedSecret != "v1.k1.secret" || !got.ExpiresAt.Equal(expires) || !got.CreatedAt.Equal(clock.Now()) {
		t.Fatalf("find: %+v %v", got, err)
	}
	msgs, err := db.ClaimOutbox(ctx, 10, time.Minute)
	if err != nil || len(msgs) != 1 || msgs[0].Template != notify.AccessKeyCreated || msgs[0].Data["key_id"] != "AK1" {
		t.Fatalf("the notification was not queued with the key: %+v %v", msgs, err)
	}
	if evs, _ := db.FindAuditEvents(ctx, a.ID, 10); len(evs) == 0 || evs[0].Action != "access_key.create" {
		t.Fatalf("the audit event was not recorded with the key: %+v", evs)
	}
	_, err = db.FindAccessKeyByID(ctx, "nope")
	wantKind(t, err, fault.NotFound, "access_key.not_found")

	t.Run("Limit", func(t *testing.T) {
		clock.Add(time.Second)
		mustAccessKey(t, db, "AK2", root.ID, a.ID, 3)
		clock.Add(time.Second)
		mustAccessKey(t, db, "AK3", root.ID, a.ID, 3)
		err := db.CreateAccessKey(ctx, &identity.AccessKey{ID: "AK4", UserID: root.ID, AccountID: a.ID, State: identity.AccessKeyActive,
			SealedSecret: "x"}, 3, identity.AuditEvent{}, nil)
		wantKind(t, err, fault.Conflict, "access_key.limit_exceeded")
		// The limit is per user: bob still has room.
		mustAccessKey(t, db, "AK5", bob.ID, a.ID, 3)
		err = db.CreateAccessKey(ctx, &identity.AccessKey{ID: "AK6", UserID: "ghost", AccountID: a.ID, SealedSecret: "x"}, 3, identity.AuditEvent{}, nil)
		wantKind(t, err, fault.NotFound, "user.not_found")
		err = db.CreateAccessKey(ctx, &identity.AccessKey{ID: "AK5", UserID: bob.ID, AccountID: a.ID, SealedSecret: "x"}, 3, identity.AuditEvent{}, nil)
		wantKind(t, err, fault.Conflict, "")
	})
	t.Run("Filters", func(t *testing.T) {
		ids := func(keys []*identity.AccessKey) []string {
			out := []string{}
			for _, k := range keys {
				out = append(out, k.ID)
			}
			return out
		}
		tag := "ci"
		tests := []struct {
			name string
			f    identity.AccessKeyFilter
			want []string
		}{
			{"user", identity.AccessKeyFilter{UserID: root.ID}, []string{"AK1", "AK2", "AK3"}},
			{"ids", identity.AccessKeyFilter{UserID: root.ID, IDs: []string{"AK3", "AK1", "AK5"}}, []string{"AK1", "AK3"}},
			{"no ids", identity.AccessKeyFilter{UserID: root.ID, IDs: []string{}}, []string{}},
			{"states", identity.AccessKeyFilter{UserID: root.ID, States: []identity.AccessKeyState{identity.AccessKeyInactive}}, []string{}},
			{"tag", identity.AccessKeyFilter{Tag: &tag}, []string{"AK1"}},
			{"everyone", identity.AccessKeyFilter{}, []string{"AK1", "AK2", "AK3", "AK5"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := db.FindAccessKeys(ctx, tt.f)
				if err != nil || !equalStrings(ids(got), tt.want) {
					t.Fatalf("got %v %v, want %v", ids(got), err, tt.want)
				}
			})
		}
	})
	t.Run("Update", func(t *testing.T) {
		clock.Add(time.Minute)
		inactive, none, empty := identity.AccessKeyInactive, time.Time{}, ""
		got, err := db.UpdateAccessKey(ctx, "AK1", identity.AccessKeyUpdate{State: &inactive, ExpiresAt: &none, Tag: &empty},
			identity.AuditEvent{ID: "ev-upd", AccountID: a.ID, Action: "access_key.update", Outcome: "success"})
		if err != nil || got.State != identity.AccessKeyInactive || !got.ExpiresAt.IsZero() || got.Tag != "" ||
			!got.UpdatedAt.Equal(clock.Now()) || got.SealedSecret != "v1.k1.secret" {
			t.Fatalf("update: %+v %v", got, err)
		}
		later := clock.Now().Add(time.Hour)
		got, err = db.UpdateAccessKey(ctx, "AK1", identity.AccessKeyUpdate{ExpiresAt: &later}, identity.AuditEvent{})
		if err != nil || got.State != identity.AccessKeyInactive || !got.ExpiresAt.Equal(later) {
			t.Fatalf("partial update: %+v %v", got, err)
		}
		list, _ := db.FindAccessKeys(ctx, identity.AccessKeyFilter{UserID: root.ID, States: []identity.AccessKeyState{identity.AccessKeyInactive}})
		if len(list) != 1 || list[0].ID != "AK1" {
			t.Fatalf("state filter after update: %+v", list)
		}
		_, err = db.UpdateAccessKey(ctx, "nope", identity.AccessKeyUpdate{State: &inactive}, identity.AuditEvent{})
		wantKind(t, err, fault.NotFound, "access_key.not_found")
	})
	t.Run("Delete", func(t *testing.T) {
		if err := db.DeleteAccessKey(ctx, "AK2", identity.AuditEvent{ID: "ev-del", AccountID: a.ID, Action: "access_key.delete", Outcome: "success"}); err != nil {
			t.Fatal(err)
		}
		_, err := db.FindAccessKeyByID(ctx, "AK2")
		wantKind(t, err, fault.NotFound, "access_key.not_found")
		wantKind(t, db.DeleteAccessKey(ctx, "AK2", identity.AuditEvent{}), fault.NotFound, "access_key.not_found")
		// A user's keys go with the user.
		if err := db.DeleteUser(ctx, bob.ID, identity.AuditEvent{}); err != nil {
			t.Fatal(err)
		}
		_, err = db.FindAccessKeyByID(ctx, "AK5")
		wantKind(t, err, fault.NotFound, "access_key.not_found")
	})
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
