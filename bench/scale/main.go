// Command scale seeds a large database straight into the store, for the
// scale benchmarks (bench/scale.sh): accounts, each with a root user and IAM
// users, and sessions for every user. Every user gets the same password,
// hashed once, so seeding a million users costs one argon2id, not a million.
//
//	go run ./bench/scale -data DIR -accounts 10000 -users 1000000 -sessions 10000000 -password '...'
//	go run ./bench/scale -database postgres://... (same flags)
//
// Accounts are acct00000, acct00001, …; their root users are named like them
// and IAM users u<N>. Sessions: per user, one ended past the retention grace
// (for the purge to delete) and the rest live for a day. The first account
// is created through the core, so its password policy is the real default;
// the others copy it.
package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/password"
	"github.com/watchword/watchword/internal/store/postgres"
	"github.com/watchword/watchword/internal/store/sqldb"
	"github.com/watchword/watchword/internal/store/sqlite"
	_ "modernc.org/sqlite"
)

func main() {
	data := flag.String("data", "", "data directory (SQLite at DATA/watchword.db)")
	dbURL := flag.String("database", "", "PostgreSQL URL instead of SQLite")
	accounts := flag.Int("accounts", 10_000, "accounts")
	users := flag.Int("users", 1_000_000, "users in all, root users included")
	sessions := flag.Int("sessions", 10_000_000, "sessions in all")
	pw := flag.String("password", "", "every user's password")
	batch := flag.Int("batch", 0, "rows per INSERT (default: 1, prepared once, on SQLite, whose driver binds many parameters slowly; 500 on PostgreSQL)")
	flag.Parse()
	if *pw == "" || (*data == "") == (*dbURL == "") || *users < *accounts {
		log.Fatal("scale: -password and exactly one of -data or -database are required; -users >= -accounts")
	}
	ctx := context.Background()
	start := time.Now()

	store, raw, dialect := open(ctx, *data, *dbURL)
	defer store.Close()
	defer raw.Close()
	core := identity.New(identity.Deps{Store: store, Hasher: password.NewPool(password.PoolConfig{Params: password.DefaultParams, Workers: 1})})
	first, root, err := core.Accounts.Create(ctx, identity.NewAccount{Name: "acct00000", Email: "root@acct00000.bench", Password: *pw})
	if err != nil {
		log.Fatalf("scale: first account: %v", err)
	}
	var policy string
	if err := raw.QueryRowContext(ctx, `SELECT password_policy FROM accounts WHERE id = $1`, first.ID).Scan(&policy); err != nil {
		log.Fatal(err)
	}
	if *batch <= 0 {
		*batch = 1
		if dialect == "postgres" {
			*batch = 500
		}
	}
	s := &seeder{db: raw, dialect: dialect, batch: *batch, now: time.Now().UnixMicro(), hash: root.PasswordHash, policy: policy}

	perAccount := *users / *accounts
	userIDs := make([]string, 0, *users)
	userIDs = append(userIDs, root.ID)
	accountOf := []string{first.ID}
	s.begin("accounts", `INSERT INTO accounts (id, name, email, password_policy, created_at, updated_at) VALUES `, 6)
	accIDs := []string{first.ID}
	for a := 1; a < *accounts; a++ {
		id := fmt.Sprintf("%012d", 200_000_000_000+a)
		accIDs = append(accIDs, id)
		name := fmt.Sprintf("acct%05d", a)
		s.row(id, name, "root@"+name+".bench", s.policy, s.now, s.now)
	}
	s.end()
	s.begin("users", `INSERT INTO users (id, account_id, name, is_root, is_admin, email, email_verified, password_origin,
		password_hash, password_changed_at, created_at, updated_at) VALUES `, 12)
	for a, accID := range accIDs {
		name := fmt.Sprintf("acct%05d", a)
		for u := 0; u < perAccount; u++ {
			if a == 0 && u == 0 {
				continue // the first root user exists
			}
			id := newID()
			uname, email, isRoot := fmt.Sprintf("u%07d", a*perAccount+u), "", u == 0
			if isRoot {
				uname, email = name, "root@"+name+".bench"
			} else if u%2 == 0 {
				email = fmt.Sprintf("u%07d@%s.bench", a*perAccount+u, name) // half the IAM users have an email
			}
			s.row(id, accID, uname, isRoot, isRoot, email, email != "", "local", s.hash, s.now, s.now, s.now)
			userIDs = append(userIDs, id)
			accountOf = append(accountOf, accID)
		}
	}
	s.end()
	s.begin("sessions", `INSERT INTO sessions (id, token_hash, kind, user_id, account_id, method, ip, user_agent,
		created_at, last_seen_at, expires_at, idle_until) VALUES `, 12)
	perUser := max(1, *sessions/len(userIDs))
	day, old := int64(24*time.Hour/time.Microsecond), s.now-int64(30*24*time.Hour/time.Microsecond)
	for i, uid := range userIDs {
		acc := accountOf[i]
		if i == 0 {
			acc = first.ID
		} else {
			acc = accountOf[i]
		}
		for k := 0; k < perUser; k++ {
			created, expires := s.now-int64(k+1)*int64(time.Minute/time.Microsecond), s.now+day
			if k == 0 { // ended a month ago: past the 7-day grace
				created, expires = old, old+int64(12*time.Hour/time.Microsecond)
			}
			sum := sha256.Sum256([]byte(fmt.Sprintf("seed-%d-%d", i, k)))
			s.row(newID(), hex.EncodeToString(sum[:]), "user", uid, acc, "password", "192.0.2.1",
				"Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0", created, created, expires, expires)
		}
	}
	s.end()
	fmt.Printf("seeded %d accounts, %d users, %d sessions in %v\n", len(accIDs), len(userIDs), perUser*len(userIDs),
		time.Since(start).Round(time.Second))
	fmt.Printf("database size: %s\n", size(ctx, raw, dialect, *data))
}

func open(ctx context.Context, data, url string) (*sqldb.DB, *sql.DB, string) {
	if url != "" {
		store, err := postgres.Open(ctx, url, nil)
		if err != nil {
			log.Fatal(err)
		}
		raw, err := sql.Open("pgx", url)
		if err != nil {
			log.Fatal(err)
		}
		return store, raw, "postgres"
	}
	if err := os.MkdirAll(data, 0o700); err != nil {
		log.Fatal(err)
	}
	path := filepath.Join(data, "watchword.db")
	store, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		log.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(OFF)&_txlock=immediate")
	if err != nil {
		log.Fatal(err)
	}
	raw.SetMaxOpenConns(1)
	return store, raw, "sqlite"
}

// seeder inserts rows in multi-row INSERTs, one transaction per table.
type seeder struct {
	db      *sql.DB
	dialect string
	batch   int
	now     int64
	hash    string
	policy  string

	table  string
	prefix string
	cols   int
	tx     *sql.Tx
	stmt   *sql.Stmt // the full-batch INSERT, prepared once per transaction
	args   []any
	rows   int
	total  int
	began  time.Time
}

func (s *seeder) begin(table, prefix string, cols int) {
	var err error
	s.table, s.prefix, s.cols, s.total, s.began = table, prefix, cols, 0, time.Now()
	if s.tx, err = s.db.Begin(); err != nil {
		log.Fatal(err)
	}
	s.stmt = nil
}

func (s *seeder) row(vals ...any) {
	s.args = append(s.args, vals...)
	s.rows++
	if s.rows == s.batch {
		s.flush()
	}
}

func (s *seeder) flush() {
	if s.rows == 0 {
		return
	}
	full := s.rows == s.batch
	if !full || s.stmt == nil {
		stmt, err := s.tx.Prepare(s.insert(s.rows))
		if err != nil {
			log.Fatal(err)
		}
		if !full {
			defer stmt.Close()
		} else {
			s.stmt = stmt
		}
		if _, err := stmt.Exec(s.args...); err != nil {
			log.Fatalf("scale: insert into %s: %v", s.table, err)
		}
	} else if _, err := s.stmt.Exec(s.args...); err != nil {
		log.Fatalf("scale: insert into %s: %v", s.table, err)
	}
	s.total += s.rows
	s.args, s.rows = s.args[:0], 0
	if s.total%200_000 < s.batch {
		// Commit now and then: one huge transaction holds the WAL (SQLite)
		// or its locks and snapshot (PostgreSQL) for minutes.
		if err := s.tx.Commit(); err != nil {
			log.Fatal(err)
		}
		var err error
		if s.tx, err = s.db.Begin(); err != nil {
			log.Fatal(err)
		}
		s.stmt = nil
		fmt.Fprintf(os.Stderr, "  %s: %d rows (%.0f/s)\n", s.table, s.total, float64(s.total)/time.Since(s.began).Seconds())
	}
}

// insert is the INSERT of n rows.
func (s *seeder) insert(n int) string {
	var b strings.Builder
	b.WriteString(s.prefix)
	p := 1
	for r := 0; r < n; r++ {
		if r > 0 {
			b.WriteString(",")
		}
		b.WriteString("(")
		for c := 0; c < s.cols; c++ {
			if c > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "$%d", p)
			p++
		}
		b.WriteString(")")
	}
	return b.String()
}

func (s *seeder) end() {
	s.flush()
	if err := s.tx.Commit(); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %d rows in %v\n", s.table, s.total, time.Since(s.began).Round(time.Second))
}

func newID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func size(ctx context.Context, db *sql.DB, dialect, data string) string {
	if dialect == "postgres" {
		var s string
		if err := db.QueryRowContext(ctx, `SELECT pg_size_pretty(pg_database_size(current_database()))`).Scan(&s); err != nil {
			return err.Error()
		}
		return s
	}
	if _, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return err.Error()
	}
	fi, err := os.Stat(filepath.Join(data, "watchword.db"))
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("%.2f GiB", float64(fi.Size())/(1<<30))
}
