package verify_test

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/verify"
)

const alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

func TestNewToken(t *testing.T) {
	shape := regexp.MustCompile(`^[0-9A-Za-z]{40}$`)
	counts := map[rune]int{}
	seen := map[string]bool{}
	for range 2000 {
		token, hash := verify.NewToken()
		if !shape.MatchString(token) {
			t.Fatalf("token %q is not 40 alphanumerics", token)
		}
		if sum := sha256.Sum256([]byte(token)); hash != hex.EncodeToString(sum[:]) {
			t.Fatal("hash is not hex SHA-256 of the token")
		}
		if seen[token] {
			t.Fatalf("token %q repeated", token)
		}
		seen[token] = true
		for _, r := range token {
			counts[r]++
		}
	}
	// 80000 symbols, about 1290 each; a modulo-biased generator puts 25%
	// more on the first 8 symbols.
	checkUniform(t, counts, alnum, 0.15)
}

func TestCheckToken(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	token, hash := verify.NewToken()
	used := now.Add(-time.Minute)
	valid := verify.StoredToken{Hash: hash, ExpiresAt: now.Add(verify.TokenLifetime)}
	tests := []struct {
		name  string
		t     verify.StoredToken
		given string
		ok    bool
	}{
		{"OK", valid, token, true},
		{"wrong", valid, token[:39] + "x", false},
		{"empty", valid, "", false},
		{"expired", verify.StoredToken{Hash: hash, ExpiresAt: now}, token, false},
		{"used", verify.StoredToken{Hash: hash, ExpiresAt: valid.ExpiresAt, UsedAt: &used}, token, false},
		{"voided", verify.StoredToken{Hash: hash, ExpiresAt: valid.ExpiresAt, Voided: true}, token, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := verify.CheckToken(tt.t, tt.given, now)
			if tt.ok {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			// Every failure reads the same, so nothing leaks about the token.
			want := verify.TokenInvalid()
			if fe := fault.As(err); fe.Kind != want.Kind || fe.Code != want.Code || fe.Message != want.Message {
				t.Fatalf("err = %v, want %v", err, want)
			}
		})
	}
}
