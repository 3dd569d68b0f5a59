package storetest

import (
	"context"
	"embed"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/store/migrations"
	"github.com/watchword/watchword/internal/store/sqldb"
)

//go:embed testdata/*.sql
var migrationData embed.FS

// RunMigrations applies the migrations of a dialect one at a time on an empty
// database, loading testdata/NNNN_name.sql (rows as that schema stored them)
// right after its migration, then checks the store reads the old rows back.
// exec runs raw SQL on the same database db migrates.
func RunMigrations(t *testing.T, dialect string, db *sqldb.DB, exec func(ctx context.Context, sql string) error) {
	ctx := context.Background()
	list, err := migrations.For(dialect)
	if err != nil {
		t.Fatal(err)
	}
	// Before any migration the database is not a Watchword one (restore
	// refuses it); after each, the step is recorded last.
	if _, err := db.AppliedMigrations(ctx); fault.CodeOf(err) != "store.not_watchword" {
		t.Fatalf("applied migrations of an empty database: %v, want store.not_watchword", err)
	}
	for i, m := range list {
		if err := db.MigrateUpTo(ctx, m.Name); err != nil {
			t.Fatalf("migrate to %s: %v", m.Name, err)
		}
		if applied, err := db.AppliedMigrations(ctx); err != nil || len(applied) != i+1 || applied[i] != m.Name {
			t.Fatalf("applied migrations after %s: %v %v", m.Name, applied, err)
		}
		data, err := migrationData.ReadFile("testdata/" + m.Name + ".sql")
		if err != nil {
			continue // no rows to load at this step
		}
		for _, stmt := range strings.Split(string(data), ";\n") {
			if strings.TrimSpace(stripComments(stmt)) == "" {
				continue
			}
			if err := exec(ctx, stmt); err != nil {
				t.Fatalf("load testdata for %s: %v\n%s", m.Name, err, stmt)
			}
		}
	}
	// Applying again is a no-op.
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("re-migrate: %v", err)
	}
	a, err := db.FindAccountByID(ctx, "100000000009")
	if err != nil || a.Name != "legacy" || a.PasswordPolicy.MinLength != 10 || len(a.Profile.AdditionalEmails) != 1 {
		t.Fatalf("legacy account: %+v %v", a, err)
	}
	u, err := db.FindUserByName(ctx, "legacy", "bob")
	if err != nil || u.PasswordOrigin != identity.OriginUnset || u.Email != "bob@legacy.test" || !u.Enabled ||
		u.Version != 1 || u.ExternalID != "" { // 0023's defaults
		t.Fatalf("legacy IAM user: %+v %v", u, err)
	}
	s, err := db.FindSessionByTokenHash(ctx, "legacy-hash")
	if err != nil || s.UserID != "legacy-root" || !s.Admin || !s.ExpiresAt.Equal(time.UnixMicro(1764151200000000).UTC()) {
		t.Fatalf("legacy session: %+v %v", s, err)
	}
	checkLegacyRecovery(t, db)
	msgs, err := db.ClaimOutbox(ctx, 10, time.Minute)
	if err != nil || len(msgs) != 1 || msgs[0].Data["link"] != "http://x/reset/abc" {
		t.Fatalf("legacy outbox: %+v %v", msgs, err)
	}
	// 0011 marks a dead row that carried a code or link as erased: its
	// retry is refused, as for a row that died after the migration.
	dead, err := db.FindNotifications(ctx, "100000000009", identity.NotificationFilter{Status: identity.NotificationDead, Limit: 10})
	if err != nil || len(dead) != 1 || dead[0].ID != "legacy-dead" || !dead[0].SecretErased || dead[0].LastError != "550 no such user" {
		t.Fatalf("legacy dead letter: %+v %v", dead, err)
	}
	if _, err := db.RetryNotification(ctx, "100000000009", "legacy-dead", identity.AuditEvent{ID: "ev-legacy"}); !fault.Is(err, fault.Conflict) ||
		fault.CodeOf(err) != "notification.secret_erased" {
		t.Fatalf("retry of a legacy dead reset link: %v", err)
	}
}

func stripComments(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "--") {
			b.WriteString(line)
		}
	}
	return b.String()
}
