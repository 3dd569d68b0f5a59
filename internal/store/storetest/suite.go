package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/password"
	"github.com/watchword/watchword/internal/store/sqldb"
)

// Run is the store conformance suite: every dialect must pass it unchanged.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, db *sqldb.DB, clock *Clock)
	}{
		{"Accounts", testAccounts},
		{"AccountWrite", testAccountWrite},
		{"Users", testUsers},
		{"SetPassword", testSetPassword},
		{"Sessions", testSessions},
		{"Clients", testClients},
		{"Outbox", testOutbox},
		{"Audit", testAudit},
		{"Recovery", testRecovery}, {"ContactBind", testContactBind}, {"Captchas", testCaptchas}, {"RateLimits", testRateLimits},
		{"AccessKeys", testAccessKeys},
		{"Dictionary", testDictionary},
		{"TokenScopes", testTokenScopes},
		{"UserAttributes", testUserAttributes},
		{"LoginSecurity", testLoginSecurity},
		{"Notifications", testNotifications},
		{"OutboxSecrets", testOutboxSecrets},
		{"RecoveryRaces", testRecoveryRaces},
		{"PasswordCAS", testPasswordCAS}, {"FailedWritesQueueNothing", testFailedWritesQueueNothing}, {"PolicyUpdates", testPolicyUpdates},
		{"Retention", testRetention}, {"OutboxLeases", testOutboxLeases}, {"Groups", testGroups},
		{"UserVersion", testUserVersion}, {"AuditTrail", testAuditTrail}, {"RecoveryCodes", testRecoveryCodes},
		{"SignatureReplays", testSignatureReplays},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := NewClock()
			tt.fn(t, open(t, clock.Now), clock)
		})
	}
}

// Clock is a settable test clock.
type Clock struct{ t time.Time }

// NewClock starts at a fixed instant.
func NewClock() *Clock { return &Clock{t: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time { return c.t }

// Add moves the clock forward.
func (c *Clock) Add(d time.Duration) { c.t = c.t.Add(d) }

// MustCreateAccount inserts an account with a root user named like it.
func MustCreateAccount(tb testing.TB, db identity.Store, id, name, email string) (*identity.Account, *identity.User) {
	tb.Helper()
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	a := &identity.Account{ID: id, Name: name, PasswordPolicy: password.DefaultPolicy(),
		Profile: identity.AccountProfile{Email: email, AdditionalEmails: []string{}}, CreatedAt: now, UpdatedAt: now}
	root := &identity.User{ID: id + "-root", AccountID: id, Name: name, Root: true, Admin: true, Email: email,
		PasswordOrigin: identity.OriginLocal, PasswordHash: "$argon2id$old", LoginVerification: "off", Enabled: true,
		CreatedAt: now, UpdatedAt: now}
	if err := db.CreateAccount(context.Background(), a, root, identity.AuditEvent{ID: id + "-ev", Action: "account.create", Outcome: "success"}); err != nil {
		tb.Fatalf("create account: %v", err)
	}
	return a, root
}

func wantKind(t *testing.T, err error, kind fault.Kind, code string) {
	t.Helper()
	if fault.KindOf(err) != kind || (code != "" && fault.CodeOf(err) != code) {
		t.Fatalf("got error %v (kind %q code %q), want kind %q code %q", err, fault.KindOf(err), fault.CodeOf(err), kind, code)
	}
}

func ptr[T any](v T) *T { return &v }

func testAccounts(t *testing.T, db *sqldb.DB, _ *Clock) {
	ctx := context.Background()
	a, _ := MustCreateAccount(t, db, "100000000001", "acme", "root@acme.test")
	got, err := db.FindAccountByID(ctx, a.ID)
	if err != nil || got.Name != "acme" || got.Profile.Email != "root@acme.test" || got.PasswordPolicy.MinLength != 8 {
		t.Fatalf("find: %+v %v", got, err)
	}
	_, err = db.FindAccountByID(ctx, "nope")
	wantKind(t, err, fault.NotFound, "account.not_found")

	t.Run("ErrNameTaken", func(t *testing.T) {
		err := db.CreateAccount(ctx, &identity.Account{ID: "2", Name: "acme"}, &identity.User{ID: "2r", AccountID: "2", Name: "acme"}, identity.AuditEvent{})
		wantKind(t, err, fault.Conflict, "account.name_taken")
	})
	t.Run("ErrEmailTaken", func(t *testing.T) {
		err := db.CreateAccount(ctx, &identity.Account{ID: "3", Name: "other", Profile: identity.AccountProfile{Email: "root@acme.test"}},
			&identity.User{ID: "3r", AccountID: "3", Name: "other", Email: "root@acme.test"}, identity.AuditEvent{})
		wantKind(t, err, fault.Conflict, "email.taken")
	})
	t.Run("UpdateEveryField", func(t *testing.T) {
		upd := identity.AccountUpdate{FirstName: ptr("Ada"), LastName: ptr("Lovelace"), CompanyName: ptr("Acme"),
			JobTitle: ptr("CTO"), AdditionalEmails: ptr([]string{"a@b.test", "c@d.test"}),
			PhoneNumber: ptr("+33123456789"), City: ptr("Paris"),
			StateProvince: ptr("IDF"), Country: ptr("FR"), ZipCode: ptr("75001"), VatNumber: ptr("FR123")}
		got, err := db.UpdateAccount(ctx, a.ID, identity.AccountWrite{Update: upd, Audit: identity.AuditEvent{ID: "ev-upd", Action: "account.update", Outcome: "success"}})
		if err != nil {
			t.Fatal(err)
		}
		want := identity.AccountProfile{FirstName: "Ada", LastName: "Lovelace", CompanyName: "Acme", JobTitle: "CTO",
			Email: "root@acme.test", AdditionalEmails: []string{"a@b.test", "c@d.test"},
			PhoneNumber: "+33123456789", City: "Paris", StateProvince: "IDF", Country: "FR", ZipCode: "75001", VatNumber: "FR123"}
		if got.ID != a.ID || !equalProfile(got.Profile, want) {
			t.Fatalf("got %+v", got.Profile)
		}
	})
	t.Run("PasswordPolicy", func(t *testing.T) {
		p := password.DefaultPolicy()
		p.MinLength, p.HistoryCount = 12, 3
		if err := db.SetPasswordPolicy(ctx, a.ID, p, identity.AuditEvent{}); err != nil {
			t.Fatal(err)
		}
		got, _ := db.FindAccountByID(ctx, a.ID)
		if got.PasswordPolicy.MinLength != 12 || got.PasswordPolicy.HistoryCount != 3 {
			t.Fatalf("policy %+v", got.PasswordPolicy)
		}
		wantKind(t, db.SetPasswordPolicy(ctx, "nope", p, identity.AuditEvent{}), fault.NotFound, "")
	})
}

func equalProfile(a, b identity.AccountProfile) bool {
	return reflect.DeepEqual(a, b)
}

func testUsers(t *testing.T, db *sqldb.DB, clock *Clock) {
	ctx := context.Background()
	a, _ := MustCreateAccount(t, db, "100000000001", "acme", "root@acme.test")
	MustCreateAccount(t, db, "100000000002", "globex", "root@globex.test")
	u := &identity.User{ID: "u1", AccountID: a.ID, Name: "alice", Email: "alice@acme.test", PasswordOrigin: identity.OriginUnset,
		LoginVerification: "off", Enabled: true}
	if err := db.CreateUser(ctx, u, identity.AuditEvent{}); err != nil {
		t.Fatal(err)
	}
	wantKind(t, db.CreateUser(ctx, &identity.User{ID: "u2", AccountID: a.ID, Name: "alice"}, identity.AuditEvent{}), fault.Conflict, "user.name_taken")
	wantKind(t, db.CreateUser(ctx, &identity.User{ID: "u3", AccountID: a.ID, Name: "bob", Email: "alice@acme.test"}, identity.AuditEvent{}), fault.Conflict, "email.taken")
	// The same user name in another account is fine.
	if err := db.CreateUser(ctx, &identity.User{ID: "u4", AccountID: "100000000002", Name: "alice", Enabled: true}, identity.AuditEvent{}); err != nil {
		t.Fatal(err)
	}
	got, err := db.FindUserByName(ctx, "acme", "alice")
	if err != nil || got.ID != "u1" || got.AccountName != "acme" || got.PasswordOrigin != identity.OriginUnset {
		t.Fatalf("by name: %+v %v", got, err)
	}
	if got, err := db.FindUserByEmail(ctx, "alice@acme.test"); err != nil || got.ID != "u1" {
		t.Fatalf("by email: %+v %v", got, err)
	}
	_, err = db.FindUserByEmail(ctx, "")
	wantKind(t, err, fault.NotFound, "")
	list, total, err := db.FindUsers(ctx, identity.UserFilter{AccountID: a.ID, Limit: 1})
	if err != nil || total != 2 || len(list) != 1 || !list[0].Root {
		t.Fatalf("list: %d %d %v", len(list), total, err)
	}
	// A change revokes the user's sessions only when told to.
	mustSession(t, db, clock, "alice-1", "u1", a.ID)
	upd, err := db.UpdateUser(ctx, identity.UserWrite{UserID: "u1", Update: identity.UserUpdate{DisplayName: ptr("Alice"), Locale: ptr("fr"), Enabled: ptr(false)}})
	if err != nil || upd.DisplayName != "Alice" || upd.Locale != "fr" || upd.Enabled {
		t.Fatalf("update: %+v %v", upd, err)
	}
	if live, _ := db.FindSessions(ctx, "u1"); len(live) != 1 {
		t.Fatalf("an update not told to revoke left %d sessions", len(live))
	}
	if _, err := db.UpdateUser(ctx, identity.UserWrite{UserID: "u1", RevokeSessions: true}); err != nil {
		t.Fatal(err)
	}
	if live, _ := db.FindSessions(ctx, "u1"); len(live) != 0 {
		t.Fatalf("RevokeSessions left %d sessions", len(live))
	}
	_, err = db.UpdateUser(ctx, identity.UserWrite{UserID: "u1", Update: identity.UserUpdate{Email: ptr("root@acme.test")}})
	wantKind(t, err, fault.Conflict, "email.taken")
	if err := db.DeleteUser(ctx, "u1", identity.AuditEvent{}); err != nil {
		t.Fatal(err)
	}
	_, err = db.FindUserByID(ctx, "u1")
	wantKind(t, err, fault.NotFound, "user.not_found")
	wantKind(t, db.DeleteUser(ctx, "u1", identity.AuditEvent{}), fault.NotFound, "")
}
