package identity_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/secret"
	"github.com/watchword/watchword/internal/verify"
)

// BenchmarkTOTPVerify is the CPU a login's second step spends on a TOTP
// code once the device row is read: unseal the secret, check the three
// steps of the skew window.
func BenchmarkTOTPVerify(b *testing.B) {
	ring, err := secret.NewKeyring(secret.Key{ID: "k1", Secret: make([]byte, secret.KeySize)})
	if err != nil {
		b.Fatal(err)
	}
	sec, _, err := verify.NewTOTPKey("Watchword", "alice@acme")
	if err != nil {
		b.Fatal(err)
	}
	sealed, _ := ring.Seal([]byte(sec), []byte("user-id"))
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	code := verify.TOTPCode(sec, now)
	b.ReportAllocs()
	for b.Loop() {
		s, err := ring.Open(sealed, []byte("user-id"))
		if err != nil {
			b.Fatal(err)
		}
		if _, ok := verify.ValidateTOTP(string(s), code, now, 0); !ok {
			b.Fatal("code refused")
		}
	}
}

// sessionMemStore answers the one lookup Authenticate makes from memory, so
// the benchmark measures the core's own cost of a token check without I/O.
type sessionMemStore struct {
	identity.Store
	byHash map[string]*identity.Session
}

func (m *sessionMemStore) FindSessionByTokenHash(_ context.Context, hash string) (*identity.Session, error) {
	s := *m.byHash[hash]
	return &s, nil
}

func (m *sessionMemStore) TouchSession(context.Context, string, time.Time, time.Time) error {
	return nil
}

// BenchmarkAuthenticate is the per-request token check. "CPU" leaves the
// database out; "SQLite" is the whole check on the embedded store.
func BenchmarkAuthenticate(b *testing.B) {
	b.Run("CPU", func(b *testing.B) {
		now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
		token := "qJ3v0m8Q4x3dYbq1QzV8r9cJzC2l6f4m0t5y7u9w1e3"
		sum := sha256.Sum256([]byte(token))
		store := &sessionMemStore{byHash: map[string]*identity.Session{hex.EncodeToString(sum[:]): {ID: "s", Kind: identity.UserToken,
			UserID: "u", AccountID: "a", Method: "password", CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour), IdleUntil: now.Add(time.Hour)}}}
		svc := identity.New(identity.Deps{Store: store, Clock: func() time.Time { return now }})
		b.ReportAllocs()
		for b.Loop() {
			if _, err := svc.Auth.Authenticate(context.Background(), token); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("SQLite", func(b *testing.B) {
		c := mustSecureCore(b, identity.Config{})
		res, err := c.login(identity.LoginInput{AccountName: "acme", Password: secRootPassword})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.svc.Auth.Authenticate(context.Background(), res.Token); err != nil {
				b.Fatal(err)
			}
		}
	})
}
