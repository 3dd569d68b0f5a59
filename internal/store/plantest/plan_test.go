package plantest_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/stdlib"
	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/store/plantest"
	"github.com/watchword/watchword/internal/store/postgres"
	"github.com/watchword/watchword/internal/store/sqldb"
	"github.com/watchword/watchword/internal/store/sqlite"
	"github.com/watchword/watchword/internal/store/storetest"
	"github.com/watchword/watchword/internal/testkit"
	msqlite "modernc.org/sqlite"
)

// tracedStore is a migrated store whose statements a Tracer records, and a
// pool of its own to plan them on.
type tracedStore struct {
	db      *sqldb.DB
	plan    *sql.DB
	dialect string
}

func openTracedSQLite(t *testing.T, tr *plantest.Tracer, now func() time.Time) tracedStore {
	dsn := "file:" + filepath.Join(t.TempDir(), "watchword.db") +
		"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)"
	write := sql.OpenDB(tr.Connector(&msqlite.Driver{}, dsn+"&_txlock=immediate"))
	write.SetMaxOpenConns(1)
	read := sql.OpenDB(tr.Connector(&msqlite.Driver{}, dsn))
	plan := sql.OpenDB(tr.Connector(&msqlite.Driver{}, dsn)) // records nothing: the tracer is off while planning
	db := sqldb.New(write, read, sqlite.Dialect(), now)
	t.Cleanup(func() { db.Close(); plan.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return tracedStore{db: db, plan: plan, dialect: "sqlite"}
}

func openTracedPostgres(t *testing.T, tr *plantest.Tracer, now func() time.Time) tracedStore {
	url := storetest.MustPostgresURL(t)
	pool := sql.OpenDB(tr.Connector(stdlib.GetDefaultDriver(), url))
	plan, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	db := sqldb.New(pool, pool, postgres.Dialect(), now)
	t.Cleanup(func() { db.Close(); plan.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return tracedStore{db: db, plan: plan, dialect: "postgres"}
}

// allowedScans are statements of the hot paths that may read a whole
// table, each with why. Keep it empty unless a scan is bounded by design.
var allowedScans = map[string]string{}

// TestHotPathsUseIndexes runs the hot paths through a real core (sign-in
// with the right and a wrong password, token checks, a password change,
// lists, access keys, delivery and the retention purge), records every
// statement they send, and fails on any whose plan reads a whole table.
func TestHotPathsUseIndexes(t *testing.T) {
	openers := map[string]func(*testing.T, *plantest.Tracer, func() time.Time) tracedStore{"sqlite": openTracedSQLite}
	if !testing.Short() {
		openers["postgres"] = openTracedPostgres
	}
	for name, open := range openers {
		t.Run(name, func(t *testing.T) {
			tr := &plantest.Tracer{}
			var st tracedStore
			c := testkit.MustServices(t, testkit.Options{Open: func(tb testing.TB, now func() time.Time) *sqldb.DB {
				st = open(t, tr, now)
				return st.db
			}})
			stmts := hotPaths(t, c, tr)
			if len(stmts) < 20 {
				t.Fatalf("traced only %d statements: the tracer is not seeing the store", len(stmts))
			}
			ctx := context.Background()
			for _, s := range stmts {
				scans, err := plantest.Scans(ctx, st.plan, st.dialect, s)
				if err != nil {
					t.Errorf("%v", err)
					continue
				}
				if len(scans) > 0 && allowedScans[s.Query] == "" {
					t.Errorf("full scan in a hot path:\n  %s\n  plan: %s", oneLine(s.Query), strings.Join(scans, "; "))
				}
			}
		})
	}
}

// hotPaths runs the workload and returns the statements it sent.
func hotPaths(t *testing.T, c *testkit.Core, tr *plantest.Tracer) []plantest.Statement {
	ctx := context.Background()
	if _, err := c.Services.Users.Create(c.RootCtx, identity.NewUser{Name: "alice", Email: "alice@acme.test",
		Password: "Violet-Long-Passphrase-1"}); err != nil {
		t.Fatal(err)
	}
	tr.Start()
	alice := identity.LoginInput{AccountName: "acme", UserName: "alice", Password: "Violet-Long-Passphrase-1"}
	userCtx, token := c.MustLogin(t, alice)
	for range 2 {
		if _, err := c.Services.Auth.Authenticate(ctx, token); err != nil {
			t.Fatal(err)
		}
	}
	wrong := alice
	wrong.Password = "not her password"
	if _, err := c.Services.Auth.Login(ctx, wrong); fault.CodeOf(err) != "auth.invalid_credentials" {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := c.Services.Auth.Login(ctx, identity.LoginInput{AccountName: "acme", UserName: "nobody", Password: "x"}); err == nil {
		t.Fatal("unknown user signed in")
	}
	key, err := c.Services.AccessKeys.Create(userCtx, identity.NewAccessKey{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Services.AccessKeys.List(userCtx, identity.AccessKeyFilter{}); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := c.Services.AccessKeys.ResolveKey(ctx, key.Key.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Services.Passwords.Change(userCtx, identity.PasswordChange{Current: alice.Password, New: "Violet-Fresher-Passphrase-2"}); err != nil {
		t.Fatal(err)
	}
	adminCtx, _ := c.MustLogin(t, identity.LoginInput{AccountName: "acme", Password: testkit.RootPassword})
	if _, _, err := c.Services.Users.List(adminCtx, identity.UserFilter{Limit: 50}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Services.Accounts.Get(adminCtx); err != nil {
		t.Fatal(err)
	}
	// Every list's first page and a page after a cursor.
	first, err := c.Services.Users.Page(adminCtx, nil, identity.Page{Limit: 1})
	if err != nil || first.Next == "" {
		t.Fatalf("users page: %+v %v", first, err)
	}
	pages := []func(p identity.Page) (string, error){
		func(p identity.Page) (string, error) {
			r, err := c.Services.Users.Page(adminCtx, nil, p)
			return r.Next, err
		},
		func(p identity.Page) (string, error) {
			r, err := c.Services.Auth.SessionsPage(adminCtx, p)
			return r.Next, err
		},
		func(p identity.Page) (string, error) {
			r, err := c.Services.AccessKeys.Page(userCtx, "", p)
			return r.Next, err
		},
		func(p identity.Page) (string, error) {
			r, err := c.Services.Auth.ClientsPage(adminCtx, p)
			return r.Next, err
		},
		func(p identity.Page) (string, error) {
			r, err := c.Services.Dictionary.Page(adminCtx, p)
			return r.Next, err
		},
		func(p identity.Page) (string, error) {
			r, err := c.Services.Notifications.Page(adminCtx, "", p)
			return r.Next, err
		},
	}
	for _, page := range pages {
		next, err := page(identity.Page{Limit: 1})
		if err == nil && next != "" {
			_, err = page(identity.Page{Limit: 1, Cursor: next})
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	c.MustClaim(t) // the notifications the workload queued: delivery's claim
	if _, err := c.Services.Retention.Purge(ctx, nil); err != nil {
		t.Fatal(err)
	}
	return tr.Stop()
}

func oneLine(q string) string { return strings.Join(strings.Fields(q), " ") }
