package sqlite_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/notify"
	"github.com/watchword/watchword/internal/notify/delivery"
	"github.com/watchword/watchword/internal/password"
	"github.com/watchword/watchword/internal/secret"
	"github.com/watchword/watchword/internal/store/sqlite"
)

// TestOutboxFilesHoldNoSecret asks the core for a reset link, a reset code
// and a verification code on a SQLite file, delivers them with the real
// worker into the dev mailbox, and reads the database files (main file, WAL
// and shared memory) as bytes, before and after delivery: the token, the
// link and the codes read in the delivered mail appear in neither.
func TestOutboxFilesHoldNoSecret(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	now := func() time.Time { return time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC) }
	db, err := sqlite.Open(ctx, filepath.Join(dir, "watchword.db"), now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	keys, err := secret.NewKeyring(secret.Key{ID: "k1", Secret: []byte("0123456789abcdef0123456789abcdef")})
	if err != nil {
		t.Fatal(err)
	}
	db.SetSealer(keys)
	svc := identity.New(identity.Deps{Store: db, Clock: now, Keyring: keys,
		Hasher: password.NewPool(password.PoolConfig{Params: password.Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}}),
		Config: identity.Config{Recovery: identity.RecoveryConfig{PublicURL: "https://ww.test"}}})
	_, root, err := svc.Accounts.Create(ctx, identity.NewAccount{Name: "acme", Email: "root@acme.test", Password: "Tr0ubadour-Horse-Staple"})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []identity.RecoveryMethod{identity.RecoverByLink, identity.RecoverByEmail} {
		if _, err := svc.Recovery.RequestReset(ctx, identity.ResetRequest{RecoveryIdentifier: identity.RecoveryIdentifier{Email: root.Email},
			Method: m}); err != nil {
			t.Fatal(err)
		}
	}
	rootCtx := identity.WithPrincipal(ctx, identity.Principal{Kind: identity.UserToken, UserID: root.ID, AccountID: root.AccountID, Admin: true})
	if _, err := svc.LoginVerification.SendCode(rootCtx, identity.VerifyEmail); err != nil {
		t.Fatal(err)
	}
	before := readDBFiles(t, dir)

	renderer, err := notify.NewRenderer(notify.Config{})
	if err != nil {
		t.Fatal(err)
	}
	mail, err := delivery.NewDevMailSender(dir, delivery.MailConfig{From: "ww@ww.test"})
	if err != nil {
		t.Fatal(err)
	}
	w, err := delivery.NewWorker(db, renderer, delivery.WorkerConfig{Keys: keys, Clock: now}, mail)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := w.DrainOnce(ctx); err != nil || n != 3 {
		t.Fatalf("delivered %d: %v", n, err)
	}
	var mails []byte
	files, _ := filepath.Glob(filepath.Join(dir, "mail", "*.eml"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		mails = append(mails, b...)
	}
	mails = bytes.ReplaceAll(mails, []byte("=\r\n"), nil) // quoted-printable soft breaks
	token := regexp.MustCompile(`https://ww\.test/reset/([A-Za-z0-9_-]+)`).FindSubmatch(mails)
	codes := regexp.MustCompile(`\b[0-9]{6}\b`).FindAll(mails, -1)
	if token == nil || len(codes) < 2 {
		t.Fatalf("the mails carry no link or fewer than two codes:\n%s", mails)
	}
	secrets := append([][]byte{token[0], token[1]}, codes...)
	after := readDBFiles(t, dir)
	for _, s := range secrets {
		for name, b := range before {
			if bytes.Contains(b, s) {
				t.Errorf("%s holds %q in clear before delivery", name, s)
			}
		}
		for name, b := range after {
			if bytes.Contains(b, s) {
				t.Errorf("%s holds %q in clear after delivery", name, s)
			}
		}
	}
}

// readDBFiles returns the bytes of the SQLite database files in dir.
func readDBFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, name := range []string{"watchword.db", "watchword.db-wal", "watchword.db-shm"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err == nil {
			out[name] = b
		} else if !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	if len(out["watchword.db"]) == 0 {
		t.Fatal("no database file")
	}
	return out
}
