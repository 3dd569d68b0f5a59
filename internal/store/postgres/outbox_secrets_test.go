package postgres_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/password"
	"github.com/watchword/watchword/internal/secret"
	"github.com/watchword/watchword/internal/store/postgres"
	"github.com/watchword/watchword/internal/store/storetest"
)

// TestOutboxHoldsNoSecretInClear asks the core for a reset link and a reset
// code on PostgreSQL and reads the outbox rows as stored: neither the data
// column nor any other holds the token, the link or the code, before or
// after delivery.
func TestOutboxHoldsNoSecretInClear(t *testing.T) {
	ctx := context.Background()
	url := storetest.MustPostgresURL(t)
	now := func() time.Time { return time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC) }
	db, err := postgres.Open(ctx, url, now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	keys, err := secret.NewKeyring(secret.Key{ID: "k1", Secret: make([]byte, secret.KeySize)})
	if err != nil {
		t.Fatal(err)
	}
	db.SetSealer(keys)
	svc := identity.New(identity.Deps{Store: db, Clock: now, Keyring: keys,
		Hasher: password.NewPool(password.PoolConfig{Params: password.Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}}),
		Config: identity.Config{Recovery: identity.RecoveryConfig{PublicURL: "https://ww.test"}}})
	if _, _, err := svc.Accounts.Create(ctx, identity.NewAccount{Name: "acme", Email: "root@acme.test", Password: "Tr0ubadour-Horse-Staple"}); err != nil {
		t.Fatal(err)
	}
	for _, m := range []identity.RecoveryMethod{identity.RecoverByLink, identity.RecoverByEmail} {
		if _, err := svc.Recovery.RequestReset(ctx, identity.ResetRequest{RecoveryIdentifier: identity.RecoveryIdentifier{Email: "root@acme.test"},
			Method: m}); err != nil {
			t.Fatal(err)
		}
	}
	msgs, err := db.ClaimOutbox(ctx, 10, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var secrets []string
	for _, m := range msgs {
		opened, err := notify.OpenSecrets(keys, m)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range opened.Secret {
			secrets = append(secrets, v)
			if i := strings.LastIndexByte(v, '/'); i >= 0 {
				secrets = append(secrets, v[i+1:]) // the token alone
			}
		}
	}
	if len(secrets) != 3 { // the link, its token, the code
		t.Fatalf("secrets queued: %q", secrets)
	}

	raw, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	check := func(when string) {
		t.Helper()
		rows, err := raw.Query(`SELECT id, template, status, data, sealed, CAST(outbox.* AS TEXT) FROM outbox`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var id, tmpl, status, data, sealed, whole string
			if err := rows.Scan(&id, &tmpl, &status, &data, &sealed, &whole); err != nil {
				t.Fatal(err)
			}
			n++
			for _, s := range secrets {
				if strings.Contains(data, s) || strings.Contains(whole, s) {
					t.Errorf("%s: row %s (%s, %s) holds %q in clear: data %s", when, id, tmpl, status, s, data)
				}
			}
			if status == "sent" && (sealed != "" || data != "{}") {
				t.Errorf("%s: sent row %s keeps data %s, sealed %q", when, id, data, sealed)
			}
		}
		if err := rows.Err(); err != nil || n != 2 {
			t.Fatalf("%s: %d rows, %v", when, n, err)
		}
	}
	check("queued")
	for _, m := range msgs {
		if err := db.MarkOutboxSent(ctx, m.ID); err != nil {
			t.Fatal(err)
		}
	}
	check("sent")
}
