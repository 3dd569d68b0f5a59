package verify_test

import (
	"bytes"
	"regexp"
	"testing"
	"time"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/verify"
)

func mustCodeHasher(tb testing.TB) *verify.CodeHasher {
	tb.Helper()
	h, err := verify.NewCodeHasher(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		tb.Fatal(err)
	}
	return h
}

func TestNewCodeHasher(t *testing.T) {
	if _, err := verify.NewCodeHasher(make([]byte, 31)); fault.CodeOf(err) != "verify.code_key" {
		t.Fatalf("short key: err = %v, want verify.code_key", err)
	}
}

func TestNewCode(t *testing.T) {
	h := mustCodeHasher(t)
	digits := regexp.MustCompile(`^[0-9]{6}$`)
	counts := map[rune]int{}
	seen := map[string]bool{}
	for range 20000 {
		code, hash := h.NewCode("login:u1")
		if !digits.MatchString(code) {
			t.Fatalf("code %q is not 6 digits", code)
		}
		if hash != h.Hash("login:u1", code) {
			t.Fatal("NewCode's hash is not Hash(binding, code)")
		}
		seen[code] = true
		for _, r := range code {
			counts[r]++
		}
	}
	// 20000 draws from 10^6 values repeat about 200 times; far fewer
	// distinct codes would mean a broken generator.
	if len(seen) < 19000 {
		t.Fatalf("only %d distinct codes in 20000", len(seen))
	}
	checkUniform(t, counts, "0123456789", 0.05)
}

func TestCodeHash(t *testing.T) {
	h := mustCodeHasher(t)
	other, _ := verify.NewCodeHasher(bytes.Repeat([]byte{8}, 32))
	base := h.Hash("login:u1", "123456")
	tests := []struct {
		name string
		got  string
	}{
		{"other binding", h.Hash("login:u2", "123456")},
		{"other purpose", h.Hash("email_change:u1", "123456")},
		{"shifted boundary", h.Hash("login:u11", "23456")},
		{"other key", other.Hash("login:u1", "123456")},
		{"other code", h.Hash("login:u1", "123457")},
	}
	for _, tt := range tests {
		if tt.got == base {
			t.Errorf("%s: same hash", tt.name)
		}
	}
	if len(base) != 64 {
		t.Errorf("hash %q is not hex SHA-256", base)
	}
}

func TestCheckCode(t *testing.T) {
	h := mustCodeHasher(t)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	used := now.Add(-time.Minute)
	code, hash := h.NewCode("login:u1")
	wrong := "000000"
	if wrong == code {
		wrong = "111111"
	}
	valid := verify.StoredCode{Binding: "login:u1", Hash: hash, ExpiresAt: now.Add(verify.CodeLifetime), MaxAttempts: 5}
	with := func(f func(*verify.StoredCode)) verify.StoredCode {
		c := valid
		f(&c)
		return c
	}
	tests := []struct {
		name     string
		c        verify.StoredCode
		given    string
		wantCode string
	}{
		{"OK", valid, code, ""},
		{"OK with spaces", valid, " " + code[:3] + " " + code[3:] + "\n", ""},
		{"OK with dash", valid, code[:3] + "-" + code[3:], ""},
		{"OK at last attempt", with(func(c *verify.StoredCode) { c.Attempts = 4 }), code, ""},
		{"OK default max", with(func(c *verify.StoredCode) { c.MaxAttempts = 0; c.Attempts = 4 }), code, ""},
		{"wrong", valid, wrong, "verify.code_invalid"},
		{"empty", valid, "", "verify.code_invalid"},
		{"prefix", valid, code[:5], "verify.code_invalid"},
		{"longer", valid, code + "0", "verify.code_invalid"},
		{"other binding", with(func(c *verify.StoredCode) { c.Binding = "login:u2" }), code, "verify.code_invalid"},
		{"expired", with(func(c *verify.StoredCode) { c.ExpiresAt = now }), code, "verify.code_expired"},
		{"voided", with(func(c *verify.StoredCode) { c.Voided = true }), code, "verify.code_expired"},
		{"used", with(func(c *verify.StoredCode) { c.UsedAt = &used }), code, "verify.code_used"},
		{"used and expired", with(func(c *verify.StoredCode) { c.UsedAt = &used; c.ExpiresAt = used }), code, "verify.code_used"},
		{"too many attempts", with(func(c *verify.StoredCode) { c.Attempts = 5 }), code, "verify.too_many_attempts"},
		{"too many, default max", with(func(c *verify.StoredCode) { c.MaxAttempts = 0; c.Attempts = 5 }), code, "verify.too_many_attempts"},
		{"expired beats attempts", with(func(c *verify.StoredCode) { c.Attempts = 9; c.ExpiresAt = now }), wrong, "verify.code_expired"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := h.Check(tt.c, tt.given, now)
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("err = %v, want nil", err)
				}
				return
			}
			if fault.CodeOf(err) != tt.wantCode || fault.KindOf(err) != fault.Invalid {
				t.Fatalf("err = %v, want Invalid %s", err, tt.wantCode)
			}
		})
	}
}
