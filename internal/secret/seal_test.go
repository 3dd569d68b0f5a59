package secret_test

import (
	"encoding/base64"
	"regexp"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/secret"
)

func TestSealOpen(t *testing.T) {
	k1, k2 := secret.GenerateKey(), secret.GenerateKey()
	old := mustKeyring(t, "k1:"+k1)
	rotated := mustKeyring(t, "k2:"+k2+",k1:"+k1)
	other := mustKeyring(t, "k1:"+k2) // same ID, different key

	sealed, err := old.Seal([]byte("sk-secret"), []byte("user:42"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^v1\.k1\.[A-Za-z0-9_-]+$`).MatchString(sealed) {
		t.Fatalf("sealed = %q, want v1.k1.<base64url>", sealed)
	}
	again, _ := old.Seal([]byte("sk-secret"), []byte("user:42"))
	if again == sealed {
		t.Fatal("two seals of the same value are equal: nonce reused")
	}

	tamper := func(s string) string {
		parts := strings.Split(s, ".")
		b, _ := base64.RawURLEncoding.DecodeString(parts[2])
		b[len(b)-1] ^= 1
		return parts[0] + "." + parts[1] + "." + base64.RawURLEncoding.EncodeToString(b)
	}
	tests := []struct {
		name     string
		ring     *secret.Keyring
		sealed   string
		ad       string
		wantCode string
	}{
		{"roundtrip", old, sealed, "user:42", ""},
		{"old key after rotation", rotated, sealed, "user:42", ""},
		{"wrong associated data", old, sealed, "user:43", "secret.open_failed"},
		{"no associated data", old, sealed, "", "secret.open_failed"},
		{"tampered", old, tamper(sealed), "user:42", "secret.open_failed"},
		{"same ID other key", other, sealed, "user:42", "secret.open_failed"},
		{"key dropped", mustKeyring(t, "k2:"+k2), sealed, "user:42", "secret.unknown_key"},
		{"empty", old, "", "user:42", "secret.malformed"},
		{"other version", old, "v2" + sealed[2:], "user:42", "secret.malformed"},
		{"bad base64", old, "v1.k1.***", "user:42", "secret.malformed"},
		{"extra field", old, sealed + ".x", "user:42", "secret.malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.ring.Open(tt.sealed, []byte(tt.ad))
			if tt.wantCode != "" {
				if fault.CodeOf(err) != tt.wantCode {
					t.Fatalf("err = %v, want %s", err, tt.wantCode)
				}
				return
			}
			if err != nil || string(got) != "sk-secret" {
				t.Fatalf("Open = %q, %v", got, err)
			}
		})
	}
}

func TestNeedsRotation(t *testing.T) {
	k1, k2 := secret.GenerateKey(), secret.GenerateKey()
	old := mustKeyring(t, "k1:"+k1)
	rotated := mustKeyring(t, "k2:"+k2+",k1:"+k1)
	s1, _ := old.Seal([]byte("x"), nil)
	s2, _ := rotated.Seal([]byte("x"), nil)

	tests := []struct {
		name   string
		ring   *secret.Keyring
		sealed string
		want   bool
	}{
		{"current key", old, s1, false},
		{"old key", rotated, s1, true},
		{"new seal", rotated, s2, false},
		{"garbage", rotated, "plain", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.ring.NeedsRotation(tt.sealed); got != tt.want {
				t.Fatalf("NeedsRotation = %v, want %v", got, tt.want)
			}
		})
	}
	if id, err := secret.KeyID(s2); err != nil || id != "k2" {
		t.Fatalf("KeyID = %q, %v", id, err)
	}
}
